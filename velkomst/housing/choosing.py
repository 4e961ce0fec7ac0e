"""The room chooser: rooms that fit a household, grouped by location, searchable without JavaScript.

Reception's preparation page (a planned room) and a placement proposal (another room for one household) both list
rooms through here. Whether a room fits is decided elsewhere, once (`refusals.rooms_fit`, `engine.rules.rooms_fit`);
this module only filters, groups and counts the rows those checks produce.
"""
import re
from dataclasses import dataclass, field

from velkomst.lib.text import fold

LOCATIONS_PER_PAGE = 15


@dataclass(frozen=True)
class Choice:
    """One room as the chooser shows it. ``value``: what the form posts (a room id or a room code); ``reasons``: why
    the household may not move in, in the user's language (empty: it fits)."""
    value: str
    location: str
    number: str
    beds: int
    free: int
    accessible: bool
    reasons: tuple[str, ...] = ()

    @property
    def fits(self) -> bool:
        return not self.reasons

    @property
    def dom_id(self) -> str:
        """The radio button's id: ``room-`` and the value, "/" written as "--" (room codes are location/number)."""
        return "room-" + re.sub(r"[^\w-]", "_", self.value.replace("/", "--"))


@dataclass
class Group:
    location: str
    choices: list[Choice] = field(default_factory=list)

    @property
    def fitting(self) -> int:
        return sum(1 for c in self.choices if c.fits)

    @property
    def free_beds(self) -> int:
        return sum(c.free for c in self.choices if c.fits)


@dataclass(frozen=True)
class Chosen:
    groups: list[Group]
    fitting: int  # rooms that fit, within the search
    excluded: int  # rooms that do not fit, within the search


def choose(choices, *, text: str = "", show_all: bool = False) -> Chosen:
    """The choices matching ``text`` (words of the location's name or the room number, accents and case ignored),
    grouped by location in the given order; without ``show_all`` only the rooms that fit."""
    words = fold(text).split()
    groups: dict[str, Group] = {}
    fitting = excluded = 0
    for choice in choices:
        haystack = fold(f"{choice.location} {choice.number}")
        if any(word not in haystack for word in words):
            continue
        if choice.fits:
            fitting += 1
        else:
            excluded += 1
            if not show_all:
                continue
        groups.setdefault(choice.location, Group(location=choice.location)).choices.append(choice)
    return Chosen(groups=list(groups.values()), fitting=fitting, excluded=excluded)


def page_context(request, choices, *, keep: dict | None = None) -> dict:
    """The chooser's template context from the GET parameters: ``q`` (search), ``all`` (the rooms that do not fit too),
    ``page`` (locations, a page at a time); ``keep``: other parameters the search and the pages carry along."""
    from django.core.paginator import Paginator
    from django.http import QueryDict

    text = request.GET.get("q", "").strip()[:100]
    show_all = request.GET.get("all") == "1"
    chosen = choose(choices, text=text, show_all=show_all)
    query = QueryDict(mutable=True)
    query.update(keep or {})
    if text:
        query["q"] = text
    if show_all:
        query["all"] = "1"
    return {
        "chosen": chosen, "text": text, "show_all": show_all, "search_hidden": list((keep or {}).items()),
        "page": Paginator(chosen.groups, LOCATIONS_PER_PAGE).get_page(request.GET.get("page")), "query": query.urlencode(),
    }
