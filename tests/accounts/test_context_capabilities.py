"""The templates' `can`: the capabilities a user holds, read in one go, as `has_perm` answers them one by one."""
import pytest
from django.test import RequestFactory

from velkomst.accounts import roles
from velkomst.accounts.context_processors import role
from velkomst.accounts.models import User


def _can(user) -> set[str]:
    request = RequestFactory().get("/")
    request.user = user
    return role(request)["can"]


@pytest.mark.django_db
@pytest.mark.parametrize("role_name", roles.ROLES)
def test_each_role_s_templates_see_what_has_perm_grants(staff, role_name):
    user = User.objects.get(pk=staff[role_name].pk)
    expected = {name for name in roles.CAPABILITIES if user.has_perm(f"accounts.{name}")}
    assert _can(User.objects.get(pk=user.pk)) == expected == set(roles.capabilities_of(role_name))


@pytest.mark.django_db
def test_a_superuser_holds_every_capability_and_an_inactive_user_none(staff):
    superuser = User.objects.create_superuser("root-test", password="x-Velkomst-2026!")
    assert _can(superuser) == set(roles.CAPABILITIES)
    inactive = User.objects.get(pk=staff[roles.MANAGER].pk)
    inactive.is_active = False
    assert _can(inactive) == set()


def test_the_capabilities_are_read_once_not_one_has_perm_each(monkeypatch):
    user = User(username="someone")
    monkeypatch.setattr(User, "has_perm", lambda *args: pytest.fail("one has_perm per capability"))
    monkeypatch.setattr(User, "get_all_permissions", lambda self, obj=None: {"accounts.view_person"})
    monkeypatch.setattr(User, "role", roles.CASEWORKER, raising=False)
    request = RequestFactory().get("/")
    request.user = user
    assert role(request)["can"] == {"view_person"}
