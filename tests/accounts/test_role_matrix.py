"""Every page refuses anonymous users and every role the table in code does not allow.

The pages are read from the URL configuration, and the roles from `accounts.roles`,
so a new page without a capability check fails here.
"""
import pytest
from django.urls import URLPattern, get_resolver

from tests.factories import make_case
from velkomst.accounts import roles

# Pages open to any logged-in member of staff (or to anyone, for login and language).
OPEN_TO_ALL_STAFF = {"home", "logout"}
OPEN_TO_ANONYMOUS = {"login", "set_language"}


def url_patterns(resolver=None, prefix=""):
    """(route, pattern) for every page, included URL configurations too."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern
        else:
            yield from url_patterns(pattern, prefix + str(pattern.pattern))


# Ids for routes with parameters: each app's objects made by `objects_for_routes`.
def path_for(route: str, ids: dict[str, int]) -> str:
    path = route
    for name, value in ids.items():
        path = path.replace(f"<int:{name}>", str(value))
    assert "<" not in path, f"add an object for {route} to objects_for_routes"
    return "/" + path


def objects_for_routes() -> dict[str, int]:
    case = make_case()
    ids = {"person_id": case.person_id, "case_id": case.pk}
    for extra in ROUTE_OBJECTS:
        ids.update(extra())
    return ids


ROUTE_OBJECTS: list = []  # functions returning {"<param>": id}; each app adds its own


def test_every_page_but_login_and_home_names_its_capability():
    unchecked = {
        p.name for _, p in url_patterns()
        if not hasattr(p.callback, "required_capability") and p.name not in OPEN_TO_ALL_STAFF | OPEN_TO_ANONYMOUS
    }
    assert unchecked == set()


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_the_login_page_everywhere(client):
    ids = objects_for_routes()
    for route, pattern in url_patterns():
        if pattern.name in OPEN_TO_ANONYMOUS:
            continue
        response = client.get(path_for(route, ids))
        assert response.status_code == 302, pattern.name
        assert response["Location"].startswith("/login/"), pattern.name


@pytest.mark.django_db
@pytest.mark.parametrize("role", roles.ROLES)
def test_each_role_is_refused_exactly_where_the_table_says(client, staff, role):
    ids = objects_for_routes()
    client.force_login(staff[role])
    for route, pattern in url_patterns():
        capability = getattr(pattern.callback, "required_capability", None)
        if capability is None:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(path_for(route, ids))
            allowed = role in roles.roles_with(capability)
            if allowed:
                assert response.status_code != 403, (pattern.name, method)
            else:
                assert response.status_code == 403, (pattern.name, method)


def test_the_readme_shows_the_role_table_of_the_code():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert roles.as_markdown() in readme


@pytest.mark.django_db
def test_the_role_groups_hold_exactly_the_table_s_permissions():
    from django.contrib.auth.models import Group

    for role in roles.ROLES:
        codenames = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        assert codenames == set(roles.capabilities_of(role)), role


def test_passwords_are_hashed_with_argon2():
    from velkomst import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
