"""The forecast as the page shows it: the simulation's results turned into tables, charts and sentences, and rendered
as the page's result part (`forecast/_result.html`). The background job (`services.forecast_run`) renders it in the
language of whoever asked; the page shows the stored HTML."""
from dataclasses import replace
from datetime import date

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from velkomst.forecast import backtest as bt
from velkomst.forecast.forms import WEEKS
from velkomst.forecast.inputs import backtest, forecast_inputs, location_choices
from velkomst.forecast.plan import CLOSING, GENERAL, RECEPTION, RESERVED, ScenarioSpec, run_forecast
from velkomst.forecast.simulation import ARRIVAL_KINDS, CAPACITY_KINDS
from velkomst.formats import date_text
from velkomst.lib import charts

# The job's steps: English source sentences, translated by the job's page.
STEP_READING = gettext_noop("Reading today's rooms and the recorded flows")
STEP_SIMULATING = gettext_noop("Simulating the next 52 weeks")
STEP_BACKTEST = gettext_noop("Checking the forecast against what happened (back-test)")

TABLE_METRICS = ("empty_rooms", "shared_beds_F", "shared_beds_M", "free_beds", "persons")


def metric_labels() -> dict[str, str]:
    return {"empty_rooms": _("Empty rooms"), "empty_beds": _("Beds in empty rooms"), "shared_beds_F": _("Free shared beds, women"),
            "shared_beds_M": _("Free shared beds, men"), "free_beds": _("Free beds in all"), "persons": _("Persons housed"),
            "unmet_persons": _("Persons without a place")}


def kind_labels() -> dict[str, str]:
    return {"family": _("Families"), "single_F": _("Single women"), "single_M": _("Single men")}


def pool_label(key: str, location_names: dict[int, str]) -> str:
    if key == GENERAL:
        return _("Other locations and flats")
    if key == RECEPTION:
        return _("Reception locations (food distribution)")
    if key == RESERVED + "vulnerable":
        return _("Reserved for vulnerable residents")
    if key == RESERVED + "patient":
        return _("Reserved for patients")
    if key.startswith(CLOSING):
        return _("%(name)s (closing)") % {"name": location_names.get(int(key.removeprefix(CLOSING)), "")}
    return key


def _describe(spec: ScenarioSpec, names: dict[int, str]) -> str:
    """A scenario's name from what the manager set, e.g. "140 beds open in week 6; arrivals × 2 for 8 weeks"."""
    parts = []
    if spec.open_beds:
        parts.append(_("%(beds)s beds open in week %(week)s") % {"beds": spec.open_beds, "week": spec.open_week})
    if spec.close_location is not None:
        parts.append(_("%(name)s closes on %(date)s") % {"name": names.get(spec.close_location, ""), "date": date_text(spec.close_on)})
    if spec.factor_weeks and spec.factor != 1:
        parts.append(_("arrivals × %(k)s for %(n)s weeks from week %(w)s") % {
            "k": f"{spec.factor:g}".replace(".", ","), "n": spec.factor_weeks, "w": spec.factor_from})
    if spec.weekly_mean is not None:
        parts.append(_("%(mean)s households a week") % {"mean": f"{spec.weekly_mean:g}".replace(".", ",")})
    return "; ".join(parts)


def _present(run, labels: dict[str, str], names: dict[int, str], base=None) -> dict:
    result = run.result
    own = [(c, on) for c, on in run.changes if base is None or c not in [bc for bc, _on in base.changes]]
    rows = []
    for w in range(result.weeks):
        if w + 1 in (1, result.weeks) or (w + 1) % 4 == 0:
            cells = [tuple(int(x[w]) for x in (result.median(m), result.p10(m), result.p90(m))) for m in TABLE_METRICS]
            rows.append({"week": w + 1, "cells": cells, "unmet": int(result.median("unmet_persons")[w]),
                         "unmet_households": int(result.median("unmet_households")[w]),
                         "risk": [round(100 * result.run_out_probability(k)[w]) for k in ARRIVAL_KINDS]})
    pools = []
    for pool in run.start.pools:
        pools.append({"label": pool_label(pool.name, names), "rooms": pool.rooms(), "beds": pool.beds(), "empty": pool.empty_rooms(),
                      "shared_F": pool.shared_free_beds("F"), "shared_M": pool.shared_free_beds("M"),
                      "families": pool.households("family"), "singles": pool.households("single_F") + pool.households("single_M"),
                      "persons": pool.persons(), "closes": pool.closes_in_week})
    return {
        "name": run.spec.name,
        "result": result,
        "chart": mark_safe(charts.bands(
            result.weeks,
            [(labels[k], result.median(k).tolist(), result.p10(k).tolist(), result.p90(k).tolist()) for k in CAPACITY_KINDS],
            title=_("Free capacity, %(scenario)s") % {"scenario": run.spec.name}, x_label=_("Week"),
            desc=_("Median empty rooms and free shared beds for women and for men per week, with the 10–90 % band. The table below holds the numbers."),
        )),
        "risk": [{"label": label, "w10": result.first_week_at_risk(k, 0.1), "w50": result.first_week_at_risk(k, 0.5)}
                 for k, label in kind_labels().items()],
        "rows": rows,
        "pools": pools,
        "changes": [{"week": c.week, "on": on, "pool": pool_label(c.pool, names), "rooms": sum(c.rooms.values()), "beds": c.beds(),
                     "note": c.note} for c, on in own],
    }


