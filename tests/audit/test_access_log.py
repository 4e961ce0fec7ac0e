import csv
import io

import pytest

from tests.factories import make_case
from velkomst.audit.models import AccessLog


@pytest.mark.django_db
def test_the_citizen_extract_lists_dates_actions_and_purposes_without_staff_names(client, staff):
    case = make_case()
    client.force_login(staff["reception"])
    client.get(f"/people/{case.person_id}/")
    client.force_login(staff["caseworker"])
    response = client.get(f"/people/{case.person_id}/access-log/")
    assert response.status_code == 200
    html = response.content.decode()
    main = html.split('<main', 1)[1]
    for user in (staff["reception"], staff["caseworker"]):
        assert user.username not in main
        assert user.last_name not in main
    rows = response.context["rows"]
    assert len(rows) == 2 and {row.on for row in rows} == {rows[0].on}


@pytest.mark.django_db
def test_the_citizen_extract_downloads_as_csv_and_the_export_is_logged(client, staff):
    case = make_case()
    client.force_login(staff["reception"])
    client.get(f"/people/{case.person_id}/")
    client.force_login(staff["caseworker"])
    response = client.get(f"/people/{case.person_id}/access-log/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) >= 3  # header, the reception's read, the caseworker's read for the extract
    assert "reception" not in text and "Testesen" not in text
    assert AccessLog.objects.filter(action="export", person=case.person, purpose="citizen_request").exists()


@pytest.mark.django_db
def test_an_administrator_browses_and_filters_the_access_log(client, staff):
    case = make_case()
    client.force_login(staff["caseworker"])
    client.get(f"/people/{case.person_id}/")
    client.post("/people/search/", {"q": "kovalenko"})
    client.force_login(staff["admin"])
    response = client.get("/audit/?action=search")
    entries = list(response.context["page"])
    assert [e.action for e in entries] == ["search"]
    assert entries[0].criteria["text"] == "kovalenko"
    response = client.get(f"/audit/?person={case.person_id}")
    assert {e.action for e in response.context["page"]} == {"read"}


@pytest.mark.django_db
def test_the_access_log_filter_ignores_nonsense_input(client, staff):
    client.force_login(staff["admin"])
    response = client.get("/audit/?action=drop&person=abc&page=-1")
    assert response.status_code == 200
    # A date is a field someone typed: it is named with the fix (issue 17), never silently dropped.
    response = client.get("/audit/?action=drop&person=abc&from=yesterday&page=-1")
    assert response.status_code == 400 and "“Fra” skal være en dato skrevet dd.mm.åååå" in response.content.decode()


@pytest.mark.django_db
def test_the_search_criteria_show_as_words_not_codes(client, staff):
    from velkomst.audit.services import access_log_write

    access_log_write(user=staff["manager"], action=AccessLog.Action.SEARCH, criteria={"kind": "compliance", "results": 900})
    access_log_write(user=staff["caseworker"], action=AccessLog.Action.SEARCH, criteria={"kind": "name", "text": "kovalenko", "results": 1})
    client.force_login(staff["admin"])
    html = client.get("/audit/?action=search").content.decode()
    assert "Fremmødeflag, 900 resultater" in html and "compliance:" not in html
    assert "Søgning på navn, “kovalenko”, 1 resultat<" in html


@pytest.mark.django_db
def test_the_access_log_names_what_was_read_in_the_interface_language_never_a_code(client, staff):
    """Before, the Danish page showed "waiting list" and "follow-ups due" (the code a list read is stored under)."""
    from velkomst.audit.services import access_log_persons

    case = make_case()
    access_log_persons(user=staff["reception"], persons=[case.person_id], what="waiting list")
    client.get("/")  # a first request so the language cookie below applies to a logged-in session
    client.force_login(staff["admin"])
    client.cookies.load({"django_language": "da"})
    html = client.get(f"/audit/?person={case.person_id}").content.decode()
    assert "venteliste" in html and "waiting list" not in html
    client.cookies.load({"django_language": "en"})
    assert "waiting list" in client.get(f"/audit/?person={case.person_id}").content.decode()
    assert AccessLog(object_type="person").object_label in ("person", "Person")
