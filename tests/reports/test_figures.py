"""Each figure against a small population counted by hand.

| case | target group | gender, age on 26.11.2026 | status on the date | other |
| --- | --- | --- | --- | --- |
| u1 Olena | Ukrainian | F 36 | employed, job-ready | family with u3 in temporary housing, a cat, a job since 1.6.2026 |
| u3 Daria | Ukrainian | F 11 | arrived | (u1's daughter) |
| u2 Taras | Ukrainian | M 41 | arrived, job-ready | moved to permanent housing 1.10.2026 |
| u4 Petro | Ukrainian | M 76 | left | |
| u5 Iryna | Ukrainian | F 27 | referred 20.11.2026 | |
| u6 Andrii | Ukrainian | M 46 | arrived | patient track, patient |
| u7 Oleh | Ukrainian | M 51 | left 1.8.2026 (arrived before) | patient track, patient |
| q1 Amina | municipal quota | F 34 | in programme | work obligation, temporary housing |
| q2 Yusuf | UN quota, referred 2025 | M 38 | in placement | |
| q3 Sara | UN quota, referred 1.11.2026 | F 32 | referred | |
"""
from collections import defaultdict
from datetime import date

import pytest

from tests.factories import make_case, record_status_change
from tests.reports.factories import AS_OF, small_population
from velkomst.reports import figures

EXPECTED = {
    "ukrainians_referred_total": 7,
    "refugees_referred_total": 3,
    "ukrainians_living_in_municipality": 4,  # u1 u2 u3 u6
    "ukrainians_in_temporary_housing": 2,  # u1 u3
    "ukrainians_employed": 1,
    "employment_rate_job_ready": 0.5,  # u1 of u1, u2
    "jobindsats_employment_rate": 0.3333,  # u1 of u1, u2, u6 (18–66)
    "housed_total": 3,  # u1 u3 q1
    "pets_total": 1,
    "in_programme": 2,  # q1 q2
    "work_obligation": 1,
    "patients_arrived": 2,  # u6 u7
    "patients_remaining": 1,
    "vulnerable_residents": 1,  # u6 (u7 has left)
    "quota_refugees_expected_this_year": 2,  # q1 q3
    "quota_refugees_living": 2,  # q1 q2
    "quota_refugees_in_temporary_housing": 1,
    "share_female": 0.5,  # u1 u3 of four
    "share_age_0_15": 0.25,
    "share_age_16_66": 0.75,
    "share_age_67_plus": 0.0,
}


@pytest.fixture
def population(db):
    return small_population()


@pytest.mark.parametrize("key", EXPECTED)
def test_each_figure_matches_the_hand_count(population, key):
    assert figures.kpis(AS_OF)[key] == EXPECTED[key]


def test_the_kpi_keys_are_the_ones_the_issue_names(population):
    named = {"ukrainians_referred_total", "ukrainians_living_in_municipality", "ukrainians_in_temporary_housing", "ukrainians_employed",
             "employment_rate_job_ready", "housed_total", "pets_total", "in_programme", "work_obligation", "patients_arrived",
             "patients_remaining", "quota_refugees_living", "quota_refugees_in_temporary_housing", "share_female", "share_age_0_15",
             "share_age_16_66", "share_age_67_plus"}
    assert named <= set(figures.kpis(AS_OF))


def test_the_foundation_keys_of_count_figures_are_kept(population):
    values = figures.count_figures(figures.case_rows(AS_OF), AS_OF)
    assert {"ukrainians_referred_total", "ukrainians_living_in_municipality", "ukrainians_employed", "employment_rate_job_ready",
            "in_programme", "work_obligation", "patients_arrived", "patients_remaining", "quota_refugees_living", "share_female",
            "share_age_0_15", "share_age_16_66", "share_age_67_plus"} <= set(values)


def test_the_figures_stand_as_of_an_earlier_date(population):
    values = figures.kpis(date(2026, 9, 1))
    assert values["ukrainians_referred_total"] == 6  # u5 not yet referred
    assert values["ukrainians_in_temporary_housing"] == 3  # u2 still lived there
    assert values["housed_total"] == 4
    assert (values["patients_arrived"], values["patients_remaining"]) == (2, 1)  # u7 left on 1.8.
    assert figures.kpis(date(2026, 7, 31))["patients_remaining"] == 2
    assert values["quota_refugees_expected_this_year"] == 1  # q3 not yet referred


def test_a_tenancy_ends_on_its_move_out_day(population):
    assert figures.kpis(date(2026, 9, 30))["ukrainians_in_temporary_housing"] == 3
    assert figures.kpis(date(2026, 10, 1))["ukrainians_in_temporary_housing"] == 2


