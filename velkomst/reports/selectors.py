"""The list behind a figure, shown as much as the role may see.

Three levels, decided per figure and role:

* ``persons``: name, case number, target group and status on the date. Only for roles that may open
  person records (`view_person`), within their person scope; for a sensitive figure (health,
  vulnerability, work obligation) only with `view_sensitive` too. Never a sensitive field itself.
* ``breakdown``: anonymous counts by target group, status, gender, age band and housing, with
  cells below SMALL_CELL shown as "< 3" so that no one is singled out.
* ``count``: the number only. Managers get this for the sensitive figures.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from velkomst.accounts import roles
from velkomst.accounts.permissions import can
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_persons, access_log_write
from velkomst.people.models import Case, CaseStatus, TargetGroup
from velkomst.people.selectors import persons_visible_to
from velkomst.reports import figures

SMALL_CELL = 3
PAGE_SIZE = 100
AGE_BANDS = {"0_15": gettext_lazy("0–15 years"), "16_66": gettext_lazy("16–66 years"), "67_plus": gettext_lazy("67 years and over")}
GENDERS = {"F": gettext_lazy("Women"), "M": gettext_lazy("Men"), "X": gettext_lazy("Other (X)")}


def level_for(user, key: str) -> str:
    """How much of the list behind the figure the user may see: "persons", "breakdown" or "count"."""
    sensitive = key in figures.SENSITIVE_KEYS
    if can(user, "view_person") and (not sensitive or can(user, "view_sensitive")):
        return "persons"
    return "count" if sensitive else "breakdown"


def figure_rows(*, key: str, as_of: date, rows: list[figures.CaseRow] | None = None) -> list[figures.CaseRow]:
    """The rows behind the figure (all cases' rows may be passed in when the caller has them already)."""
    selected = figures.members(key, as_of)
    return [row for row in (figures.case_rows(as_of) if rows is None else rows) if selected(row)]


@dataclass(frozen=True)
class Cell:
    label: str
    count: int

    @property
    def shown(self) -> str:
        """The count as a manager may see it: small cells hidden."""
        return f"< {SMALL_CELL}" if 0 < self.count < SMALL_CELL else f"{self.count:,}".replace(",", ".")


def breakdown(rows: list[figures.CaseRow], as_of: date) -> list[tuple[str, list[Cell]]]:
    """Anonymous counts of the rows (by their weight: a row may stand for a group of cases) along five dimensions.
    Counted by the rows' codes, then labelled: a label is a lazy translation, and turning one into text for each of
    ~50,000 rows at ten times Copenhagen took 3 s."""
    groups = dict(TargetGroup.choices)
    statuses = dict(CaseStatus.choices)
    housed = {True: _("In temporary housing"), False: _("Not in temporary housing")}
    dims = [
        (_("Target group"), _weighed(rows, lambda r: r.target_group), lambda code: groups.get(code, code)),
        (_("Status on the date"), _weighed(rows, lambda r: r.status), lambda code: statuses.get(code, "–")),
        (_("Gender"), _weighed(rows, lambda r: r.gender), lambda code: GENDERS.get(code, code)),
        (_("Age on the date"), _weighed(rows, lambda r: figures._age_band(r.birth_date, as_of)), lambda band: AGE_BANDS[band]),
        (_("Temporary housing on the date"), _weighed(rows, lambda r: bool(r.housed)), housed.get),
    ]
    labelled = []
    for title, by_code, label_of in dims:
        by_label = Counter()
        for code, n in by_code.items():
            by_label[str(label_of(code))] += n
        # Largest first; equal counts by label, so the order does not depend on the order of the rows.
        labelled.append((title, [Cell(label, n) for label, n in sorted(by_label.items(), key=lambda item: (-item[1], item[0]))]))
    return labelled


def _weighed(rows: list[figures.CaseRow], code_of) -> Counter:
    counts: Counter = Counter()
    for row in rows:
        counts[code_of(row)] += row.weight
    return counts


def figure_cases(*, user, key: str, as_of: date, rows: list[figures.CaseRow], page: int | str | None = 1) -> Page:
    """One page of the cases behind a figure that the user may open, with their persons; the listing is logged.

    Paged in Python over the rows' case ids (ordered by case id), so each page costs one query at any size.
    """
    if roles.PERSON_SCOPE.get(user.role, "none") != "all":
        visible = set(persons_visible_to(user).values_list("pk", flat=True))
        rows = [r for r in rows if r.person_id in visible]
    status_of = {r.case_id: r.status for r in rows}
    paginator = Paginator([r.case_id for r in rows], PAGE_SIZE)
    current = paginator.get_page(page)
    cases = Case.objects.filter(pk__in=list(current.object_list)).select_related("person").order_by("pk")
    statuses = dict(CaseStatus.choices)
    current.object_list = [
        {"case": case, "person": case.person, "status_then": statuses.get(status_of[case.pk], "–")} for case in cases
    ]
    access_log_write(user=user, action=AccessLog.Action.SEARCH, criteria={
        "report": "figure", "figure": key, "as_of": as_of.isoformat(), "results": paginator.count, "page": current.number,
    })
    access_log_persons(user=user, persons=[row["person"] for row in current.object_list], what="figure list")
    return current


def all_figure_cases(*, user, rows: list[figures.CaseRow]) -> list[dict]:
    """Every case behind a figure that the user may open (for an export), in batches of one query per thousand."""
    if roles.PERSON_SCOPE.get(user.role, "none") != "all":
        visible = set(persons_visible_to(user).values_list("pk", flat=True))
        rows = [r for r in rows if r.person_id in visible]
    status_of = {r.case_id: r.status for r in rows}
    ids = [r.case_id for r in rows]
    statuses = dict(CaseStatus.choices)
    groups = dict(TargetGroup.choices)
    out = []
    for start in range(0, len(ids), 1000):
        for case in Case.objects.filter(pk__in=ids[start:start + 1000]).select_related("person").order_by("pk"):
            out.append({
                "person_id": case.person_id, "name": case.person.full_name, "case_number": case.number, "target_group": str(groups.get(case.target_group, "")),
                "status": str(statuses.get(status_of[case.pk], "–")),
            })
    return out
