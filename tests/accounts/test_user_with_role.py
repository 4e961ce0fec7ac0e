"""The session's user comes with their role in the same query (`accounts.backends.with_role`), as `User.role` reads it."""
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from velkomst.accounts import roles
from velkomst.accounts.backends import SESSION_USER, RoleBackend
from velkomst.accounts.models import User


@pytest.mark.django_db
@pytest.mark.parametrize("role_name", roles.ROLES)
def test_the_user_read_for_a_session_has_the_role_their_group_gives(staff, role_name):
    user = RoleBackend().get_user(staff[role_name].pk)
    with CaptureQueriesContext(connection) as queries:
        assert user.role == role_name
    assert len(queries) == 0  # read with the user
    assert User.objects.get(pk=user.pk).role == role_name  # as the property reads it from the groups


@pytest.mark.django_db
def test_two_groups_give_the_first_role_of_the_table_and_none_gives_none(staff):
    user = User.objects.create_user("two-hats", password="x-Velkomst-2026!")
    later, earlier = sorted(roles.ROLES[:2], key=roles.ROLES.index, reverse=True)
    user.groups.add(Group.objects.get(name=later), Group.objects.get(name=earlier))
    assert RoleBackend().get_user(user.pk).role == earlier == User.objects.get(pk=user.pk).role
    nobody = User.objects.create_user("no-group", password="x-Velkomst-2026!")
    assert RoleBackend().get_user(nobody.pk).role is None


@pytest.mark.django_db
def test_an_inactive_user_s_session_has_no_user(staff):
    user = staff[roles.CASEWORKER]
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert RoleBackend().get_user(user.pk) is None


@pytest.mark.django_db
def test_a_page_reads_the_groups_in_the_user_s_query_not_after_it(client, staff):
    client.force_login(staff[roles.CASEWORKER])
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/people/search/").status_code == 200
    assert not [q for q in queries.captured_queries if q["sql"].startswith('SELECT "auth_group"')]


@pytest.mark.django_db
def test_the_session_user_s_statement_is_compiled_once_and_reads_each_user_by_their_id(staff):
    """Compiling the role's subquery cost ~1.4 ms on every request (issue 18): it is compiled once, the id passed in."""
    SESSION_USER.__dict__.pop("_compiled", None)  # compiled afresh, once, below
    with CaptureQueriesContext(connection) as queries:
        for role_name in (roles.CASEWORKER, roles.TEACHER):
            user = RoleBackend().get_user(staff[role_name].pk)
            assert (user.pk, user.role) == (staff[role_name].pk, role_name)
    first, second = (q["sql"] for q in queries.captured_queries)
    assert first.endswith(f" = {staff[roles.CASEWORKER].pk}") and second.endswith(f" = {staff[roles.TEACHER].pk}")
    assert first.rsplit(" = ", 1)[0] == second.rsplit(" = ", 1)[0]
    assert RoleBackend().get_user(10**9) is None
