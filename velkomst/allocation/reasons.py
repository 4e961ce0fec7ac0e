"""The engine's reason codes in the active language (the CLI prints the engine's own English sentences)."""
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from velkomst.engine import explain
from velkomst.engine import rules as engine_rules

RULE_WORDS = {
    engine_rules.CAPACITY: lambda: _("with more beds"),
    engine_rules.FAMILY_OWN_ROOM: lambda: _("if the family could share"),
    engine_rules.FAMILY_ROOM_CLOSED: lambda: _("if a family's room could be shared"),
    engine_rules.OWN_ROOM_NEEDED: lambda: _("if the household could share"),
    engine_rules.ROOM_HELD_FOR_OWN_NEED: lambda: _("if a room held for a health need could be shared"),
    engine_rules.MIXED_GENDER: lambda: _("if the room could hold another gender"),
    engine_rules.PETS: lambda: _("without the pet"),
    engine_rules.ACCESSIBILITY: lambda: _("without step-free access"),
    engine_rules.POPULATION: lambda: _("at a location for the other target group"),
    engine_rules.RESERVED: lambda: _("at a target-group-specific location"),
    engine_rules.FOOD: lambda: _("without food distribution"),
}
POPULATION_WORDS = {"ukrainian": lambda: _("displaced Ukrainians"), "refugee": lambda: _("refugees")}
GENDER_WORDS = {"F": lambda: _("a woman"), "M": lambda: _("a man"), "X": lambda: _("a person of gender X")}


def missing_text(params: dict) -> str:
    """ "There is no free bed for a woman (with food distribution) at a location for displaced Ukrainians." """
    needs = params.get("needs", {})
    persons = params.get("persons", 1)
    if params.get("own_room", params.get("family")):
        what = ngettext("There is no free room of its own for %(n)d person", "There is no free room of its own for %(n)d persons",
                        persons) % {"n": persons}
    else:
        what = _("There is no free bed for %(who)s") % {"who": GENDER_WORDS.get(params.get("gender"), GENDER_WORDS["X"])()}
    conditions = []
    if needs.get("accessible"):
        conditions.append(_("step-free"))
    if needs.get("food_distribution"):
        conditions.append(_("with food distribution"))
    if needs.get("pets"):
        conditions.append(_("where pets are allowed"))
    population = POPULATION_WORDS.get(needs.get("population"), lambda: "")()
    text = what + (" (" + ", ".join(conditions) + ")" if conditions else "")
    if population:
        text += " " + _("at a location for %(population)s") % {"population": population}
    return text + "."


def reason_text(code: str, params: dict) -> str:
    if code == explain.NO_FREE_ROOM:
        parts = [missing_text(params)]
        for rule, count in params.get("would_fit_without", {}).items():
            words = RULE_WORDS.get(rule, lambda: rule)()
            parts.append(ngettext("%(n)d room would fit %(how)s.", "%(n)d rooms would fit %(how)s.", count) % {"n": count, "how": words})
        taken = params.get("taken_by_plan", 0)
        if taken:
            parts.append(ngettext("%(n)d room that fits went to other households in this plan.",
                                  "%(n)d rooms that fit went to other households in this plan.", taken) % {"n": taken})
        if len(parts) == 1:
            parts.append(_("More capacity of this kind is needed."))
        return " ".join(parts)
    if code == explain.FITS_BUT_NOT_PLACED:
        n = params.get("rooms_that_fit", 0)
        return ngettext("%(n)d room would still fit; propose again with more time.",
                        "%(n)d rooms would still fit; propose again with more time.", n) % {"n": n}
    return code


BREAKDOWN_LABELS = {
    "unplaced_persons": lambda: _("persons not placed"),
    "lost_beds": lambda: _("beds left empty in family rooms"),
    "opened_rooms": lambda: _("empty rooms taken into use"),
    "age_spread": lambda: _("age spread in shared rooms (years over 10)"),
    "category_misses": lambda: _("vulnerable residents or patients outside their locations"),
    "single_room_empty_beds": lambda: _("beds left empty in newly opened shared rooms"),
}


def breakdown_rows(breakdown: dict) -> list[tuple[str, int]]:
    return [(label(), breakdown.get(key, 0)) for key, label in BREAKDOWN_LABELS.items()]
