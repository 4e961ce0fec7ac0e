"""Finishing what was started, in the browser: a host follows up an incident (an action, the partners, the closing),
and a teacher records a PD2 result on the education case. Every page axe-clean, also with the field errors showing."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.conftest import make_staff
from tests.e2e.conftest import assert_accessible, log_in
from tests.housing.factories import house, make_location, make_room, make_single
from tests.programme.factories import make_participant
from velkomst.accounts import roles
from velkomst.education.models import ExamRegistration
from velkomst.education.services import Schooling, learner_place
from velkomst.housing.models import Incident


def last_exam_day(today: date) -> date:
    """The latest day, today or before, in the exam months (May–June, November–December)."""
    day = today
    while day.month not in (5, 6, 11, 12):
        day -= timedelta(days=1)
    return day


@pytest.mark.django_db(transaction=True)
def test_a_host_follows_up_an_incident_to_its_closing(page):
    host = make_staff("birgitte", roles.HOUSING_HOST, first_name="Birgitte", last_name="Holm")
    location = make_location(name="Lygten")
    location.hosts.add(host)
    household = make_single(gender="M")
    house(household, make_room(location))
    incident = Incident.objects.create(location=location, occurred_at=timezone.now() - timedelta(days=2), kind="threat", severity="high",
                                       description="Trussel mod nabo", reported_by=host)
    incident.persons.set([household.members.get().person])
    today = timezone.localdate().strftime("%d.%m.%Y")

    log_in(page, "birgitte")
    page.goto(f"/housing/incidents/{incident.pk}/")
    page.get_by_role("heading", name="Opfølgning", exact=True).wait_for()
    assert_accessible(page, "incident with the follow-up forms")

    page.get_by_label("Hvad blev gjort").fill("Samtale med beboeren og naboen")
    page.get_by_label("Af hvem").fill("Værten")
    page.get_by_role("button", name="Tilføj handlingen").click()
    page.get_by_text("Opfølgningen er gemt.").wait_for()  # a planned action: "Udført" left unticked
    page.get_by_role("button", name="Markér som udført").click()
    page.get_by_text("Handlingen er markeret som udført.").wait_for()

    page.get_by_label("Politiet").check()
    page.get_by_label("SSP (skole, socialforvaltning og politi)").check()
    page.get_by_label("Andre samarbejdspartnere").fill("Psykiatrien")
    page.get_by_role("button", name="Gem samarbejdspartnerne").click()
    page.get_by_text("Opfølgningen er gemt.").wait_for()

    page.get_by_role("button", name="Luk hændelsen").click()  # no outcome: refused, naming the field
    page.get_by_text("Skriv resultatet: hvad opfølgningen førte til.").first.wait_for()
    assert_accessible(page, "closing refused")
    page.get_by_label("Resultat").fill("Beboeren er flyttet til et andet sted")
    page.get_by_label("Lukket den").fill(today)
    page.get_by_role("button", name="Luk hændelsen").click()
    page.get_by_text(f"Lukket {today}").first.wait_for()
    timeline = page.locator("#incident-timeline")
    assert "Samtale med beboeren og naboen" in timeline.inner_text() and "Beboeren er flyttet" in timeline.inner_text()
    assert page.get_by_role("button", name="Tilføj handlingen").count() == 0
    assert_accessible(page, "closed incident")
    incident.refresh_from_db()
    assert incident.closed_on == timezone.localdate() and incident.partner_ssp and incident.actions.get().done


@pytest.mark.django_db(transaction=True)
def test_a_teacher_records_a_pd2_result(page):
    teacher = make_staff("sofie", roles.TEACHER, first_name="Sofie", last_name="Lund")
    sitting = last_exam_day(timezone.localdate())
    case = make_participant(started_on=sitting - timedelta(days=400))
    learner_place(by=teacher, case=case, schooling=Schooling(8, True, True, False), track="DU2", reason="Screenet.",
                  started_on=sitting - timedelta(days=400))

    log_in(page, "sofie")
    page.goto(f"/education/cases/{case.pk}/")
    page.get_by_role("link", name="Registrér et prøveresultat").click()
    page.get_by_role("heading", name="Prøveresultater", level=1).wait_for()
    assert_accessible(page, "exam results")
    page.get_by_label("Prøve", exact=True).select_option("PD2")
    page.get_by_label("Prøvedato").fill(sitting.strftime("%d.%m.%Y"))
    page.get_by_label("Resultat").select_option("passed")
    page.get_by_label("Karakter").select_option("00")  # a pass needs 02 or more
    page.get_by_role("button", name="Registrér resultatet").click()
    page.get_by_text("Bestået kræver 02 eller mere").first.wait_for()
    assert_accessible(page, "exam result refused")
    page.get_by_label("Karakter").select_option("7")
    page.get_by_role("button", name="Registrér resultatet").click()
    page.get_by_text("Prøveresultatet er registreret.").wait_for()
    assert page.get_by_text(f"Prøve i Dansk 2, {sitting.strftime('%d.%m.%Y')}: Bestået (karakter 7)").is_visible()
    assert ExamRegistration.objects.get(case=case).grade == "7"
