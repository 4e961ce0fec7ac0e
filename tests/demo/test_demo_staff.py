"""The demo's staff: the caseworkers who share the caseload come in the order the plan counts them."""
import pytest

from velkomst.accounts import roles
from velkomst.demo.loader.people import staff_create


@pytest.mark.django_db
def test_the_caseworkers_come_in_the_plan_s_order_past_a_hundred():
    """A 10x demo has 240 caseworkers: sb100 sorts before sb11 by name, but the plan's index is the order of creation."""
    caseworkers = staff_create(120)
    assert len(caseworkers) == 120
    assert [user.username for user in caseworkers[:2]] == ["sagsbehandler", "sb01"]
    assert [user.username for user in caseworkers[99:102]] == ["sb99", "sb100", "sb101"]
    assert all(user.role == roles.CASEWORKER for user in caseworkers)
