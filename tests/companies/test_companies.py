from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from stdnum.dk import cvr

from tests.programme.factories import make_class, make_company, make_offer, make_participant, on_roster
from velkomst.companies import matching
from velkomst.companies.selectors import candidates_for
from velkomst.companies.services import company_create, placement_outcome, placement_start
from velkomst.demo.planner.programme import cvr_number
from velkomst.education.models import LearnerPlacement, ModuleResult


def test_the_demo_s_cvr_numbers_pass_the_check_digit():
    assert all(cvr.is_valid(cvr_number(n)) for n in range(1, 500))


@pytest.mark.django_db
def test_a_company_with_a_bad_cvr_number_is_refused_naming_the_field(staff):
    with pytest.raises(ValidationError) as error:
        company_create(by=staff["company_consultant"], cvr="13585627", name="Fejl ApS", sector=1, ownership="private")
    assert "cvr" in error.value.message_dict
    assert company_create(by=staff["company_consultant"], cvr="DK 13585628", name="Ok ApS", sector=1, ownership="private").cvr == "13585628"


@pytest.mark.django_db
def test_the_company_page_names_the_cvr_field_on_bad_input(client, staff):
    client.force_login(staff["company_consultant"])
    response = client.post("/companies/", {"cvr": "12345678", "name": "Fejl ApS", "ownership": "private"})
    assert response.status_code == 400
    assert "CVR-nummeret er ikke gyldigt" in response.content.decode()


def test_candidates_are_ranked_by_availability_sector_danish_and_distance():
    offer = matching.OfferNeeds(sector=1, danish_modules=2, workplace=(55.6717, 12.5440))
    near = (55.672, 12.545)
    far = (55.73, 12.36)
    ranked = matching.rank(offer, [
        matching.Candidate(1, sector=1, danish_modules=2, available=False, home=near),
        matching.Candidate(2, sector=2, danish_modules=4, available=True, home=near),
        matching.Candidate(3, sector=1, danish_modules=3, available=True, home=far),
        matching.Candidate(4, sector=1, danish_modules=3, available=True, home=near),
        matching.Candidate(5, sector=1, danish_modules=0, available=True, home=near),
    ])
    assert [r.candidate.case_id for r in ranked] == [4, 3, 5, 2, 1]


def test_distance_is_straight_line_between_approximate_points():
    assert matching.distance_km((55.6717, 12.5440), (55.6717, 12.5440)) == 0
    assert 10 < matching.distance_km(matching.location_coordinates("dortheagaarden"), matching.postcode_coordinates("Køge Bugt 1, 2770 Kastrup")) < 12
    assert matching.location_coordinates("x", "Sjællandsgade") == matching.LOCATION_COORDINATES["sjaellandsgade"]
    assert matching.location_coordinates("x", "", "Vej 1, 2500 Valby") is not None
    assert matching.distance_km(None, (55.0, 12.0)) is None


@pytest.mark.django_db
def test_the_consultant_sees_candidates_of_the_same_sector_with_enough_danish_first(staff):
    offer = make_offer(make_company(sector=2), danish_needed=2)
    ready = make_participant(readiness="job_ready")
    other = make_participant(readiness="job_ready")
    on_roster(make_class(kind="sector", sector=2), ready)
    placement = LearnerPlacement.objects.create(case=ready, suggested_track="DU2", track="DU2", decision_reason="x", started_on=date(2026, 1, 5))
    ModuleResult.objects.bulk_create([ModuleResult(placement=placement, module=m, test_on=date(2026, 3, m), passed=True) for m in (1, 2)])

    rows = candidates_for(user=staff["company_consultant"], offer=offer, filters=matching.Filters(enough_danish=False)).rows

    assert [r.case for r in rows] == [ready, other]
    assert rows[0].ranked.sector_match and rows[0].ranked.danish_ok and not rows[1].ranked.danish_ok
    assert [r.case for r in candidates_for(user=staff["company_consultant"], offer=offer).rows] == [ready]


@pytest.mark.django_db
def test_a_job_internship_beyond_four_weeks_for_a_job_ready_citizen_needs_a_reason(staff):
    consultant = staff["company_consultant"]
    case = make_participant(readiness="job_ready")
    offer = make_offer(weeks=6, kind="job_internship")
    with pytest.raises(ValidationError) as error:
        placement_start(by=consultant, offer=offer, case=case, starts_on=date(2026, 12, 7), today=date(2026, 12, 7))
    assert "ends_on" in error.value.message_dict and "03.01.2027" in error.value.message_dict["ends_on"][0]
    placement = placement_start(by=consultant, offer=offer, case=case, starts_on=date(2026, 12, 7), today=date(2026, 12, 7), extension_reason="Forlænget efter aftale")
    case.refresh_from_db()
    assert case.status == "in_placement" and placement.extension_reason
    assert case.plan_items.filter(placement=placement).count() == 3


@pytest.mark.django_db
def test_a_public_wage_subsidy_may_last_four_months(staff):
    case = make_participant(readiness="activity_ready")
    offer = make_offer(make_company(ownership="public"), kind="wage_subsidy", weeks=18)
    with pytest.raises(ValidationError, match="4 måneder|4 months"):
        placement_start(by=staff["company_consultant"], offer=offer, case=case, starts_on=date(2026, 12, 7), today=date(2026, 12, 7))


@pytest.mark.django_db
def test_being_hired_after_a_placement_records_the_job(staff):
    consultant = staff["company_consultant"]
    case = make_participant(readiness="activity_ready")
    placement = placement_start(by=consultant, offer=make_offer(), case=case, starts_on=date(2026, 12, 7), today=date(2026, 12, 7))
    with pytest.raises(ValidationError) as error:
        placement_outcome(by=consultant, placement=placement, outcome="hired", on=date(2026, 12, 31), today=date(2027, 1, 1))
    assert "monthly_income" in error.value.message_dict
    placement_outcome(by=consultant, placement=placement, outcome="hired", on=date(2026, 12, 31), today=date(2027, 1, 1), hours_per_week=Decimal("30"),
                      monthly_income=Decimal("21000"))
    case.refresh_from_db()
    assert case.status == "employed"
    assert case.employments.get().employer == placement.offer.company.name
    assert not case.plan_items.filter(valid_to__isnull=True).exists() or case.plan_items.filter(valid_to__gte=date(2027, 1, 1)).count() == 0


@pytest.mark.django_db
def test_dropping_out_returns_the_citizen_to_the_programme(staff):
    consultant = staff["company_consultant"]
    case = make_participant(readiness="activity_ready")
    placement = placement_start(by=consultant, offer=make_offer(), case=case, starts_on=date(2026, 12, 7), today=date(2026, 12, 7))
    placement_outcome(by=consultant, placement=placement, outcome="dropped_out", on=date(2026, 12, 9), today=date(2026, 12, 9))
    case.refresh_from_db()
    assert case.status == "in_programme"
    assert all(i.valid_to <= date(2026, 12, 9) for i in case.plan_items.filter(placement=placement))


@pytest.mark.django_db
def test_the_matching_page_s_query_count_does_not_grow_with_candidates(client, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    offer = make_offer()
    client.force_login(staff["company_consultant"])
    make_participant()
    with CaptureQueriesContext(connection) as few:
        client.get(f"/companies/offers/{offer.pk}/")
    for _ in range(15):
        make_participant()
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/companies/offers/{offer.pk}/").status_code == 200
    assert len(few) == len(many)
