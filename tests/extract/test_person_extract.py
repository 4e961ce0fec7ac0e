"""A person's data extract: all their data as JSON and PDF, no staff names in the access log part, the download logged."""
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from tests.factories import make_case, make_household, make_person
from tests.housing.factories import make_location, make_room
from tests.reception.factories import make_appointment
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write
from velkomst.housing.models import Tenancy
from velkomst.letters.models import Letter


@pytest.fixture
def person(staff):
    olena = make_person(first_name="Олена", last_name="Шевченко", cpr="170590-1234", birth_date=date(1990, 5, 17))
    son = make_person(first_name="Андрій", last_name="Шевченко", birth_date=date(2015, 2, 1), gender="M")
    household = make_household((olena, "applicant"), (son, "child"))
    case = make_case(person=olena, household=household, caseworker=staff[roles.CASEWORKER])
    case.journal.create(kind="note", text="Velkomstsamtale aftalt med tolk.")
    room = make_room(make_location(name="Sjællandsgade"), number="2.14", beds=3)
    Tenancy.objects.create(household=household, room=room, moved_in_on=date(2026, 3, 20), persons=2, household_type="children_1_3",
                           monthly_rent=Decimal("4932.00"))
    make_appointment(case=case, place="Jobcentret, Nyropsgade 1")
    Letter.objects.create(case=case, kind="summons", languages="da,uk", channel="digital_post", pdf=b"%PDF-secret")
    access_log_write(user=staff["colleague"], action="read", obj=olena, person=olena)
    return olena


@pytest.mark.django_db
def test_the_json_holds_person_household_housing_meetings_letters_and_the_log_without_staff_names(client_as, caseworker, person, staff):
    response = client_as(caseworker).get(f"/people/{person.pk}/extract/json/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["person"]["first_name"] == "Олена" and data["person"]["cpr"] == "170590-1234"
    assert [m["first_name"] for m in data["household"]["members"]] == ["Олена", "Андрій"]
    assert data["household"]["housing_history"][0]["location"] == "Sjællandsgade"
    case = data["cases"][0]
    assert case["appointments"][0]["place"] == "Jobcentret, Nyropsgade 1"
    assert case["letters"][0]["channel"] == "Digital Post" and "pdf" not in case["letters"][0]
    assert any(entry["text"] == "Velkomstsamtale aftalt med tolk." for entry in case["journal"])
    assert data["access_log"] and "Andersen" not in json.dumps(data["access_log"]) and "colleague" not in response.content.decode()


@pytest.mark.django_db
def test_the_pdf_is_readable_and_keeps_cyrillic(client_as, caseworker, person):
    response = client_as(caseworker).get(f"/people/{person.pk}/extract/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Олена Шевченко" in text and "Sjællandsgade" in text and "17.05.1990" in text and "20.03.2026" in text
    assert "Kollega" not in text


@pytest.mark.django_db
def test_each_download_is_logged_as_an_export_at_the_citizen_s_request(client_as, caseworker, person):
    client = client_as(caseworker)
    client.get(f"/people/{person.pk}/extract/json/")
    client.get(f"/people/{person.pk}/extract/pdf/")
    exports = AccessLog.objects.filter(user=caseworker, action="export", person=person)
    assert sorted(e.criteria["format"] for e in exports) == ["json", "pdf"]
    assert {e.purpose for e in exports} == {"citizen_request"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.RECEPTION, roles.HOUSING_HOST, roles.MANAGER, roles.TEACHER])
def test_roles_without_the_capability_are_refused(client_as, staff, person, role):
    for suffix in ("", "json/", "pdf/"):
        assert client_as(staff[role]).get(f"/people/{person.pk}/extract/{suffix}").status_code == 403


@pytest.mark.django_db
def test_the_person_page_links_to_the_extract(client_as, caseworker, person):
    assert f"/people/{person.pk}/extract/" in client_as(caseworker).get(f"/people/{person.pk}/").content.decode()


@pytest.mark.django_db
def test_a_weekly_plan_with_times_is_in_the_extract_and_only_a_delivered_extract_is_logged(client_as, caseworker, person, monkeypatch):
    from datetime import time

    from velkomst.extract import views
    from velkomst.programme.models import PlanItem

    PlanItem.objects.create(case=person.cases.get(), kind="danish_education", weekday=0, start=time(8, 30), end=time(12),
                            valid_from=date(2026, 11, 2))
    response = client_as(caseworker).get(f"/people/{person.pk}/extract/json/")
    assert response.status_code == 200
    assert json.loads(response.content)["cases"][0]["plan_items"][0]["start"] == "08:30"
    logged = AccessLog.objects.filter(action="export", person=person).count()

    def failing(*args, **kwargs):
        raise RuntimeError("the extract could not be built")

    monkeypatch.setattr(views, "person_extract", failing)
    with pytest.raises(RuntimeError):
        client_as(caseworker).get(f"/people/{person.pk}/extract/json/")
    assert AccessLog.objects.filter(action="export", person=person).count() == logged


@pytest.mark.django_db
@pytest.mark.parametrize("form, builder", [("json", "json"), ("pdf", "render_pdf"), ("zip", "extract_zip")])
def test_an_extract_that_fails_while_it_is_built_is_not_logged_as_delivered(client_as, caseworker, person, monkeypatch, form, builder):
    """Each form (JSON, PDF, the ZIP with the documents) is built whole before its export row is written."""
    from velkomst.extract import views

    def failing(*args, **kwargs):
        raise RuntimeError("the extract could not be built")

    if builder == "json":
        monkeypatch.setattr(views.json, "dumps", failing)
    else:
        monkeypatch.setattr(views, builder, failing)
    logged = AccessLog.objects.filter(action="export", person=person).count()
    with pytest.raises(RuntimeError):
        client_as(caseworker).get(f"/people/{person.pk}/extract/{form}/")
    assert AccessLog.objects.filter(action="export", person=person).count() == logged
