from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


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
