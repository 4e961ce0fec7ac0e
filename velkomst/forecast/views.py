from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from velkomst.accounts.permissions import require
from velkomst.forecast.forms import ForecastForm
from velkomst.forecast.inputs import forecast_inputs
from velkomst.forecast.simulation import CAPACITY_KINDS, Scenario, simulate_scenarios
from velkomst.lib import charts

WEEKS = 52


def kind_labels() -> dict[str, str]:
    return {"family_rooms": _("Empty rooms for families"), "shared_beds_F": _("Free shared beds, women"),
            "shared_beds_M": _("Free shared beds, men")}


def _scenarios(data, inputs) -> list[Scenario]:
    means = []
    if data["recent"]:
        means.append((_("Last 12 weeks: %(mean)s a week") % {"mean": f"{inputs.default_mean:.1f}".replace(".", ",")}, inputs.default_mean))
    means += [(_("%(mean)s a week") % {"mean": f"{m:g}".replace(".", ",")}, m) for m in data["arrivals"]]
    return [Scenario(name=name, weekly_arrivals_mean=mean, mix=inputs.mix, arrival_dispersion=data["dispersion"],
                     weekly_exit_rate=inputs.exit_rates) for name, mean in means]


def _present(result) -> dict:
    labels = kind_labels()
    rows = [row for row in result.to_rows() if row["week"] in (1, WEEKS) or row["week"] % 4 == 0]
    return {
        "result": result,
        "chart": mark_safe(charts.bands(
            result.weeks,
            [(labels[k], result.free_median(k).tolist(), result.free_p10(k).tolist(), result.free_p90(k).tolist()) for k in CAPACITY_KINDS],
            title=_("Free places, %(scenario)s") % {"scenario": result.scenario.name}, x_label=_("Week"),
            desc=_("Median free places per week for each kind of capacity, with the 10–90 % band. The table below holds the numbers."),
        )),
        "risk": [{"label": labels[k], "w10": result.first_week_at_risk(k, 0.1), "w50": result.first_week_at_risk(k, 0.5)} for k in CAPACITY_KINDS],
        "rows": [{"week": r["week"], "cells": [(r[f"{k}_median"], r[f"{k}_p10"], r[f"{k}_p90"], round(100 * r[f"{k}_run_out"]))
                                                for k in CAPACITY_KINDS]} for r in rows],
    }


@require("view_figures")
@require_GET
def forecast(request):
    """The capacity forecast for the next 52 weeks under the chosen scenarios, from today's housing and the recorded flows."""
    form = ForecastForm(request.GET or {"arrivals": "20 35 50", "recent": "on", "runs": 1000, "seed": 0, "dispersion": 0})
    if not form.is_valid():
        return render(request, "forecast/forecast.html", {"form": form, "labels": kind_labels()}, status=400)
    inputs = forecast_inputs(timezone.localdate(), WEEKS)
    data = form.cleaned_data
    results = simulate_scenarios(inputs.start, _scenarios(data, inputs), inputs.changes, weeks=WEEKS, runs=data["runs"], seed=data["seed"])
    return render(request, "forecast/forecast.html", {
        "form": form, "inputs": inputs, "labels": kind_labels(), "kinds": CAPACITY_KINDS,
        "scenarios": [_present(r) for r in results], "weeks": WEEKS,
        "changes": [(c, inputs.change_dates.get(i)) for i, c in enumerate(inputs.changes)],
    })
