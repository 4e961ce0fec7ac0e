"""The whole team's worklist in the browser: a long list is paged on its own, and a row leads on to the case."""
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import make_staff
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import make_case, make_person
from velkomst.accounts import roles


@pytest.mark.django_db(transaction=True)
def test_reception_pages_through_the_overdue_deadlines_and_opens_a_case(page):
    make_staff("jonas", roles.RECEPTION, first_name="Jonas", last_name="Krogh")
    today = timezone.localdate()
    for days in range(40, 54):  # 14 cases whose legal limits have passed: more overdue deadlines than a page holds
        day = today - timedelta(days=days)
        make_case(takeover_date=day, arrival_date=day, person=make_person(last_name=f"Sen{days}"))

    log_in(page, "jonas")
    page.get_by_role("link", name="Arbejdsliste").click()
    page.get_by_role("heading", name="Arbejdsliste", level=1).wait_for()
    overdue = page.get_by_role("navigation", name="Overskredne frister")
    assert "Viser 1–25 af 56." in overdue.inner_text()  # 4 overdue deadlines a case: the programme start waits for the contract meeting
    assert_accessible(page, "worklist")

    overdue.get_by_role("link", name="Næste").click()
    page.wait_for_url("**/reception/worklist/?overdue=2#overdue")
    overdue = page.get_by_role("navigation", name="Overskredne frister")
    assert "Viser 26–50 af 56." in overdue.inner_text() and "Side 2 af 3" in overdue.inner_text()
    assert_accessible(page, "worklist, page 2 of the overdue deadlines")

    first_row = page.get_by_role("table", name="Overskredne frister (56)").get_by_role("row").nth(1)
    first_row.get_by_role("link").first.click()
    page.get_by_role("heading", level=1).wait_for()
    assert "/reception/cases/" in page.url
    assert_accessible(page, "the case's meetings")
