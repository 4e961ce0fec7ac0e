"""The dashboard and the list behind a figure as a spreadsheet (XLSX) and as CSV (semicolons, UTF-8 with BOM for Danish Excel).

Headers follow the user's language (Danish by default). Every export is written to the access log.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils.translation import gettext as _

from velkomst import spreadsheets
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write
from velkomst.reports.figures import Dashboard

Table = tuple[str, list[str], list[list]]  # sheet title, headers, rows


def export_log(*, user, report: str, as_of: date, fmt: str, figure: str = "", rows: int = 0) -> None:
    access_log_write(user=user, action=AccessLog.Action.EXPORT, criteria={
        "report": report, "figure": figure, "as_of": as_of.isoformat(), "format": fmt, "rows": rows,
    })


def dashboard_tables(d: Dashboard) -> list[Table]:
    figures = [[f.label, f.key, round(f.value, 4) if f.is_share else int(f.value), f.definition] for f in d.figures]
    figures.append([_("Referrals per week, mean of the last 12 complete weeks"), "referrals_per_week", d.referral_mean, ""])
    return [
        (_("Figures"), [_("Figure"), _("Key"), _("Value"), _("Definition")], figures),
        (_("Age and gender"), [_("Age"), _("Women"), _("Men"), _("Other (X)")], [[a["band"], a["F"], a["M"], a["X"]] for a in d.age_gender]),
        (_("Occupancy"), [_("Location"), _("Beds"), _("Blocked beds"), _("Residents"), _("Occupancy")],
         [[o.name, o.beds, o.blocked, o.occupied, o.share] for o in d.occupancy]),
        (_("Referrals per week"), [_("Week starting"), _("Displaced Ukrainians"), _("Refugees"), _("Other groups"), _("Total")],
         [[w["monday"], w["ukrainian"], w["refugee"], w["other"], w["total"]] for w in d.referrals]),
        (_("Journey durations"), [_("Step"), _("Median days"), _("Cases"), _("Source")],
         [[x.label, x.median, x.count, x.source_text] for x in d.durations]),
        (_("Moves to permanent housing"), [_("Month"), _("Households"), _("Persons")],
         [[m["month"], m["households"], m["persons"]] for m in d.moves]),
    ]


def xlsx(tables: Sequence[Table], *, title: str) -> bytes:
    return spreadsheets.xlsx_bytes([spreadsheets.Sheet(name, headers, rows) for name, headers, rows in tables], title=title)


def csv_bytes(table: Table) -> bytes:
    _name, headers, rows = table
    return spreadsheets.csv_bytes(headers, rows)
