"""The caseworker makes the programme contract from the programme page: a PDF in Danish and the citizen's language,
kept on the case; without an open enrolment, or with an unknown language, nothing is made and the reason is shown."""
import io

import pytest
from pypdf import PdfReader

from tests.factories import make_case
from tests.programme.factories import make_participant
from velkomst.letters.models import Letter


@pytest.mark.django_db
def test_the_caseworker_makes_the_contract_and_it_is_kept_on_the_case(client, staff):
    case = make_participant(caseworker=staff["caseworker"])
    client.force_login(staff["caseworker"])
    assert client.get(f"/programme/cases/{case.pk}/").context["contract_form"] is not None
    response = client.post(f"/programme/cases/{case.pk}/contract/", {"language": "en"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Kontrakt om introduktionsprogram" in text
    letter = Letter.objects.get()
    assert (letter.case, letter.kind, letter.languages) == (case, Letter.Kind.CONTRACT, "da,en")


@pytest.mark.django_db
@pytest.mark.parametrize(("enrolled", "language", "message"), [
    (False, "uk", "Tilmeld først borgeren programmet."),
    (True, "de", "Vælg ukrainsk eller engelsk."),
])
def test_without_an_enrolment_or_a_language_nothing_is_made(client, staff, enrolled, language, message):
    case = make_participant(caseworker=staff["caseworker"]) if enrolled else make_case(caseworker=staff["caseworker"], status="arrived")
    client.force_login(staff["caseworker"])
    response = client.post(f"/programme/cases/{case.pk}/contract/", {"language": language}, follow=True)
    assert message in response.content.decode()
    assert not Letter.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["teacher", "company_consultant", "reception", "housing_host", "manager"])
def test_other_roles_are_refused(client, staff, role):
    case = make_participant(caseworker=staff["caseworker"])
    client.force_login(staff[role])
    assert client.post(f"/programme/cases/{case.pk}/contract/", {"language": "uk"}).status_code == 403
    assert not Letter.objects.exists()