def test_a_job_that_ended_before_the_month_does_not_count_for_jobindsats(population):
    from velkomst.programme.models import Employment

    Employment.objects.update(ended_on=date(2026, 10, 31))
    assert figures.kpis(AS_OF)["jobindsats_employment_rate"] == 0
    Employment.objects.update(ended_on=date(2026, 11, 1))
    assert figures.kpis(AS_OF)["jobindsats_employment_rate"] == 0.3333


def test_moves_to_permanent_housing_are_counted_per_month(population):
    moves = figures.moves_to_permanent_housing(AS_OF)
    assert len(moves) == 12
    assert moves[0]["month"] == date(2025, 12, 1) and moves[-1]["month"] == date(2026, 11, 1)
    october = next(m for m in moves if m["month"] == date(2026, 10, 1))
    assert (october["households"], october["persons"]) == (1, 1)
    assert sum(m["households"] for m in moves) == 1


def test_occupancy_counts_persons_living_there_on_the_date(population):
    [line] = figures.occupancy_by_location(AS_OF)
    assert (line.beds, line.occupied) == (9, 3)
    [line] = figures.occupancy_by_location(date(2026, 9, 1))
    assert line.occupied == 4


def test_external_flats_are_shown_together(population):
    from tests.housing.factories import make_location, make_room

    for _ in range(3):
        make_room(make_location(kind="flat"), beds=4)
    lines = figures.occupancy_by_location(AS_OF)
    assert [line.location_id is None for line in lines] == [False, True]
    assert (lines[-1].beds, lines[-1].locations) == (12, 3)


def test_referrals_per_week_count_the_weeks_up_to_the_date(population):
    weeks = figures.referrals_per_week(figures.case_rows(AS_OF), AS_OF)
    assert len(weeks) == 26 and weeks[-1]["monday"] == date(2026, 11, 23)
    assert weeks[-1]["ukrainian"] == 0 and weeks[-1]["partial"]
    assert next(w for w in weeks if w["monday"] == date(2026, 11, 16))["ukrainian"] == 1  # u5 on 20.11.
    assert next(w for w in weeks if w["monday"] == date(2026, 10, 26))["refugee"] == 1  # q3 on 1.11.


def test_the_age_and_gender_chart_counts_ukrainians_living_here(population):
    bands = {b["band"]: b for b in figures.age_gender(figures.case_rows(AS_OF), AS_OF)}
    assert bands["6–15"]["F"] == 1 and bands["35–44"]["M"] == 1 and bands["45–54"]["M"] == 1 and bands["35–44"]["F"] == 1
    assert sum(b["F"] + b["M"] + b["X"] for b in bands.values()) == 4


@pytest.mark.django_db
def test_journey_medians_use_meetings_placements_and_jobs_and_fall_back_to_the_status_history():
    from tests.programme.factories import make_employment, make_offer, make_placement
    from tests.reception.factories import aware, make_appointment

    a = make_case(status="arrived", referral_decision_date=date(2026, 5, 1), arrival_date=date(2026, 5, 11))
    b = make_case(status="arrived", referral_decision_date=date(2026, 6, 1), arrival_date=date(2026, 6, 21))
    make_appointment(case=a, kind="welcome", status="completed", starts_at=aware(date(2026, 5, 18)))
    make_appointment(case=b, kind="welcome", status="planned", starts_at=aware(date(2026, 6, 25)))  # not held: not counted
    make_appointment(case=a, kind="contract", status="completed", starts_at=aware(date(2026, 5, 25)))
    record_status_change(case=b, status="in_programme", on=date(2026, 7, 1))  # b's contract: from the status history
    make_placement(offer=make_offer(starts_on=date(2026, 7, 1)), case=a)
    make_employment(case=b, started_on=date(2026, 9, 20))
    durations = {d.key: d for d in figures.journey_durations(AS_OF)}

    assert (durations["referral_to_arrival"].median, durations["referral_to_arrival"].count) == (15, 2)
    assert durations["arrival_to_welcome"].days == [7]
    assert sorted(durations["arrival_to_contract"].days) == [10, 14]
    assert set(durations["arrival_to_contract"].sources) == {"meeting", "status"}
    assert durations["arrival_to_placement"].days == [51]
    assert durations["arrival_to_job"].days == [91] and durations["arrival_to_job"].sources == {"employment": 1}


