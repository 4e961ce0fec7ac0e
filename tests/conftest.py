"""Shared fixtures: the named staff users of every test, and fast password hashing."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation

from velkomst.accounts import roles


@pytest.fixture(autouse=True)
def _danish_by_default():
    """Each test starts in the interface's default language: a request in English earlier in the same
    thread (the locale middleware activates the request's language) must not change the next test."""
    translation.activate("da")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Argon2 stays the production hasher (tests/accounts checks that); tests log in many times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_staff(username: str, role: str | None, **fields):
    user = get_user_model().objects.create_user(username=username, password="test-password-123", **fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return get_user_model().objects.get(pk=user.pk)  # fresh: no stale permission cache


@pytest.fixture
def staff(db):
    """One user per role, plus a second caseworker (a colleague)."""
    users = {role: make_staff(role, role, first_name=role.title(), last_name="Testesen") for role in roles.ROLES}
    users["colleague"] = make_staff("colleague", roles.CASEWORKER, first_name="Kollega", last_name="Andersen")
    return users


@pytest.fixture
def caseworker(staff):
    return staff[roles.CASEWORKER]


@pytest.fixture
def admin_user(staff):
    return staff[roles.ADMIN]


@pytest.fixture
def client_as(client):
    """client_as(user) logs the test client in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