def _present_backtest(origins, labels: dict[str, str]) -> dict:
    out = []
    for origin in origins:
        kinds = []
        for kind in bt.KINDS + bt.ALSO:
            r = origin.kinds[kind]
            weeks = r.weeks
            chart = charts.bands(
                len(weeks),
                [(_("Forecast"), [w.median for w in weeks], [w.p10 for w in weeks], [w.p90 for w in weeks]),
                 (_("Actual"), [w.actual for w in weeks], [w.actual for w in weeks], [w.actual for w in weeks])],
                title=_("%(kind)s, forecast of %(date)s and what happened") % {"kind": labels[kind], "date": date_text(origin.day)},
                x_label=_("Week"), desc=_("The forecast's median with its 10–90 % band, and the actual number each week. The table below holds the numbers."),
                width=480, height=240,
            ) if kind in bt.KINDS else ""
            kinds.append({"kind": kind, "label": labels[kind], "inside": r.inside, "weeks": len(weeks), "share": round(100 * r.share_inside),
                          "mae": r.median_absolute_error, "counted": kind in bt.KINDS, "chart": mark_safe(chart)})
        table = [{"week": i + 1, "day": origin.kinds[bt.KINDS[0]].weeks[i].day,
                  "cells": [(origin.kinds[k].weeks[i].actual, origin.kinds[k].weeks[i].median, origin.kinds[k].weeks[i].p10,
                             origin.kinds[k].weeks[i].p90, origin.kinds[k].weeks[i].inside) for k in bt.KINDS]}
                 for i in range(len(origin.kinds[bt.KINDS[0]].weeks))]
        out.append({"day": origin.day, "weeks_back": origin.weeks_back, "kinds": kinds, "table": table})
    pooled = []
    verdict = bt.verdict(origins)
    for kind in bt.KINDS + bt.ALSO:
        inside, weeks, mae = bt.pooled(origins, kind)
        pooled.append({"label": labels[kind], "inside": inside, "weeks": weeks, "share": round(100 * inside / weeks) if weeks else 0,
                       "mae": mae, "ok": verdict.get(kind)})
    return {"origins": out, "pooled": pooled, "target": round(100 * bt.TARGET)}


def result_html(*, as_of: date, what_if: ScenarioSpec | None, runs: int, seed: int, with_backtest: bool, progress=None) -> str:
    """The forecast from the housing and flows on ``as_of``: the base, and the "what if" beside it when one is asked;
    the back-test on request. ``progress(percent, step)``: told before each long part."""
    names = dict(location_choices())
    labels = metric_labels()
    progress = progress or (lambda percent, step: None)
    progress(5, STEP_READING)
    inputs = forecast_inputs(as_of, WEEKS, today=as_of)
    specs = [ScenarioSpec(_("Base: the recorded flows"))]
    if what_if is not None:
        specs.append(replace(what_if, name=what_if.name or _describe(what_if, names)))
    progress(20, STEP_SIMULATING)
    forecasts = run_forecast(inputs, specs, weeks=WEEKS, runs=runs, seed=seed)
    context = {
        "labels": labels, "kinds": TABLE_METRICS, "kind_labels": kind_labels(), "weeks": WEEKS, "inputs": inputs,
        "scenarios": [_present(r, labels, names, None if i == 0 else forecasts[0]) for i, r in enumerate(forecasts)],
        "mix": [(kind_labels()[k], inputs.mix_counts.get(k, 0), round(100 * inputs.mix.get(k, 0))) for k in ARRIVAL_KINDS],
        "exits": [(kind_labels()[k], inputs.exits[k], round(inputs.household_weeks[k]), f"{100 * inputs.exit_rates[k]:.2f}".replace(".", ","))
                  for k in ARRIVAL_KINDS],
        "sizes": [(size, n) for size, n in inputs.family_size_counts.items()],
        "open_share": round(100 * inputs.single_open_share), "take_up": round(100 * inputs.take_up),
    }
    if with_backtest:
        progress(50, STEP_BACKTEST)
        context["backtest"] = _present_backtest(backtest(as_of, runs=runs, seed=seed), labels)
    return render_to_string("forecast/_result.html", context)