def test_the_dashboard_costs_the_same_queries_with_more_data(population, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        figures.dashboard(AS_OF)
    small_population()
    small_population()
    with django_assert_max_num_queries(len(small)):
        figures.dashboard(AS_OF)


@pytest.mark.parametrize("as_of", [AS_OF, date(2026, 9, 1), date(2026, 7, 31), date(2025, 12, 31)])
def test_the_cases_grouped_by_the_database_give_the_figures_of_the_cases_one_by_one(population, as_of):
    """The dashboard counts `case_groups` (a few thousand rows at ten times the demo); the drill-down reads `case_rows`."""
    small_population()  # the same kinds of cases again: groups of two
    groups, rows = figures.case_groups(as_of), figures.case_rows(as_of)
    assert sum(g.weight for g in groups) == len(rows)
    assert len(groups) <= len(rows) // 2
    assert figures.count_figures(groups, as_of) == figures.count_figures(rows, as_of)
    assert figures.age_gender(groups, as_of) == figures.age_gender(rows, as_of)
    assert figures.referrals_per_week(figures.referral_groups(as_of), as_of) == figures.referrals_per_week(rows, as_of)


def _durations_reading_every_case(as_of):
    """The dashboard's first way (every case and every first step read), kept here as the reference that the year's
    reading must agree with."""
    from django.db.models import Min
    from django.utils import timezone

    from velkomst.companies.models import Placement
    from velkomst.people.models import Case, CaseStatusChange
    from velkomst.programme.models import Employment
    from velkomst.reception.models import Appointment

    first = defaultdict(dict)
    by_status = {"arrived": "arrival", "in_programme": "contract", "in_placement": "placement", "employed": "job"}
    for case_id, status, on in (CaseStatusChange.objects.filter(status__in=by_status, on__lte=as_of).values("case_id", "status")
                                .annotate(first=Min("on")).values_list("case_id", "status", "first")):
        first[by_status[status]][case_id] = (on, "status")
    for case_id, kind, at in (Appointment.objects.filter(status="completed", kind__in=["welcome", "contract"], starts_at__isnull=False)
                              .values("case_id", "kind").annotate(at=Min("starts_at")).values_list("case_id", "kind", "at")):
        if timezone.localdate(at) <= as_of:
            first[kind][case_id] = (timezone.localdate(at), "meeting")
    for model, day, step in ((Placement, "starts_on", "placement"), (Employment, "started_on", "job")):
        for case_id, on in model.objects.filter(**{f"{day}__lte": as_of}).values("case_id").annotate(first=Min(day)).values_list("case_id", "first"):
            first[step][case_id] = (on, "employment" if step == "job" else "placement")
    cases = [(pk, (referred, arrived)) for pk, referred, arrived in Case.objects.filter(referral_decision_date__lte=as_of)
             .order_by("pk").values_list("pk", "referral_decision_date", "arrival_date")]
    return figures.durations_of(cases, first, as_of)


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", [AS_OF, date(2026, 7, 15), date(2027, 6, 30)])
def test_the_years_journeys_read_alone_give_the_durations_of_every_case_read(as_of):
    """Edge cases of reading only the year: a step's record before the year hides a status change in it; a record after
    the date does not; an arrival only in the status history; steps of a case that arrived before the year."""
    from tests.programme.factories import make_employment, make_offer, make_placement
    from tests.reception.factories import aware, make_appointment

    old = make_case(status="arrived", referral_decision_date=date(2025, 1, 2), arrival_date=date(2025, 1, 20))
    make_appointment(case=old, kind="contract", status="completed", starts_at=aware(date(2025, 2, 3)))
    record_status_change(case=old, status="in_programme", on=date(2026, 3, 1))  # hidden by the 2025 meeting
    record_status_change(case=old, status="employed", on=date(2026, 10, 1))
    make_employment(case=old, started_on=date(2027, 1, 4))  # after AS_OF: the status counts then
    no_date = make_case(status="arrived", referral_decision_date=date(2026, 2, 1), arrival_date=None)
    record_status_change(case=no_date, status="arrived", on=date(2026, 2, 20))
    record_status_change(case=no_date, status="in_placement", on=date(2026, 6, 1))
    make_placement(offer=make_offer(starts_on=date(2026, 5, 1)), case=no_date)
    late = make_case(status="arrived", referral_decision_date=date(2026, 4, 1), arrival_date=date(2026, 12, 20))
    record_status_change(case=late, status="arrived", on=date(2026, 4, 15))
    make_appointment(case=late, kind="welcome", status="completed", starts_at=aware(date(2026, 4, 20)))
    make_appointment(case=late, kind="welcome", status="completed", starts_at=aware(date(2026, 4, 18)))
    recent = make_case(status="arrived", referral_decision_date=date(2026, 5, 1), arrival_date=date(2026, 5, 11))
    make_appointment(case=recent, kind="contract", status="completed", starts_at=aware(date(2026, 5, 25)))
    record_status_change(case=recent, status="in_programme", on=date(2026, 5, 26))

    expected = [(d.key, d.days, dict(d.sources)) for d in _durations_reading_every_case(as_of)]
    assert [(d.key, d.days, dict(d.sources)) for d in figures.journey_durations(as_of)] == expected
    assert any(days for _key, days, _sources in expected)
