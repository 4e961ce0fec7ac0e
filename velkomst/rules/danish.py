"""Danish education (danskuddannelse): which track to suggest, and what each
track holds.

The language school places the learner and records why; ``suggest_track``
only proposes a track with a reason the school can accept or overrule.
"""

from __future__ import annotations

DU1 = "DU1"
DU2 = "DU2"
DU3 = "DU3"
TRACKS = (DU1, DU2, DU3)

# Modules per track; each module ends with a module test.
MODULES = {DU1: 6, DU2: 6, DU3: 5}
# DU3 may add a 6th module that leads towards Studieprøven.
OPTIONAL_MODULES = {DU3: 1}

STUDIEPROEVEN = "Studieprøven"
# Final exams, held twice a year. Studieprøven comes after DU3's optional 6th module.
FINAL_EXAMS = {DU1: ("PD1",), DU2: ("PD2",), DU3: ("PD3", STUDIEPROEVEN)}

REASON_MEDIUM_OR_LONG_EDUCATION = "Has a medium or long education."
REASON_NOT_LATIN_ALPHABET = (
    " Not knowing the Latin alphabet does not by itself make a learner with a long education a DU1 learner."
)
REASON_CANNOT_READ_OWN_LANGUAGE = "Cannot read and write their own language."
REASON_NO_SCHOOLING = " Has little or no schooling."
REASON_SHORT_SCHOOLING = "Can read and write their own language and has a short schooling."
REASON_SHORT_SCHOOLING_YEARS = "Can read and write their own language and has {years} years of schooling."
REASON_LEARN_LATIN_ALPHABET = " Will need to learn the Latin alphabet."

NEGATIVE_YEARS = "Years of schooling cannot be negative"
UNKNOWN_TRACK = "Unknown Danish education track: {track}"

# Up to this many years counts as "little or no schooling" when describing a
# learner who cannot read and write; it does not change the track.
LITTLE_SCHOOLING_YEARS = 3


def suggest_track(
    *,
    years_of_schooling: int | None,
    literate_in_own_language: bool,
    knows_latin_alphabet: bool,
    has_medium_or_long_education: bool,
) -> tuple[str, str]:
    """Suggest DU1, DU2 or DU3 with the reason, in that order of checks:

    - medium or long education -> DU3, whatever the alphabet;
    - cannot read and write their own language -> DU1;
    - otherwise (short schooling) -> DU2.

    ``years_of_schooling`` may be None when unknown; it only goes into the reason.
    """
    if years_of_schooling is not None and years_of_schooling < 0:
        raise ValueError(NEGATIVE_YEARS)
    if has_medium_or_long_education:
        reason = REASON_MEDIUM_OR_LONG_EDUCATION
        if not knows_latin_alphabet:
            reason += REASON_NOT_LATIN_ALPHABET
        return DU3, reason
    if not literate_in_own_language:
        reason = REASON_CANNOT_READ_OWN_LANGUAGE
        if years_of_schooling is not None and years_of_schooling <= LITTLE_SCHOOLING_YEARS:
            reason += REASON_NO_SCHOOLING
        return DU1, reason
    if years_of_schooling is None:
        reason = REASON_SHORT_SCHOOLING
    else:
        reason = REASON_SHORT_SCHOOLING_YEARS.format(years=years_of_schooling)
    if not knows_latin_alphabet:
        reason += REASON_LEARN_LATIN_ALPHABET
    return DU2, reason


def module_count(track: str, *, with_optional_module: bool = False) -> int:
    """How many modules the track has (DU3: 5, or 6 towards Studieprøven)."""
    if track not in MODULES:
        raise ValueError(UNKNOWN_TRACK.format(track=track))
    return MODULES[track] + (OPTIONAL_MODULES.get(track, 0) if with_optional_module else 0)
