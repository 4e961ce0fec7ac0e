"""A placement recorded before its first day leaves the case "in the programme"; the daily step puts it "in placement"
on that day (the same step that makes a case employed on a job's first day), dated the first day."""
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.programme.factories import make_offer, make_participant
from velkomst.companies.services import placement_start, placements_starting_apply

TODAY = date(2026, 11, 26)
FIRST_DAY = date(2026, 12, 7)


@pytest.mark.django_db
def test_a_placement_starting_later_takes_effect_on_its_first_day_by_the_daily_step(staff):
    consultant = staff["company_consultant"]
    case = make_participant(readiness="activity_ready")
    placement = placement_start(by=consultant, offer=make_offer(), case=case, starts_on=FIRST_DAY, today=TODAY)
    case.refresh_from_db()
    assert case.status == "in_programme"
    assert case.plan_items.filter(placement=placement, valid_from=FIRST_DAY).exists()  # planned from its first day all the same

    assert placements_starting_apply(today=FIRST_DAY.replace(day=6)) == 0
    out = StringIO()
    call_command("programme_daily", as_of=FIRST_DAY, stdout=out)
    assert "1 case went into placement" in out.getvalue()
    case.refresh_from_db()
    assert case.status == "in_placement"
    change = case.status_changes.filter(status="in_placement").get()
    assert (change.on, change.by) == (FIRST_DAY, consultant)
    assert placements_starting_apply(today=date(2026, 12, 8)) == 0  # idempotent


@pytest.mark.django_db
def test_a_placement_starting_today_sets_the_status_at_once(staff):
    case = make_participant(readiness="activity_ready")
    placement_start(by=staff["company_consultant"], offer=make_offer(), case=case, starts_on=TODAY, today=TODAY)
    case.refresh_from_db()
    assert case.status == "in_placement"


@pytest.mark.django_db
def test_a_citizen_placed_from_a_later_day_is_not_placed_twice(staff):
    consultant = staff["company_consultant"]
    case = make_participant(readiness="activity_ready")
    placement_start(by=consultant, offer=make_offer(), case=case, starts_on=FIRST_DAY, today=TODAY)
    with pytest.raises(ValidationError) as error:
        placement_start(by=consultant, offer=make_offer(), case=case, starts_on=FIRST_DAY, today=TODAY)
    assert "07.12.2026" in error.value.message_dict["case"][0]


@pytest.mark.django_db
def test_the_daily_step_leaves_a_case_that_left_the_programme_alone(staff):
    case = make_participant(readiness="activity_ready")
    placement_start(by=staff["company_consultant"], offer=make_offer(), case=case, starts_on=FIRST_DAY, today=TODAY)
    type(case).objects.filter(pk=case.pk).update(status="left")
    assert placements_starting_apply(today=FIRST_DAY) == 0
