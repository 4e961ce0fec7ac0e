"""The demo population matches the presentation's figures (DOMAIN.md) as of 26.11.2026."""

import pytest
from django.core.management import call_command

from velkomst.demo.tables import PRESENTATION_DATE as AS_OF
from velkomst.people.models import Person
from velkomst.reports.figures import kpis

EXPECTED = {
    "ukrainians_referred_total": 6200,  # "6,200+"
    "ukrainians_living_in_municipality": 4800,
    "ukrainians_employed": 1600,
    "employment_rate_job_ready": 0.81,
    "in_programme": 900,
    "work_obligation": 85,
    "patients_arrived": 62,
    "patients_remaining": 27,
    "quota_refugees_living": 230,
    "quota_refugees_in_temporary_housing": 200,
    "quota_refugees_expected_this_year": 63,
    "ukrainians_in_temporary_housing": 3300,
    "housed_total": 3500,
    "pets_total": 90,
    "share_female": 0.55,
    "share_age_0_15": 0.16,
    "share_age_16_66": 0.77,
    "share_age_67_plus": 0.07,
}
SHARES = {"employment_rate_job_ready", "share_female", "share_age_0_15", "share_age_16_66", "share_age_67_plus"}


def within(actual, expected, key):
    if key in SHARES:
        return abs(actual - expected) <= 0.02
    return abs(actual - expected) <= max(2, 0.02 * expected)


@pytest.fixture(scope="module")
def figures(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", as_of=AS_OF)
        try:
            yield kpis(AS_OF)  # what the dashboard and `velkomst kpi` show
        finally:
            from velkomst.demo.loader import clear

            clear()


@pytest.mark.django_db
@pytest.mark.parametrize("key", EXPECTED)
def test_the_demo_figure_matches_the_presentation(figures, key):
    assert within(figures[key], EXPECTED[key], key), (key, figures[key])


def test_every_demo_cpr_number_agrees_with_birth_date_and_gender():
    from velkomst.demo.planner.population import plan_population
    from velkomst.lib import cpr

    for person in plan_population(scale=0.2, seed=2026, as_of=AS_OF).persons:
        if person.cpr:
            assert cpr.parse(person.cpr, today=AS_OF) == (person.birth_date, person.gender)


@pytest.mark.django_db
def test_the_demo_refuses_to_overwrite_data_without_replace(figures):
    from django.core.management.base import CommandError

    assert Person.objects.exists()
    with pytest.raises(CommandError, match="--replace"):
        call_command("demo", as_of=AS_OF)
