"""Writes of letters: each letter sent is kept on the case with its PDF, and the export is logged."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from velkomst.accounts.models import User
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write
from velkomst.letters import texts
from velkomst.letters.models import Letter
from velkomst.letters.pdf import summons_pdf
from velkomst.people.services import journal_event_add


@transaction.atomic
def summons_send(*, by: User, appointment, language: str, today: date) -> Letter:
    """The summons to a booked meeting, in Danish and the citizen's language, by Digital Post (15+ with CPR) or on paper.
    The letter is dated ``today``, and the citizen's age for Digital Post counted on it."""
    if appointment.status != "planned" or appointment.starts_at is None:
        raise ValidationError({"language": _("Book the meeting before sending the summons.")})
    if language not in texts.CITIZEN_LANGUAGES:
        raise ValidationError({"language": _("Choose Ukrainian or English.")})
    case = appointment.case
    channel = Letter.Channel.DIGITAL_POST if case.person.digital_post_eligible(today) else Letter.Channel.PAPER
    letter = Letter.objects.create(
        case=case, appointment=appointment, kind=Letter.Kind.SUMMONS, languages=f"da,{language}", channel=channel,
        pdf=summons_pdf(appointment, language, letter_date=today), created_by=by,
    )
    access_log_write(user=by, action=AccessLog.Action.EXPORT, obj=letter, person=case.person)
    journal_event_add(case=case, author=by, text=_("Summons to %(meeting)s sent (%(channel)s, %(languages)s).") % {
        "meeting": appointment.get_kind_display(), "channel": letter.get_channel_display(),
        "languages": _("in Danish and Ukrainian") if language == "uk" else _("in Danish and English")})
    return letter
