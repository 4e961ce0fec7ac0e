"""A caseworker logs in, finds a person, opens the record and sees the timeline; a wrong role is refused."""
import pytest

from tests.conftest import make_staff
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import make_case, make_person
from velkomst.accounts import roles


@pytest.mark.django_db(transaction=True)
def test_a_caseworker_finds_a_person_and_reads_the_timeline(page):
    caseworker = make_staff("mette", roles.CASEWORKER, first_name="Mette", last_name="Sørensen")
    person = make_person(first_name="Олена", last_name="Шевченко", cpr="170590-1234")
    case = make_case(person=person, caseworker=caseworker)
    case.journal.create(kind="note", text="Velkomstsamtale aftalt med tolk.")

    log_in(page, "mette")
    assert page.get_by_role("heading", name="Mine sager").is_visible()
    assert_accessible(page, "my cases")

    page.get_by_role("link", name="Find en person").click()
    page.get_by_label("Navn, CPR-nummer eller sagsnummer").fill("olena")
    result = page.get_by_role("link", name="Шевченко, Олена")
    result.wait_for()
    assert "olena" not in page.url and "1234" not in page.url
    assert_accessible(page, "search results")

    result.click()
    page.get_by_role("heading", name="Олена Шевченко", level=1).wait_for()
    assert page.get_by_text("Velkomstsamtale aftalt med tolk.").is_visible()
    assert page.url.endswith(f"/people/{person.pk}/")
    assert_accessible(page, "person page")


@pytest.mark.django_db(transaction=True)
def test_a_manager_is_refused_a_person_s_record(page):
    make_staff("hanne", roles.MANAGER)
    case = make_case()
    log_in(page, "hanne")
    response = page.goto(f"/people/{case.person_id}/")
    assert response.status == 403
    assert page.get_by_role("heading", name="Adgang nægtet").is_visible()
    assert_accessible(page, "403")


@pytest.mark.django_db(transaction=True)
def test_switching_to_english_translates_the_page(page):
    make_staff("mette", roles.CASEWORKER)
    log_in(page, "mette")
    page.get_by_label("Sprog").select_option("en")
    page.get_by_role("button", name="Skift").click()
    page.get_by_role("heading", name="My cases").wait_for()
    assert_accessible(page, "english")
