from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from velkomst.formats import date_text


class Kind(models.TextChoices):
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit (opholdstilladelse)")
    SIGNED_LEASE = "signed_lease", _("Signed lease (lejekontrakt)")
    SIGNED_HOUSE_RULES = "signed_house_rules", _("Signed house rules (husorden)")
    SIGNED_CONTRACT = "signed_contract", _("Signed programme contract (kontrakt)")
    MEDICAL = "medical", _("Medical documentation (restricted)")
    CERTIFICATE = "certificate", _("Certificate (course, education)")
    EMPLOYMENT_CONTRACT = "employment_contract", _("Employment contract (ansættelseskontrakt)")
    OTHER = "other", _("Other")


# Health data (GDPR art. 9): only roles with `view_sensitive` see that such a document exists.
RESTRICTED_KINDS = (Kind.MEDICAL,)

PERSON, CASE, TENANCY, INCIDENT = "person", "case", "tenancy", "incident"
TARGETS = (PERSON, CASE, TENANCY, INCIDENT)

# What may be attached where: a tenancy holds the signed lease and house rules and photos (e.g. of the move-out
# inspection); an incident photos and the like; a person and a case anything.
KINDS_FOR_TARGET = {
    PERSON: tuple(Kind),
    CASE: tuple(Kind),
    TENANCY: (Kind.SIGNED_LEASE, Kind.SIGNED_HOUSE_RULES, Kind.OTHER),
    INCIDENT: (Kind.OTHER,),
}

# The download's file name: the kind and the document's id, never a person's name (downloads end up in folders).
FILE_NAMES = {
    Kind.RESIDENCE_PERMIT: "opholdstilladelse",
    Kind.SIGNED_LEASE: "lejekontrakt-underskrevet",
    Kind.SIGNED_HOUSE_RULES: "husorden-underskrevet",
    Kind.SIGNED_CONTRACT: "kontrakt-underskrevet",
    Kind.MEDICAL: "laegelig-dokumentation",
    Kind.CERTIFICATE: "bevis",
    Kind.EMPLOYMENT_CONTRACT: "ansaettelseskontrakt",
    Kind.OTHER: "dokument",
}


class Document(models.Model):
    """A document a citizen handed in (or a photo taken), attached to exactly one person, case, tenancy or incident.

    The file lives in the "documents" storage under a random name (`stored_as`); this row says what it is. The rows
    hang from their person, case, tenancy or incident by CASCADE, so retention archives and deletes them with the
    record (and the files with them: `velkomst.retention`).
    """

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="documents",
                               verbose_name=_("person"))
    case = models.ForeignKey("people.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="documents",
                             verbose_name=_("case"))
    tenancy = models.ForeignKey("housing.Tenancy", on_delete=models.CASCADE, null=True, blank=True, related_name="documents",
                                verbose_name=_("tenancy"))
    incident = models.ForeignKey("housing.Incident", on_delete=models.CASCADE, null=True, blank=True, related_name="documents",
                                 verbose_name=_("incident"))
    kind = models.CharField(_("document type"), max_length=24, choices=Kind.choices)
    dated_on = models.DateField(_("date of the document"), help_text=_("The day it was signed, issued or taken"))
    note = models.TextField(_("note"), blank=True)
    original_name = models.CharField(_("file name as uploaded"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100, help_text=_("Read from the content, not the name"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    metadata_stripped = models.BooleanField(_("image metadata removed"), default=False)
    stored_as = models.CharField(_("stored as"), max_length=200, unique=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-dated_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, case__isnull=True, tenancy__isnull=True, incident__isnull=True)
                    | Q(person__isnull=True, case__isnull=False, tenancy__isnull=True, incident__isnull=True)
                    | Q(person__isnull=True, case__isnull=True, tenancy__isnull=False, incident__isnull=True)
                    | Q(person__isnull=True, case__isnull=True, tenancy__isnull=True, incident__isnull=False)
                ),
                name="document_attached_to_one",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {date_text(self.dated_on)}"

    @property
    def restricted(self) -> bool:
        return self.kind in RESTRICTED_KINDS

    @property
    def target(self) -> str:
        return next(name for name in TARGETS if getattr(self, f"{name}_id") is not None)

    @property
    def download_name(self) -> str:
        extension = self.stored_as.rsplit(".", 1)[-1]
        return f"{FILE_NAMES.get(self.kind, 'dokument')}-{self.pk}.{extension}"
