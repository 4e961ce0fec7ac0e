"""The referral list carries the household's own-room need with its reason, pets by kind and a first benefit payment."""
from datetime import date

import pytest

from tests.reception.test_import import NOW, TODAY, csv_bytes
from velkomst.people.models import Household
from velkomst.people.services import household_pet_counts
from velkomst.reception import importing, services

HEADER = ["household", "relation", "first_name", "last_name", "birth_date", "gender", "referral_decision_date", "population",
          "pets", "own_room", "own_room_reason", "first_benefit_payment"]


def row(*, pets="0", own_room="nej", reason="", paid=""):
    return ["A", "applicant", "Olena", "Shevchenko", "17.05.1990", "F", "02.11.2026", "ukrainian", pets, own_room, reason, paid]


@pytest.mark.django_db
def test_the_own_room_need_pets_by_kind_and_the_first_payment_are_imported(staff):
    content = csv_bytes([row(pets="1 hund, 2 katte", own_room="ja", reason="Lægeerklæring", paid="20.11.2026")], header=HEADER)
    batch = services.referral_import_upload(by=staff["reception"], file_name="liste.csv", content=content, today=TODAY)
    services.referral_import(by=staff["reception"], batch=batch, now=NOW)
    household = Household.objects.get()
    assert (household.needs_own_room, household.own_room_reason, household.first_benefit_payment_on) == (True, "Lægeerklæring", date(2026, 11, 20))
    assert household_pet_counts(household) == {"dog": 1, "cat": 2, "other": 0}


@pytest.mark.parametrize("cells, column", [
    (dict(own_room="ja"), "own_room_reason"),
    (dict(own_room="måske"), "own_room"),
    (dict(pets="en hamster"), "pets"),
    (dict(paid="27.11.2026"), "first_benefit_payment"),
    (dict(paid="01.11.2026"), "first_benefit_payment"),
    (dict(paid="31.02.2026"), "first_benefit_payment"),
])
def test_a_bad_cell_is_a_bad_row_naming_its_column(cells, column):
    parsed = importing.parse("liste.csv", csv_bytes([row(**cells)], header=HEADER), today=TODAY)
    assert [(e.line, e.column) for e in parsed.errors] == [(2, column)]
