"""Writes of letters: each letter sent is kept on the case with its PDF and its channel (Digital Post for
citizens of 15 and over with a CPR number, otherwise paper), and the export is logged."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from velkomst.accounts.models import User
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write
from velkomst.letters import texts
from velkomst.letters.agreements import CONTRACT, HOUSE_RULES, KIND_LABELS, LEASE, contract_pdf, house_rules_pdf, lease_pdf
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
    letter = _keep(by=by, case=case, kind=Letter.Kind.SUMMONS, language=language, today=today, appointment=appointment,
                   pdf=summons_pdf(appointment, language, letter_date=today))
    journal_event_add(case=case, author=by, text=_("Summons to %(meeting)s sent (%(channel)s, %(languages)s).") % {
        "meeting": appointment.get_kind_display(), "channel": letter.get_channel_display(), "languages": _languages_text(language)})
    return letter


def _keep(*, by: User, case, kind: str, language: str, pdf: bytes, today: date, appointment=None) -> Letter:
    """Keep the letter on the case with its sending channel, and log the export."""
    channel = Letter.Channel.DIGITAL_POST if case.person.digital_post_eligible(today) else Letter.Channel.PAPER
    letter = Letter.objects.create(case=case, appointment=appointment, kind=kind, languages=f"da,{language}", channel=channel,
                                   pdf=pdf, created_by=by)
    access_log_write(user=by, action=AccessLog.Action.EXPORT, obj=letter, person=case.person)
    return letter


def _languages_text(language: str) -> str:
    return _("in Danish and Ukrainian") if language == "uk" else _("in Danish and English")


# --- the lease, the house rules and the programme contract -------------------------------------------------------

def _archive(*, by: User, case, kind: str, language: str, pdf: bytes, today: date) -> Letter:
    letter = _keep(by=by, case=case, kind=kind, language=language, pdf=pdf, today=today)
    # No new interface string in the letters catalogue: the letter's Danish title and the summons' existing phrases.
    journal_event_add(case=case, author=by, text=f"{KIND_LABELS[kind]} ({letter.get_channel_display()}, {_languages_text(language)}).")
    return letter


def household_case(tenancy):
    """The applicant's case: the lease and the house rules go to the household's applicant."""
    cases = list(tenancy.household.cases.select_related("person").order_by("id"))
    members = {m.person_id: m.relation for m in tenancy.household.members.all()}
    return next((c for c in cases if members.get(c.person_id) == "applicant"), cases[0] if cases else None)


@transaction.atomic
def lease_send(*, by: User, tenancy, language: str, today: date) -> Letter:
    case = household_case(tenancy)
    return _archive(by=by, case=case, kind=LEASE, language=language, today=today,
                    pdf=lease_pdf(tenancy, language, letter_date=today, case_number=case.number))


@transaction.atomic
def house_rules_send(*, by: User, tenancy, language: str, today: date) -> Letter:
    case = household_case(tenancy)
    return _archive(by=by, case=case, kind=HOUSE_RULES, language=language, today=today,
                    pdf=house_rules_pdf(tenancy, language, letter_date=today, case_number=case.number, person=case.person))


@transaction.atomic
def contract_send(*, by: User, enrolment, language: str, today: date) -> Letter:
    return _archive(by=by, case=enrolment.case, kind=CONTRACT, language=language, today=today,
                    pdf=contract_pdf(enrolment, language, letter_date=today))
