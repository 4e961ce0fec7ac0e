from datetime import date, datetime

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from velkomst.accounts.permissions import require
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_persons
from velkomst.formats import date_text
from velkomst.lib import charts
from velkomst.reports import exports, figures, selectors, services
from velkomst.reports.forms import AsOfForm, FigureForm

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
DEFAULT_FIGURE = "ukrainians_living_in_municipality"


def _download(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _charts(d: figures.Dashboard) -> dict[str, str]:
    women, men = _("Women"), _("Men")
    return {name: mark_safe(svg) for name, svg in {
        "age_gender": charts.hbars(
            [(a["band"], [a["F"], a["M"]]) for a in d.age_gender][::-1], [women, men], label_width=70,
            title=_("Displaced Ukrainians living here by age and gender"), desc=_("Bars per age band: women and men. The table below holds the numbers.")),
        "occupancy": charts.hbars(
            [(o.name, [round(o.share * 100, 1)]) for o in d.occupancy], [_("Occupied share of usable beds")], max_value=100, unit=" %",
            title=_("Occupancy by location"), desc=_("Per location, the share of usable beds (blocked left out) with a resident. The table below holds the numbers.")),
        "referrals": charts.columns(
            [(str(w["week"]), [w["ukrainian"], w["refugee"], w["other"]]) for w in d.referrals],
            [_("Displaced Ukrainians"), _("Refugees"), _("Other groups")], label_every=2,
            title=_("Referrals per week"), desc=_("Persons referred per week (week number), stacked by population. The table below holds the numbers.")),
        "durations": charts.hbars(
            [(x.label, [x.median or 0]) for x in d.durations], [_("Median days")], label_width=210,
            title=_("Journey durations"), desc=_("Median days for each step of the journey. The table below holds the numbers.")),
        "moves": charts.columns(
            [(m["month"].strftime("%m.%y"), [m["persons"]]) for m in d.moves], [_("Persons")],
            title=_("Moves to permanent housing per month"), desc=_("Persons moving from temporary housing to a permanent home, per month. The table below holds the numbers.")),
    }.items()}


@require("view_figures")
@require_GET
def dashboard(request):
    today = timezone.localdate()
    form = AsOfForm(request.GET or None, today=today)
    if request.GET and not form.is_valid():
        return render(request, "reports/dashboard.html", {"form": form}, status=400)
    as_of = form.cleaned_data["as_of"] if request.GET else today
    # The page's own polls (while newer figures are computed) only read: they end when the refresh is stored.
    shown = services.figures_shown(as_of, now=timezone.now(), refresh="poll" not in request.GET)
    d = shown.dashboard
    return render(request, "reports/dashboard.html#body" if request.htmx else "reports/dashboard.html", {
        "form": form, "d": d, "as_of": as_of, "charts": _charts(d), "query": f"as_of={as_of.isoformat()}", "shown": shown,
        "occupancy_total": figures.OccupancyLine(None, "", "", beds=sum(o.beds for o in d.occupancy),
                                                 blocked=sum(o.blocked for o in d.occupancy), occupied=sum(o.occupied for o in d.occupancy)),
    })


@require("view_figures")
@require_GET
def dashboard_export(request, fmt: str):
    today = timezone.localdate()
    form = AsOfForm(request.GET or None, today=today)
    if request.GET and not form.is_valid():
        return render(request, "reports/dashboard.html", {"form": form}, status=400)
    as_of = form.cleaned_data["as_of"] if request.GET else today
    # The page's fresh snapshot when there is one: the same numbers as the page, and 2 s less at ten times Copenhagen.
    tables = exports.dashboard_tables(services.figures_current(as_of, now=timezone.now()))
    content = exports.xlsx(tables, title=_("Figures") + " " + date_text(as_of)) if fmt == "xlsx" else exports.csv_bytes(tables[0])
    exports.export_log(user=request.user, report="dashboard", as_of=as_of, fmt=fmt, rows=len(tables[0][2]))
    return _download(content, fmt, f"noegletal-{as_of.isoformat()}")


def _figure_form(request) -> FigureForm:
    today = timezone.localdate()
    return FigureForm(request.GET if request.GET else {"figure": DEFAULT_FIGURE, "as_of": today.isoformat()}, today=today)


def _figure_base(level: str, as_of: date) -> tuple[list[figures.CaseRow], datetime | None]:
    """The rows a figure is drawn from, and when they were counted (None: now). A list of persons reads the cases one
    by one; a count, a share and the anonymous breakdown the dashboard's groups of cases (`services.figure_groups`)."""
    if level == "persons":
        return figures.case_rows(as_of), None
    return services.figure_groups(as_of, now=timezone.now())


@require("view_figures")
@require_GET
def figure_detail(request):
    """The list behind one figure: persons, an anonymous breakdown or the count alone, as the role allows."""
    form = _figure_form(request)
    if not form.is_valid():
        return render(request, "reports/figure.html", {"form": form}, status=400)
    key, as_of = form.cleaned_data["figure"], form.cleaned_data["as_of"]
    level = selectors.level_for(request.user, key)
    every, computed_at = _figure_base(level, as_of)
    rows = selectors.figure_rows(key=key, as_of=as_of, rows=every)
    label, definition, _kind = figures.DEFINITIONS[key]
    context = {"form": form, "key": key, "label": label, "definition": definition, "as_of": as_of, "level": level,
               "count": sum(row.weight for row in rows), "computed_at": computed_at,
               "query": f"figure={key}&as_of={as_of.isoformat()}", "small": selectors.SMALL_CELL, "value": figures.count_figures(every, as_of)[key] if key in figures.SHARE_KEYS else None}
    if level == "persons":
        context["page"] = selectors.figure_cases(user=request.user, key=key, as_of=as_of, rows=rows, page=request.GET.get("page"))
    elif level == "breakdown":
        context["breakdown"] = selectors.breakdown(rows, as_of)
    return render(request, "reports/figure.html", context)


@require("view_figures")
@require_GET
def figure_export(request, fmt: str):
    form = _figure_form(request)
    if not form.is_valid():
        return render(request, "reports/figure.html", {"form": form}, status=400)
    key, as_of = form.cleaned_data["figure"], form.cleaned_data["as_of"]
    level = selectors.level_for(request.user, key)
    rows = selectors.figure_rows(key=key, as_of=as_of, rows=_figure_base(level, as_of)[0])
    label = str(figures.DEFINITIONS[key][0])
    if level == "persons":
        people = selectors.all_figure_cases(user=request.user, rows=rows)
        table = (label, [_("Name"), _("Case number"), _("Target group"), _("Status on the date")],
                 [[p["name"], p["case_number"], p["target_group"], p["status"]] for p in people])
    elif level == "breakdown":
        table = (label, [_("Breakdown"), _("Group"), _("Persons")],
                 [[title, cell.label, cell.shown if cell.count < selectors.SMALL_CELL else cell.count]
                  for title, cells in selectors.breakdown(rows, as_of) for cell in cells])
    else:
        table = (label, [_("Figure"), _("Persons")], [[label, sum(row.weight for row in rows)]])
    content = exports.xlsx([table], title=f"{label} {date_text(as_of)}") if fmt == "xlsx" else exports.csv_bytes(table)
    exports.export_log(user=request.user, report="figure", figure=key, as_of=as_of, fmt=fmt, rows=len(table[2]))
    if level == "persons":
        access_log_persons(user=request.user, persons=[p["person_id"] for p in people], what="figure export", action=AccessLog.Action.EXPORT)
    return _download(content, fmt, f"{key}-{as_of.isoformat()}")
