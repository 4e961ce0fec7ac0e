"""The pure rules' findings in the interface language."""
from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from velkomst.programme.models import Activity, Weekday
from velkomst.rules import programme as rules


def _hours(value) -> str:
    """30.0 -> "30", 29.5 -> "29,5" (in Danish)."""
    value = round(float(value), 2)
    return number_format(int(value) if value.is_integer() else value, decimal_pos=None)


def _activity(kind: str) -> str:
    return str(Activity(kind).label)


def _date(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def finding_text(finding: rules.Finding) -> str:
    p = finding.params
    if finding.code == rules.UNDER_NORM:
        return _("The week has %(planned)s hours planned; the norm is %(norm)s hours.") % {
            "planned": _hours(p["planned"]), "norm": _hours(p["norm"])}
    if finding.code == rules.OVER_NORM:
        return _("The week has %(planned)s hours planned; at most %(limit)s hours are allowed.") % {
            "planned": _hours(p["planned"]), "limit": _hours(p["limit"])}
    if finding.code == rules.OVERLAP:
        first, second = p["first"], p["second"]
        return _("On %(weekday)s the %(first)s (%(first_time)s) overlaps the %(second)s (%(second_time)s).") % {
            "weekday": Weekday(p["weekday"]).label.lower(),
            "first": _activity(first.kind).lower(), "first_time": f"{first.start:%H:%M}–{first.end:%H:%M}",
            "second": _activity(second.kind).lower(), "second_time": f"{second.start:%H:%M}–{second.end:%H:%M}",
        }
    if finding.code == rules.PLACEMENT_TOO_LONG:
        return _("A %(kind)s may last at most %(limit)s here; this one ends on %(end)s, so it must end by %(latest_end)s "
                 "unless you give a reason to extend it.") % {
            "kind": _activity(p["kind"]).lower(), "limit": _limit(p), "end": _date(p["end"]), "latest_end": _date(p["latest_end"])}
    return finding.message


def _limit(params) -> str:
    n = params["amount"]
    if params["unit"] == rules.MONTHS:
        return ngettext("%(n)s month", "%(n)s months", n) % {"n": n}
    return ngettext("%(n)s week", "%(n)s weeks", n) % {"n": n}
