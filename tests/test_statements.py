"""Queries compiled once per process and run with each call's id (`velkomst.statements`, issue 18)."""
import pytest
from django.db.models import Value

from velkomst.accounts import roles
from velkomst.accounts.models import User
from velkomst.statements import Statement


def counted(build):
    calls = []

    def wrapped(id_):
        calls.append(id_)
        return build(id_)
    return wrapped, calls


@pytest.mark.django_db
def test_the_query_is_built_once_and_each_call_reads_its_own_id(staff):
    build, calls = counted(lambda user_id: User.objects.filter(pk=user_id).values_list("pk", flat=True))
    statement = Statement(build)
    teacher, caseworker = staff[roles.TEACHER].pk, staff[roles.CASEWORKER].pk
    assert statement.ids(teacher) == [teacher]
    assert statement.ids(caseworker) == [caseworker]
    assert statement.ids(10**9) == []
    assert len(calls) == 1


@pytest.mark.django_db
def test_instances_come_with_their_annotations_and_an_id_used_twice_is_replaced_twice(staff):
    user = staff[roles.TEACHER]
    statement = Statement(lambda user_id: User.objects.filter(pk=user_id, groups__user=user_id).annotate(greeting=Value("hej")))
    [found] = statement.instances(user.pk)
    assert (found.pk, found.username, found.greeting) == (user.pk, user.username, "hej")
    assert statement.instances(staff[roles.CASEWORKER].pk)[0].username == staff[roles.CASEWORKER].username


@pytest.mark.django_db
def test_a_query_that_does_not_pass_its_id_as_a_parameter_is_refused_not_run(staff):
    statement = Statement(lambda user_id: User.objects.filter(is_active=True))
    with pytest.raises(RuntimeError, match="does not pass its id"):
        statement.ids(staff[roles.TEACHER].pk)
