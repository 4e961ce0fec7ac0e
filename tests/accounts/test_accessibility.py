"""The accessibility statement (tilgængelighedserklæring) is linked from the footer of every page and open to anyone."""
import pytest


@pytest.mark.django_db
def test_the_statement_is_open_to_anyone_and_linked_from_the_footer_logged_out(client):
    login = client.get("/login/").content.decode()
    assert 'href="/accessibility/">Tilgængelighedserklæring</a>' in login
    assert "Københavns Kommune · modtagelse og integration" in login.split("<footer", 1)[1]
    response = client.get("/accessibility/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Tilgængelighedserklæring</h1>" in html and "overholder delvist" in html and "(WCAG) 2.1" in html


@pytest.mark.django_db
def test_the_statement_is_linked_from_every_page_when_logged_in_and_reads_in_english(client, caseworker):
    client.force_login(caseworker)
    assert 'href="/accessibility/"' in client.get("/my-cases/").content.decode().split("<footer", 1)[1]
    assert client.get("/accessibility/").status_code == 200
    client.post("/language/", {"language": "en", "next": "/accessibility/"})
    html = client.get("/accessibility/").content.decode()
    assert "<h1>Accessibility statement</h1>" in html and "partially compliant" in html
