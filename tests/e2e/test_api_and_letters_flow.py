"""A caseworker downloads a summons to a booked meeting and the person's data extract; every page passes axe-core."""
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import make_staff
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import make_case, make_person
from tests.reception.factories import aware, make_appointment
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog


def _pdf_text(path) -> str:
    with open(path, "rb") as handle:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


@pytest.mark.django_db(transaction=True)
def test_a_caseworker_downloads_a_summons_and_the_person_s_data_extract(page):
    caseworker = make_staff("mette", roles.CASEWORKER, first_name="Mette", last_name="Sørensen")
    person = make_person(first_name="Олена", last_name="Шевченко", cpr="170590-1234", languages="ukrainsk")
    case = make_case(person=person, caseworker=caseworker)
    appointment = make_appointment(case=case, caseworker=caseworker, starts_at=aware(timezone.localdate() + timedelta(days=3)),
                                   place="Jobcentret, Nyropsgade 1")

    log_in(page, "mette")
    page.goto(f"/reception/meetings/{appointment.pk}/")
    assert_accessible(page, "meeting")
    with page.expect_download() as download:
        page.get_by_role("button", name="Dan indkaldelsen (PDF)").click()
    text = _pdf_text(download.value.path())
    assert "Indkaldelse til velkomstsamtale" in text and "Олена Шевченко" in text

    page.goto(f"/people/{person.pk}/")
    page.get_by_role("link", name="Indsigtsudtræk (anmodning om indsigt)").click()
    page.get_by_role("heading", name="Indsigtsudtræk for Олена Шевченко", level=1).wait_for()
    assert_accessible(page, "data extract")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som PDF").click()
    assert download.value.suggested_filename.endswith(".pdf") and "Шевченко" not in download.value.suggested_filename
    text = _pdf_text(download.value.path())
    assert "Indsigtsudtræk for Олена Шевченко" in text and "Jobcentret, Nyropsgade 1" in text
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som JSON").click()
    with open(download.value.path(), encoding="utf-8") as handle:
        data = json.load(handle)
    assert data["person"]["last_name"] == "Шевченко" and data["cases"][0]["letters"]
    assert AccessLog.objects.filter(user=caseworker, action="export", person=person, purpose="citizen_request").count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_api_documentation_page_is_accessible(page):
    make_staff("mette", roles.CASEWORKER)
    log_in(page, "mette")
    page.goto("/api/docs/")
    page.get_by_role("heading", name="API-dokumentation", level=1).wait_for()
    assert page.get_by_text("/api/persons/lookup/").first.is_visible()
    assert_accessible(page, "api docs")
