"""Every response that shows a person's name writes the access log: the role matrix's pages, walked by every role
that may see them, on a population with names no page text has; any name found in a page must have been logged as
read, searched or exported by that user during that request (issue 14, item 7)."""
from datetime import date

import pytest

from tests.accounts.test_role_matrix import objects_for_routes, path_for
from tests.test_any_day import _pages, population_around
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog
from velkomst.people.models import Person

TODAY = date(2026, 11, 26)
pytestmark = pytest.mark.time_machine("2026-11-26 12:00 +01:00", tick=False)
# Downloads are logged as exports by their own tests; the page's data is what matters here.
NOT_HTML = ("text/calendar", "application/pdf")


@pytest.mark.django_db
def test_every_page_that_shows_a_name_has_logged_that_person(client, staff):
    population_around(TODAY, staff)
    ids = objects_for_routes()
    for person in Person.objects.all():  # a name of one's own, so a name on a page points at one person
        Person.objects.filter(pk=person.pk).update(first_name=f"Fornavn{person.pk}x", last_name=f"Efternavn{person.pk}x")
    persons = {p.pk: (p.first_name, p.last_name) for p in Person.objects.all()}
    unlogged = []
    for route, pattern, capability in _pages():
        path = path_for(route, ids)
        for role in sorted(roles.roles_with(capability)):
            user = staff[role]
            client.force_login(user)
            before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
            response = client.get(path)
            if response.status_code != 200:
                continue
            body = b"".join(response.streaming_content) if response.streaming else response.content
            content = body.decode("utf-8", "replace")
            shown = {pk for pk, (first, last) in persons.items() if f"{first} {last}" in content or f"{last}, {first}" in content}
            logged = set(AccessLog.objects.filter(id__gt=before, user=user).values_list("person_id", flat=True))
            missing = shown - logged
            if missing:
                unlogged.append((pattern.name, role, len(missing)))
    assert unlogged == [], "\n".join(map(str, unlogged))
