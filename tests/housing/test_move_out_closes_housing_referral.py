"""A household that moves out to permanent housing has moved into the home its referral (boligindstilling) found: the
host's move-out closes the accepted referral in the same service call, with history and a journal entry, so staff do
not set it by hand."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tests.housing.factories import make_room, make_single
from tests.programme.factories import make_referral
from velkomst.audit.models import AccessLog, FieldChange
from velkomst.housing import services
from velkomst.programme import services as programme_services
from velkomst.programme.models import HousingReferral

ON = date(2026, 11, 26)


def _accepted(household, *, on=date(2026, 11, 20)):
    referral = make_referral(household.cases.get())
    HousingReferral.objects.filter(pk=referral.pk).update(status="accepted", status_on=on, address="Tagensvej 10")
    referral.refresh_from_db()
    return referral


def _moved_in(caseworker, household):
    return services.tenancy_start(by=caseworker, household=household, room=make_room(), moved_in_on=date(2026, 3, 1))


@pytest.mark.django_db
def test_moving_out_to_permanent_housing_closes_the_accepted_referral_with_history_and_journal(caseworker):
    household = make_single()
    tenancy, referral = _moved_in(caseworker, household), _accepted(household)
    services.tenancy_end(by=caseworker, tenancy=tenancy, moved_out_on=ON, reason="permanent_housing", today=ON)
    referral.refresh_from_db()
    assert (referral.status, referral.status_on, referral.address) == ("moved_out", ON, "Tagensvej 10")
    change = FieldChange.objects.get(object_type="housingreferral", object_id=str(referral.pk), field="status")
    assert (change.user, change.old_value, change.new_value, change.person) == (caseworker, "accepted", "moved_out", referral.case.person)
    assert referral.case.journal.filter(text="Permanent bolig: Fraflyttet den 26.11.2026.").exists()
    assert AccessLog.objects.filter(user=caseworker, action="change", object_type="housingreferral", object_id=str(referral.pk)).exists()


@pytest.mark.django_db
def test_a_move_out_for_another_reason_or_to_a_referral_not_yet_accepted_leaves_the_referral(caseworker):
    other = make_single()
    tenancy, referral = _moved_in(caseworker, other), _accepted(other)
    services.tenancy_end(by=caseworker, tenancy=tenancy, moved_out_on=ON, reason="left_denmark", today=ON)
    referral.refresh_from_db()
    assert referral.status == "accepted"

    offered = make_single()
    tenancy, referral = _moved_in(caseworker, offered), make_referral(offered.cases.get())
    services.tenancy_end(by=caseworker, tenancy=tenancy, moved_out_on=ON, reason="permanent_housing", today=ON)
    referral.refresh_from_db()
    assert referral.status == "referred"


@pytest.mark.django_db
def test_moving_out_to_permanent_housing_without_a_referral_still_works(caseworker):
    household = make_single()
    tenancy = services.tenancy_end(by=caseworker, tenancy=_moved_in(caseworker, household), moved_out_on=ON,
                                   reason="permanent_housing", today=ON)
    assert (tenancy.moved_out_on, tenancy.move_out_reason) == (ON, "permanent_housing")
    assert not FieldChange.objects.filter(object_type="housingreferral").exists()


@pytest.mark.django_db
def test_a_refused_move_out_leaves_the_referral_accepted(caseworker):
    household = make_single()
    tenancy, referral = _moved_in(caseworker, household), _accepted(household)
    with pytest.raises(ValidationError):
        services.tenancy_end(by=caseworker, tenancy=tenancy, moved_out_on=date(2026, 12, 1), reason="permanent_housing", today=ON)
    referral.refresh_from_db()
    assert referral.status == "accepted"


@pytest.mark.django_db
def test_closing_the_referral_as_moved_out_ends_the_tenancy_and_records_the_status_change_once(caseworker):
    household = make_single()
    tenancy, referral = _moved_in(caseworker, household), _accepted(household)
    programme_services.housing_referral_update(by=caseworker, referral=referral, status="moved_out", on=ON, today=ON)
    tenancy.refresh_from_db()
    referral.refresh_from_db()
    assert (tenancy.moved_out_on, tenancy.move_out_reason, referral.status) == (ON, "permanent_housing", "moved_out")
    assert FieldChange.objects.filter(object_type="housingreferral", object_id=str(referral.pk), field="status").count() == 1
    assert referral.case.journal.filter(text__startswith="Permanent bolig:").count() == 1
