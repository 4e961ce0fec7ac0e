"""`velkomst demo` builds the centre as seen on the day it is built for (default: today), on any day."""
import hashlib
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Max

from velkomst.demo.tables import DEMO_HOST, EARLIEST_AS_OF
from velkomst.demo.users import DEMO_CASEWORKER
from velkomst.documents.models import Document
from velkomst.documents.selectors import read_file
from velkomst.housing.models import Tenancy
from velkomst.lib.dates import monday_of
from velkomst.people.models import Case, CaseStatus, CaseStatusChange
from velkomst.programme.models import Attendance
from velkomst.reception.models import Appointment, Referral
from velkomst.reports.figures import dashboard
from velkomst.rules import deadlines as dl

SCALE = 0.05
LEAP_DAY = date(2028, 2, 29)
NEW_YEARS_EVE = date(2026, 12, 31)


@pytest.fixture(scope="module", params=[LEAP_DAY, NEW_YEARS_EVE], ids=["29.02.2028", "31.12.2026 (today)"])
def as_of(request, django_db_setup, django_db_blocker):
    """The demo at a small scale, built for the day; New Year's Eve as the default day (the clock says so)."""
    day = request.param
    with django_db_blocker.unblock():
        if day == NEW_YEARS_EVE:
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr("django.utils.timezone.localdate", lambda *args: NEW_YEARS_EVE)
                call_command("demo", scale=SCALE, stdout=StringIO())
        else:
            call_command("demo", scale=SCALE, as_of=day, stdout=StringIO())
        try:
            yield day
        finally:
            from velkomst.demo.loader import clear

            clear()


@pytest.mark.django_db
def test_someone_was_referred_in_the_last_weeks_and_is_being_prepared(as_of):
    assert Case.objects.filter(referral_decision_date__gt=as_of - timedelta(days=21)).exists()
    assert Case.objects.filter(status=CaseStatus.REFERRED, takeover_date__gt=as_of).exists()
    assert Referral.objects.exists()


@pytest.mark.django_db
def test_nothing_happened_after_the_day(as_of):
    assert Case.objects.aggregate(last=Max("referral_decision_date"))["last"] <= as_of
    assert Case.objects.aggregate(last=Max("arrival_date"))["last"] <= as_of
    assert CaseStatusChange.objects.aggregate(last=Max("on"))["last"] <= as_of
    assert not Tenancy.objects.filter(moved_in_on__gt=as_of).exists()
    assert not Tenancy.objects.filter(moved_out_on__gt=as_of).exists()
    assert Attendance.objects.aggregate(last=Max("on"))["last"] < as_of


@pytest.mark.django_db
def test_each_status_change_ends_when_the_next_takes_effect(as_of):
    """The demo bulk-creates the history (no save()): its `until` must be what `link_periods` gives."""
    from velkomst.people.models import link_periods

    before = list(CaseStatusChange.objects.order_by("id").values_list("id", "until"))
    link_periods()
    assert list(CaseStatusChange.objects.order_by("id").values_list("id", "until")) == before
    assert CaseStatusChange.objects.filter(until__isnull=False).exists()


@pytest.mark.django_db
def test_each_household_s_member_counts_are_those_of_its_members(as_of):
    """The demo bulk-creates the households (no service): their counts must be what `recount_members` gives."""
    from velkomst.people.models import Household, recount_members

    columns = ("id", "member_count", "women", "men", "youngest_birth_date")
    before = list(Household.objects.order_by("id").values_list(*columns))
    recount_members()
    assert list(Household.objects.order_by("id").values_list(*columns)) == before
    assert Household.objects.filter(member_count__gte=2).exists()


@pytest.mark.django_db
def test_every_deadline_of_the_cases_being_received_is_computed(as_of):
    cases = Case.objects.filter(status__in=[CaseStatus.REFERRED, CaseStatus.ARRIVED])
    assert cases.exists()
    for case in cases:
        assert case.takeover_date, case.number
        for deadline in dl.deadlines_for(takeover=case.takeover_date, arrival=case.arrival_date, contract_meeting=None):
            assert deadline.target or deadline.legal_limit or deadline.kind in (dl.WELCOME_MEETING, dl.PROGRAMME_START)
            dl.deadline_state(deadline, done_on=None, today=as_of)


@pytest.mark.django_db
def test_meetings_were_held_before_the_day_and_are_booked_after_it(as_of):
    from django.utils import timezone

    held = Appointment.objects.filter(status=Appointment.Status.COMPLETED)
    booked = Appointment.objects.filter(status=Appointment.Status.PLANNED)
    assert held.exists() and booked.exists()
    assert all(timezone.localdate(a.starts_at) < as_of for a in held)
    assert all(timezone.localdate(a.starts_at) > as_of for a in booked)


@pytest.mark.django_db
def test_the_dashboard_charts_end_on_the_day(as_of):
    d = dashboard(as_of)
    assert d.referrals[-1]["monday"] == monday_of(as_of)
    assert sum(week["total"] for week in d.referrals[-4:]) > 0
    assert (d.moves[-1]["month"].year, d.moves[-1]["month"].month) == (as_of.year, as_of.month)


@pytest.mark.django_db
def test_the_demo_refuses_a_day_before_its_history():
    with pytest.raises(CommandError, match=EARLIEST_AS_OF.isoformat()):
        call_command("demo", as_of=date(2024, 6, 1))


@pytest.mark.django_db
def test_every_lease_has_the_demo_cap_of_its_start_year_and_the_year_seen_on_has_caps(as_of):
    """The demo enters the caps of every year its tenancies start in and of the year it is seen on (tables.py: 2023's caps are
    the regulation's, the other years illustrative). The test installation's own caps are written over the demo's by the
    suite's fixture, so the demo's are compared with the planner's table."""
    from velkomst.demo.planner.housing_events import rent_caps
    from velkomst.housing.models import HouseholdType

    leases = list(Tenancy.objects.values_list("moved_in_on", "household_type", "monthly_rent"))
    years = {moved_in_on.year for moved_in_on, _kind, _rent in leases} | {as_of.year}
    caps = rent_caps(years)
    assert all((as_of.year, kind) in caps for kind in HouseholdType.values)
    assert all(rent == caps[(moved_in_on.year, kind)] for moved_in_on, kind, rent in leases)
    assert {rent for moved_in_on, _kind, rent in leases if moved_in_on.year == 2023} <= {2467, 4520, 4932, 5343}
    assert len({moved_in_on.year for moved_in_on, _kind, _rent in leases}) >= 3


def test_a_few_synthetic_documents_hang_on_the_demo_caseworker_s_cases_and_the_demo_host_s_tenancies(as_of):
    documents = list(Document.objects.select_related("person", "case__caseworker", "tenancy__room__location"))
    assert 5 <= len(documents) <= 30
    assert {"residence_permit", "signed_lease", "signed_house_rules", "medical"} <= {d.kind for d in documents}
    assert all(d.dated_on <= as_of for d in documents)
    for document in documents:
        assert hashlib.sha256(read_file(document)).hexdigest() == document.sha256
        if document.case_id:
            assert document.case.caseworker.username == DEMO_CASEWORKER
        if document.tenancy_id:
            assert document.tenancy.room.location.hosts.filter(username=DEMO_HOST).exists()
