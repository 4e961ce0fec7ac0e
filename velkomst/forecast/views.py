from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from velkomst.accounts.permissions import require
from velkomst.forecast import services
from velkomst.forecast.forms import ForecastForm
from velkomst.forecast.inputs import location_choices
from velkomst.forecast.models import ForecastResult


@require("view_figures")
@require_GET
def forecast(request):
    """The capacity forecast for the next 52 weeks from today's housing and the recorded flows, with a manager's
    "what if" beside it, and on request the back-test. Computed by a background job (`services` says why): the
    settings' forecast of today when it is there, else the job computing it (started here when none is)."""
    today = timezone.localdate()
    form = ForecastForm(request.GET or None, locations=location_choices(), today=today)
    if request.GET and not form.is_valid():
        return render(request, "forecast/forecast.html", {"form": form}, status=400)
    params = form.params() if form.is_bound else ForecastForm.default_params()
    stored = services.forecast_stored(services.forecast_key(as_of=today, params=params))
    if stored is not None:
        return render(request, "forecast/forecast.html", {"form": form, "result": stored})
    return redirect("job", services.forecast_job_for(by=request.user, params=params, as_of=today).pk)


@require("view_figures")
@require_GET
def result(request, result_id):
    """A forecast as its job computed it, with its settings in the form again (the job's page leads here)."""
    stored = get_object_or_404(ForecastResult, pk=result_id)
    form = ForecastForm(initial=ForecastForm.initial_from(stored.options), locations=location_choices(), today=timezone.localdate())
    return render(request, "forecast/forecast.html", {"form": form, "result": stored})


@require("view_figures")
@require_POST
def again(request, result_id):
    """The same settings computed again with the data as they are now (a new job, or the one of these settings still
    waiting for a worker or running; the page follows it)."""
    stored = get_object_or_404(ForecastResult, pk=result_id)
    return redirect("job", services.forecast_job_for(by=request.user, params=stored.options, as_of=timezone.localdate()).pk)
