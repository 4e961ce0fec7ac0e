"""A teacher's class list: her own classes (every class with a filter), in natural order."""
import pytest

from tests.programme.factories import make_class
from velkomst.accounts import roles
from velkomst.lib.text import natural_key


def test_numbers_in_names_sort_by_value():
    assert sorted(["Hold 10", "hold 2", "Hold 1", "Hold 11"], key=natural_key) == ["Hold 1", "hold 2", "Hold 10", "Hold 11"]


@pytest.mark.django_db
def test_a_teacher_sees_her_own_classes_first_and_every_class_on_request(client_as, staff):
    teacher = staff[roles.TEACHER]
    for name in ("Hold 10", "Hold 2", "Hold 1"):
        make_class(name=name, teacher=teacher)
    make_class(name="Hold 3")  # someone else's
    client = client_as(teacher)
    own = [c.name for c in client.get("/education/classes/").context["classes"]]
    assert own == ["Hold 1", "Hold 2", "Hold 10"]
    every = [c.name for c in client.get("/education/classes/", {"show": "all"}).context["classes"]]
    assert every == ["Hold 1", "Hold 2", "Hold 3", "Hold 10"]


@pytest.mark.django_db
def test_other_roles_see_every_class(client_as, staff):
    make_class(name="Hold 3")
    assert [c.name for c in client_as(staff[roles.COMPANY_CONSULTANT]).get("/education/classes/").context["classes"]] == ["Hold 3"]
