from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# What a list read names (``access_log_persons(what=...)``), shown by its label in the access log; a model's rows
# are shown by the model's name.
LIST_LABELS = {
    "location residents": _("location residents"),
    "worklist": _("worklist"),
    "waiting list": _("waiting list"),
    "tenancy": _("tenancy"),
    "roster search": _("roster search"),
    "reservation": _("reservation"),
    "referral members": _("referral members"),
    "referral list": _("referral list"),
    "placement confirmation": _("placement confirmation"),
    "placement attendance": _("placement attendance"),
    "permanent housing": _("permanent housing"),
    "offer placements": _("offer placements"),
    "offer candidates": _("offer candidates"),
    "my cases": _("my cases"),
    "move-in search": _("move-in search"),
    "household": _("household"),
    "follow-ups due": _("follow-ups due"),
    "figure list": _("figure list"),
    "figure export": _("figure export"),
    "compliance": _("compliance"),
    "class roster": _("class roster"),
    "placement room chooser": _("placement room chooser"),
}


def _models_by_name() -> dict:
    return {model._meta.model_name: model for model in apps.get_models()}


class AccessLog(models.Model):
    """One use of personal data by a member of staff (Datatilsynet's guidance on logging)."""

    class Action(models.TextChoices):
        READ = "read", _("read")
        SEARCH = "search", _("search")
        CREATE = "create", _("create")
        CHANGE = "change", _("change")
        EXPORT = "export", _("export")
        DELETE = "delete", _("delete")

    class Purpose(models.TextChoices):
        CASEWORK = "casework", _("Case work")
        RECEPTION = "reception", _("Reception and preparation")
        HOUSING = "housing", _("Temporary housing")
        PROGRAMME = "programme", _("Introduction programme")
        SUPERVISION = "supervision", _("Supervision and control")
        CITIZEN_REQUEST = "citizen_request", _("The citizen's own request")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("staff member"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=40)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("person")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    criteria = models.JSONField(_("search criteria"), null=True, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "at"])]

    # The kinds of search the code logs, by label: the page shows "Fremmødeflag: 900 resultater", not "compliance: (900)".
    CRITERIA_KINDS = {
        "name": _("Search by name"), "cpr": _("Search by CPR number"), "case_number": _("Search by case number"),
        "matching": _("Candidates for a company offer"), "compliance": _("Attendance flags"),
        "data extract": _("Data extract"), "caseload export": _("Caseload export"),
        "persons": _("Persons (API)"), "cases": _("Cases (API)"), "tenancies": _("Tenancies (API)"),
        "appointments": _("Meetings (API)"), "documents": _("Documents (API)"),
    }

    @property
    def object_label(self) -> str:
        """"venteliste", "person", "lejemål": what was read, in the interface language, never a code."""
        if self.object_type in LIST_LABELS:
            return str(LIST_LABELS[self.object_type])
        model = _models_by_name().get(self.object_type)
        return str(model._meta.verbose_name) if model else self.object_type

    def get_criteria_display(self) -> str:
        """The search criteria in words: the kind of search by its label, the text searched for and the number of
        results; criteria without a kind (a change, an export) as they were logged."""
        criteria = self.criteria
        if not isinstance(criteria, dict):
            return "" if criteria is None else str(criteria)
        if "kind" not in criteria:
            return ", ".join(f"{key}: {value}" for key, value in criteria.items())
        parts = [str(self.CRITERIA_KINDS.get(criteria["kind"], criteria["kind"]))]
        if criteria.get("text"):
            parts.append(f"“{criteria['text']}”")
        if isinstance(criteria.get("results"), int):
            parts.append(ngettext("%(count)d result", "%(count)d results", criteria["results"]) % {"count": criteria["results"]})
        return ", ".join(parts)


class FieldChange(models.Model):
    """Who changed which field of a person or case from what to what, and when."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("staff member"))
    object_type = models.CharField(_("object type"), max_length=40)
    object_id = models.CharField(_("object id"), max_length=40)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("person")
    )
    field = models.CharField(_("field"), max_length=60)
    old_value = models.TextField(_("from"), blank=True)
    new_value = models.TextField(_("to"), blank=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("change history")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
