from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from velkomst.formats import date_text


class Letter(models.Model):
    """A letter sent to a citizen, kept on the case with the exact PDF that went out."""

    class Kind(models.TextChoices):
        SUMMONS = "summons", _("Summons to a meeting (indkaldelse)")
        LEASE = "lease", _("Lease (lejekontrakt)")
        HOUSE_RULES = "house_rules", _("House rules (husorden)")
        CONTRACT = "contract", _("Programme contract (kontrakt)")

    class Channel(models.TextChoices):
        DIGITAL_POST = "digital_post", _("Digital Post")
        PAPER = "paper", _("Paper")

    case = models.ForeignKey("people.Case", on_delete=models.CASCADE, related_name="letters", verbose_name=_("case"))
    appointment = models.ForeignKey(
        "reception.Appointment", on_delete=models.SET_NULL, null=True, blank=True, related_name="letters", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    languages = models.CharField(_("languages"), max_length=20, help_text=_("Language codes in the order of the letter, e.g. da,uk"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    pdf = models.BinaryField(_("PDF"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by"))

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {date_text(timezone.localdate(self.created_at))}"
