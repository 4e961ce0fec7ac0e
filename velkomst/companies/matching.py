"""Ranking candidates for a placement offer (pure Python, no Django).

Candidates are ranked by, in this order: whether they are available (in the
programme and not already in a placement), whether their sector class is the
offer's sector, whether their Danish reaches what the offer needs, and the
straight-line distance from where they live to the workplace.

Distance is approximate on purpose: housing locations get no coordinates of
their own; ``LOCATION_COORDINATES`` holds approximate coordinates of the
centre's named locations (matched on the location's code or name) and
``POSTCODE_COORDINATES`` the centre of each Copenhagen-area postcode (used
for a company's address, and for a location not in the first table).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# Fragments of the named locations (lower case, æ→ae, ø→oe, å→aa, no spaces) -> (latitude, longitude).
LOCATION_COORDINATES: dict[str, tuple[float, float]] = {
    "dorthea": (55.7045, 12.5235),
    "solterrass": (55.6560, 12.5200),
    "vesterbrogade107": (55.6717, 12.5440),
    "jeudan": (55.6300, 12.5800),
    "novydim": (55.6300, 12.5800),
    "refshalevej": (55.6920, 12.6100),
    "amagerstrandvej": (55.6600, 12.6300),
    "sjaellandsgade": (55.6930, 12.5500),
    "ottilia": (55.6620, 12.5060),
    "speditoer": (55.7100, 12.5950),
    "herberg": (55.6470, 12.5330),
    "lindgreen": (55.6410, 12.6140),
    "vasbygade": (55.6550, 12.5400),
    "stubmoelle": (55.6500, 12.5250),
    "lygten": (55.7040, 12.5390),
    "globetrotter": (55.6460, 12.6110),
    "nyrnberg": (55.6610, 12.6060),
    "ravnsborg": (55.6890, 12.5590),
    "strandlods": (55.6640, 12.6220),
    "abelcathrine": (55.6718, 12.5580),
    "hejrevej": (55.7060, 12.5270),
    "mercur": (55.6770, 12.5630),
}

# Approximate centres of postcodes; a range (first, last) covers the inner city's many numbers.
_POSTCODE_RANGES: list[tuple[int, int, tuple[float, float]]] = [
    (1000, 1499, (55.6790, 12.5780)),  # København K
    (1500, 1799, (55.6700, 12.5520)),  # København V
    (1800, 1999, (55.6790, 12.5330)),  # Frederiksberg C
    (2000, 2000, (55.6810, 12.5200)),  # Frederiksberg
    (2100, 2100, (55.7100, 12.5780)),  # København Ø
    (2150, 2150, (55.7140, 12.5950)),  # Nordhavn
    (2200, 2200, (55.6970, 12.5450)),  # København N
    (2300, 2300, (55.6570, 12.6050)),  # København S
    (2400, 2400, (55.7080, 12.5280)),  # København NV
    (2450, 2450, (55.6490, 12.5360)),  # København SV
    (2500, 2500, (55.6620, 12.5070)),  # Valby
    (2605, 2605, (55.6500, 12.4200)),  # Brøndby
    (2610, 2610, (55.6820, 12.4530)),  # Rødovre
    (2630, 2630, (55.6520, 12.3000)),  # Taastrup
    (2650, 2650, (55.6410, 12.4750)),  # Hvidovre
    (2700, 2700, (55.7050, 12.4900)),  # Brønshøj
    (2720, 2720, (55.6870, 12.4900)),  # Vanløse
    (2750, 2750, (55.7310, 12.3630)),  # Ballerup
    (2770, 2770, (55.6370, 12.6300)),  # Kastrup
    (2791, 2791, (55.5930, 12.6700)),  # Dragør
    (2800, 2800, (55.7700, 12.5050)),  # Kongens Lyngby
    (2860, 2860, (55.7330, 12.5100)),  # Søborg
    (2900, 2900, (55.7300, 12.5700)),  # Hellerup
]
POSTCODE_COORDINATES = {f"{first}-{last}": point for first, last, point in _POSTCODE_RANGES}

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
_POSTCODE = re.compile(r"\b([1-9]\d{3})\b")


def _folded(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower().translate(_FOLD))


def postcode_coordinates(address: str) -> tuple[float, float] | None:
    """The approximate centre of the last four-digit postcode in an address."""
    codes = _POSTCODE.findall(address or "")
    if not codes:
        return None
    code = int(codes[-1])
    return next((point for first, last, point in _POSTCODE_RANGES if first <= code <= last), None)


def location_coordinates(code: str, name: str = "", address: str = "") -> tuple[float, float] | None:
    """Approximate coordinates of a housing location: by its code or name, else by its postcode."""
    keys = (_folded(code), _folded(name))
    for fragment, point in LOCATION_COORDINATES.items():
        if any(fragment in key for key in keys if key):
            return point
    return postcode_coordinates(address)


def distance_km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    """Straight-line (great-circle) distance in kilometres, or None when a point is unknown."""
    if a is None or b is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class Candidate:
    case_id: int
    sector: int | None  # the sector of the citizen's sector class, 1–3
    danish_modules: int  # modules passed in Danish education
    available: bool
    home: tuple[float, float] | None


@dataclass(frozen=True)
class OfferNeeds:
    sector: int | None
    danish_modules: int
    workplace: tuple[float, float] | None


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    sector_match: bool
    danish_ok: bool
    distance_km: float | None
    reasons: tuple[str, ...] = field(default=())


def rank(offer: OfferNeeds, candidates: Iterable[Candidate]) -> list[Ranked]:
    """Candidates best first; ties broken by case id so the order is stable."""
    ranked = []
    for candidate in candidates:
        sector_match = offer.sector is not None and candidate.sector == offer.sector
        danish_ok = candidate.danish_modules >= offer.danish_modules
        distance = distance_km(candidate.home, offer.workplace)
        reasons = tuple(
            code
            for code, yes in (
                ("available", candidate.available),
                ("sector", sector_match),
                ("danish", danish_ok),
            )
            if yes
        )
        ranked.append(Ranked(candidate, sector_match, danish_ok, distance, reasons))
    return sorted(
        ranked,
        key=lambda r: (
            not r.candidate.available,
            not r.sector_match,
            not r.danish_ok,
            r.distance_km if r.distance_km is not None else math.inf,
            r.candidate.case_id,
        ),
    )


# --- the filters of the matching page and why a candidate is left out ------------------------------

NOT_IN_PROGRAMME = "not_in_programme"
NOT_AVAILABLE = "not_available"
OTHER_SECTOR = "other_sector"
NO_SECTOR_CLASS = "no_sector_class"
TOO_LITTLE_DANISH = "too_little_danish"
TOO_FAR = "too_far"
DISTANCE_UNKNOWN = "distance_unknown"


@dataclass(frozen=True)
class Filters:
    """What the consultant asks for. The defaults show the available participants with enough Danish, any sector,
    any distance; every candidate a filter leaves out can still be looked up by name or case number, with the reason."""

    available_only: bool = True
    enough_danish: bool = True
    same_sector: bool = False
    max_km: float | None = None


def left_out_by(ranked: Ranked, filters: Filters, *, in_programme: bool = True) -> tuple[str, ...]:
    """The reasons (codes above) the filters leave a ranked candidate out; empty when the candidate fits."""
    reasons = []
    if not in_programme:
        reasons.append(NOT_IN_PROGRAMME)
    elif filters.available_only and not ranked.candidate.available:
        reasons.append(NOT_AVAILABLE)
    if filters.same_sector and not ranked.sector_match:
        reasons.append(OTHER_SECTOR if ranked.candidate.sector else NO_SECTOR_CLASS)
    if filters.enough_danish and not ranked.danish_ok:
        reasons.append(TOO_LITTLE_DANISH)
    if filters.max_km is not None:
        if ranked.distance_km is None:
            reasons.append(DISTANCE_UNKNOWN)
        elif ranked.distance_km > filters.max_km:
            reasons.append(TOO_FAR)
    return tuple(reasons)
