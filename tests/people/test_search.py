from datetime import date

import pytest
from django.db import connection

from tests.factories import make_case, make_person
from velkomst.audit.models import AccessLog
from velkomst.people.models import CaseStatus
from velkomst.people.selectors import person_search_filter, persons_visible_to


@pytest.fixture
def search(client, caseworker):
    client.force_login(caseworker)

    def run(text):
        return client.post("/people/search/", {"q": text})

    return run


def names(response):
    return [f"{p.first_name} {p.last_name}" for p in response.context["results"]]


@pytest.mark.django_db
def test_it_finds_søren_when_the_caseworker_types_soren(search):
    make_person(first_name="Søren", last_name="Ærø", gender="M")
    assert names(search("soren aero")) == ["Søren Ærø"]


@pytest.mark.django_db
def test_it_finds_a_cyrillic_name_whatever_the_case(search):
    make_person(first_name="Олена", last_name="Шевченко")
    assert names(search("олена")) == ["Олена Шевченко"]
    assert names(search("ШЕВЧЕНКО")) == ["Олена Шевченко"]


@pytest.mark.django_db
def test_it_finds_a_cyrillic_name_typed_in_latin_letters(search):
    make_person(first_name="Юлія", last_name="Іваненко")
    assert names(search("yuliia ivanenko")) == ["Юлія Іваненко"]


@pytest.mark.django_db
def test_it_finds_a_person_by_cpr_number_with_or_without_the_dash(search):
    make_person(first_name="Anna", last_name="Berg", cpr="170590-1234")
    make_person(first_name="Other", last_name="Person", cpr="170590-1236")
    assert names(search("1705901234")) == ["Anna Berg"]
    assert names(search("170590-1234")) == ["Anna Berg"]


@pytest.mark.django_db
def test_it_finds_a_person_by_case_number(search):
    case = make_case()
    assert names(search(case.number)) == [case.person.full_name]


@pytest.mark.django_db
def test_a_search_is_logged_with_its_criteria_and_the_cpr_masked(search, caseworker):
    make_person(cpr="170590-1234")
    search("170590-1234")
    entry = AccessLog.objects.get(action="search")
    assert entry.user == caseworker
    assert entry.criteria == {"kind": "cpr", "text": "170590-XXXX", "results": 1}


@pytest.mark.django_db
def test_a_search_in_the_query_string_is_ignored(client, caseworker):
    """Names and CPR numbers never travel in a URL, so GET does not search."""
    make_person(first_name="Søren", last_name="Ærø", gender="M")
    client.force_login(caseworker)
    response = client.get("/people/search/?q=soren")
    assert response.context["results"] is None
    assert not AccessLog.objects.filter(action="search").exists()


@pytest.mark.django_db
def test_htmx_gets_only_the_results_fragment(client, caseworker):
    make_person(first_name="Søren", last_name="Ærø", gender="M")
    client.force_login(caseworker)
    response = client.post("/people/search/", {"q": "soren"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "Ærø" in html


@pytest.mark.django_db
def test_a_manager_finds_nobody_and_is_refused_the_search_page(client, staff):
    client.force_login(staff["manager"])
    assert client.post("/people/search/", {"q": "olena"}).status_code == 403


@pytest.mark.django_db
def test_a_teacher_finds_only_citizens_in_the_programme(client, staff):
    make_case(person=make_person(first_name="Olena", last_name="Inprogramme"), status="in_programme")
    make_case(person=make_person(first_name="Olena", last_name="Justarrived"), status="arrived")
    client.force_login(staff["teacher"])
    assert names(client.post("/people/search/", {"q": "olena"})) == ["Olena Inprogramme"]


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["170591 0152", "170591–0152", "170591/0152", "CPR 170591-0152", "Olena 170591 - 0152"])
def test_a_cpr_number_typed_in_another_shape_is_masked_in_the_log(search, text):
    search(text)
    logged = str(AccessLog.objects.get(action="search").criteria)
    assert "0152" not in logged and "170591-XXXX" in logged


@pytest.mark.django_db
def test_the_hosts_move_in_search_masks_a_cpr_number_too(client, staff):
    from tests.housing.factories import make_location, make_room

    host = staff["housing_host"]
    location = make_location()
    location.hosts.add(host)
    room = make_room(location)
    client.force_login(host)
    client.post(f"/housing/rooms/{room.pk}/move-in/", {"action": "search", "q": "170591 0152"})
    logged = [str(e.criteria) for e in AccessLog.objects.filter(action="search")]
    assert logged and all("0152" not in text for text in logged)


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_name_search_is_served_by_the_trigram_index_on_postgresql(caseworker):
    """A word matched anywhere in the search key: a B-tree cannot find it, so before the trigram index (people
    migration 0010) every search read every person. With sequential scans priced out, the plan must use the index."""
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index is PostgreSQL's (SQLite keeps its scan)")
    make_person(first_name="Olena", last_name="Shevchenko")
    people, kind = person_search_filter(persons_visible_to(caseworker), "shevch")
    assert kind == "name"
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = people.explain()
    assert "people_person_search_trgm" in plan


@pytest.mark.django_db
def test_each_person_found_shows_the_latest_case_s_number_and_status(search):
    olena = make_person(first_name="Olena", last_name="Kovalenko")
    older = make_case(person=olena, referral_decision_date=date(2025, 1, 6), status=CaseStatus.CLOSED)
    newer = make_case(person=olena, referral_decision_date=date(2026, 3, 2), status=CaseStatus.ARRIVED, household=older.household)
    make_person(first_name="Olena", last_name="Bondar")  # no case: shown as a dash
    response = search("olena")
    found = {p.last_name: p for p in response.context["results"]}
    assert (found["Kovalenko"].latest_case_number, found["Kovalenko"].latest_case_status_label) == (newer.number, CaseStatus.ARRIVED.label)
    assert (found["Bondar"].latest_case_number, found["Bondar"].latest_case_status_label) == (None, "")
    page = response.content.decode()
    assert newer.number in page and older.number not in page


@pytest.mark.django_db
def test_the_search_reads_the_cases_in_the_persons_query(search, django_assert_max_num_queries):
    for n in range(3):
        make_case(person=make_person(first_name="Olena", last_name=f"Number{n}"))
    search("olena")  # the session and its user are read once
    with django_assert_max_num_queries(5):  # session, user, role, the persons with their latest case, the access log
        assert len(search("olena").context["results"]) == 3
