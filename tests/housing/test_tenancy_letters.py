"""The host makes the lease and the house rules from the move-in checklist: a PDF in Danish and the citizen's
language, kept on the applicant's case and noted in its journal; bad input is named and nothing is kept."""
import io

import pytest
from pypdf import PdfReader

from tests.conftest import make_staff
from tests.housing.factories import house, make_location, make_room, make_single
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog
from velkomst.letters.models import Letter
from velkomst.people.models import JournalEntry


@pytest.fixture
def host(db):
    return make_staff("host", roles.HOUSING_HOST)


@pytest.fixture
def tenancy(host):
    location = make_location(name="Sjællandsgade", address="Sjællandsgade 40, 2200 København N")
    location.hosts.add(host)
    return house(make_single(), make_room(location, number="2.14"))


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize(("url", "kind", "title"), [
    ("lease", Letter.Kind.LEASE, "Lejekontrakt for midlertidig indkvartering"),
    ("house-rules", Letter.Kind.HOUSE_RULES, "Husorden for Sjællandsgade"),
])
def test_the_host_makes_the_letter_and_it_is_kept_on_the_case(client, host, tenancy, url, kind, title):
    client.force_login(host)
    response = client.post(f"/housing/tenancies/{tenancy.pk}/{url}/", {"language": "uk"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert title in text_of(response.content)
    letter = Letter.objects.get()
    case = tenancy.household.cases.get()
    assert (letter.case, letter.kind, letter.languages, letter.created_by) == (case, kind, "da,uk", host)
    assert bytes(letter.pdf) == response.content
    assert case.number in response["Content-Disposition"] and case.person.last_name not in response["Content-Disposition"]
    assert JournalEntry.objects.filter(case=case, author=host).exists()
    assert AccessLog.objects.filter(user=host, action=AccessLog.Action.EXPORT, person=case.person).exists()


def test_the_checklist_offers_the_letters_in_the_suggested_language_and_lists_those_made(client, host, tenancy):
    client.force_login(host)
    client.post(f"/housing/tenancies/{tenancy.pk}/lease/", {"language": "en"})
    page = client.get(f"/housing/tenancies/{tenancy.pk}/checklist/")
    assert page.context["letter_form"]["language"].value() in ("uk", "en")
    assert [letter.kind for letter in page.context["letters"]] == [Letter.Kind.LEASE]
    assert "Lejekontrakt" in page.content.decode()


def test_an_unknown_language_is_named_and_no_letter_is_kept(client, host, tenancy):
    client.force_login(host)
    response = client.post(f"/housing/tenancies/{tenancy.pk}/lease/", {"language": "fr"}, follow=True)
    assert "Vælg ukrainsk eller engelsk." in response.content.decode()
    assert not Letter.objects.exists()


def test_a_caseworker_is_refused_and_another_host_gets_404(client, tenancy, staff):
    client.force_login(staff["caseworker"])
    assert client.post(f"/housing/tenancies/{tenancy.pk}/lease/", {"language": "uk"}).status_code == 403
    client.force_login(make_staff("other-host", roles.HOUSING_HOST))
    assert client.post(f"/housing/tenancies/{tenancy.pk}/house-rules/", {"language": "uk"}).status_code == 404
    assert client.get(f"/housing/tenancies/{tenancy.pk}/lease/").status_code in (403, 405)
    assert not Letter.objects.exists()
