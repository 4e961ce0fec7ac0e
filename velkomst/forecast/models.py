"""A capacity forecast as a background job computed it (`services.forecast_run`), kept for the day it was made.

Why stored, and why as the page's HTML: at ten times Copenhagen one forecast takes seconds (1,000 simulated years of
housing) and the back-test half a minute — longer than a page may wait. The job renders the result in the language
of whoever asked, the page shows it and says when it was computed. It holds counts and location names only, never a
person. Only the day's results are ever shown (the key holds the day); a new result deletes the earlier days' ones.
"""
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ForecastResult(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # `services.forecast_key`: the day, the language and the settings; the same key is the same forecast.
    key = models.CharField(max_length=64)
    as_of = models.DateField(_("as of"))
    options = models.JSONField(default=dict)  # `ForecastForm.params`: the page shows them in its form again
    html = models.TextField()
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("capacity forecast")
        verbose_name_plural = _("capacity forecasts")
        indexes = [models.Index(fields=["key", "-computed_at"])]
