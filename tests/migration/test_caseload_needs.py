"""The go-live import records the first benefit payment through the people service (the same checks as the page),
the own-room need with its reason, and pets by kind."""
from datetime import date

import pytest

from tests.migration.test_caseload_import import GO_LIVE, setup  # noqa: F401 (the fixture)
from velkomst.audit.models import FieldChange
from velkomst.migration.services import CaseloadRefused, caseload_import
from velkomst.people.models import Household
from velkomst.people.services import household_pet_counts

HEADER = "household;relation;first_name;last_name;birth_date;gender;target_group;referral_decision_date;needs_own_room;own_room_reason;pets;first_benefit_payment_on\n"


def line(key, *, own="no", reason="", pets="0", paid=""):
    return f"{key};applicant;Olena;Shevchenko{key};17.05.1990;F;displaced_ukrainian;02.03.2026;{own};{reason};{pets};{paid}\n"


def test_the_payment_the_own_room_reason_and_pets_by_kind_are_imported_with_history(setup):  # noqa: F811
    caseload_import(by=setup, file_name="c.csv", content=(HEADER + line("A", own="yes", reason="Lægeerklæring", pets="1 dog, 1 cat",
                                                                         paid="15.04.2026")).encode(), as_of=GO_LIVE)
    household = Household.objects.get()
    assert (household.own_room_reason, household.first_benefit_payment_on) == ("Lægeerklæring", date(2026, 4, 15))
    assert household_pet_counts(household) == {"dog": 1, "cat": 1, "other": 0}
    assert FieldChange.objects.filter(object_type="household", field="first_benefit_payment_on", user=setup).exists()


@pytest.mark.parametrize("cells, column", [
    (dict(paid="01.03.2026"), "first_benefit_payment_on"),  # before the referral decision
    (dict(paid="27.11.2026"), "first_benefit_payment_on"),  # after go-live day
    (dict(own="yes"), "own_room_reason"),
    (dict(pets="1 giraf"), "pets"),
])
def test_a_bad_household_cell_is_a_bad_row_and_nothing_is_imported(setup, cells, column):  # noqa: F811
    with pytest.raises(CaseloadRefused) as refused:
        caseload_import(by=setup, file_name="c.csv", content=(HEADER + line("A", **cells)).encode(), as_of=GO_LIVE)
    assert [(e.line, e.column) for e in refused.value.report.errors] == [(2, column)]
    assert not Household.objects.exists()
