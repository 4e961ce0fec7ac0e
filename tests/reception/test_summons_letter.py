"""The summons letter: Danish first, then Ukrainian or English, with fonts that carry Cyrillic; recorded on the case."""
import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from tests.factories import make_case, make_person
from tests.reception.factories import aware, make_appointment
from velkomst.audit.models import AccessLog
from velkomst.letters.models import Letter
from velkomst.letters.pdf import summons_pdf
from velkomst.letters.texts import citizen_language

# The summons page dates the letter with the clock: every test here runs on 26.11.2026.
pytestmark = pytest.mark.time_machine(aware(date(2026, 11, 26), 11))


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def appointment(caseworker):
    person = make_person(first_name="Олена", last_name="Шевченко", cpr="170590-1234", languages="ukrainsk")
    return make_appointment(case=make_case(person=person), caseworker=caseworker, starts_at=aware(date(2026, 12, 3), 10),
                            place="Jobcentret, Nyropsgade 1", interpreter_language="ukrainsk")


@pytest.mark.django_db
def test_the_letter_has_a_danish_page_and_a_ukrainian_page_with_names_and_dates_in_each(appointment):
    danish, ukrainian = pages(summons_pdf(appointment, "uk", letter_date=date(2026, 11, 26)))
    assert "Indkaldelse til velkomstsamtale" in danish
    assert "Олена Шевченко (Olena Shevchenko)" in danish
    assert "torsdag den 3. december 2026 kl. 10.00" in danish and "Nyropsgade" in danish
    assert "Запрошення на вітальну зустріч" in ukrainian
    assert "Олена Шевченко" in ukrainian and "Olena" not in ukrainian
    assert "четвер, 3 грудня 2026 р., о 10:00" in ukrainian
    assert appointment.case.number in danish and appointment.case.number in ukrainian


@pytest.mark.django_db
def test_the_english_version_and_danish_letters_survive(appointment):
    appointment.place = "Sjællandsgade 40, Nørrebro"
    danish, english = pages(summons_pdf(appointment, "en", letter_date=date(2026, 11, 26)))
    assert "Sjællandsgade 40, Nørrebro" in danish and "Sjællandsgade 40, Nørrebro" in english
    assert "Invitation to a welcome meeting" in english and "Thursday 3 December 2026 at 10:00" in english


def test_the_citizen_s_language_follows_languages_and_nationality():
    assert citizen_language(languages="ukrainsk, russisk", nationality="") == "uk"
    assert citizen_language(languages="", nationality="Україна") == "uk"
    assert citizen_language(languages="arabisk", nationality="Syrien") == "en"


@pytest.mark.django_db
def test_making_the_summons_downloads_the_pdf_records_the_letter_and_logs_the_export(client, appointment, caseworker):
    appointment.starts_at = aware(date(2026, 11, 28))
    appointment.ends_at = appointment.starts_at + timedelta(hours=1)
    appointment.save()
    client.force_login(caseworker)
    response = client.post(f"/reception/meetings/{appointment.pk}/summons/", {"language": "uk"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"] and "Шевченко" not in response["Content-Disposition"]
    letter = Letter.objects.get()
    assert (letter.case, letter.languages, letter.channel, letter.created_by) == (appointment.case, "da,uk", "digital_post", caseworker)
    assert bytes(letter.pdf) == response.content
    assert AccessLog.objects.filter(action="export", object_type="letter", person=appointment.case.person).exists()
    # The meeting lists the letter with its languages by name, not as codes.
    page = client.get(f"/reception/meetings/{appointment.pk}/").content.decode()
    assert "Dansk, ukrainsk" in page and "da,uk" not in page


@pytest.mark.django_db
def test_a_child_without_cpr_gets_the_letter_on_paper(client, caseworker):
    child = make_person(first_name="Maksym", last_name="Bondar", birth_date=date(2016, 1, 1), gender="M")
    appointment = make_appointment(case=make_case(person=child), caseworker=caseworker)
    client.force_login(caseworker)
    client.post(f"/reception/meetings/{appointment.pk}/summons/", {"language": "en"})
    assert Letter.objects.get().channel == "paper"


@pytest.mark.django_db
def test_a_meeting_not_yet_booked_has_no_summons(client, caseworker):
    waiting = make_appointment(status="required", caseworker=caseworker)
    client.force_login(caseworker)
    response = client.post(f"/reception/meetings/{waiting.pk}/summons/", {"language": "uk"})
    assert response.status_code == 302 and not Letter.objects.exists()
