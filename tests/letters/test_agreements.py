"""Lease, house rules and programme contract: text extracted from each PDF has the names and dates in each language,
Cyrillic comes out as Cyrillic, and each letter is archived on the case with its channel."""
import io
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from tests.factories import make_case, make_household, make_person
from tests.housing.factories import make_location, make_room
from velkomst.audit.models import AccessLog
from velkomst.housing.models import HouseRules, Tenancy
from velkomst.letters import agreements, services
from velkomst.letters.models import Letter
from velkomst.programme.models import Enrolment

LETTER_DAY = date(2026, 11, 26)


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def family(caseworker):
    mother = make_person(first_name="Олена", last_name="Шевченко", cpr="170590-1234", birth_date=date(1990, 5, 17), languages="ukrainsk")
    son = make_person(first_name="Андрій", last_name="Шевченко", birth_date=date(2015, 2, 1), gender="M")
    household = make_household((mother, "applicant"), (son, "child"))
    case = make_case(person=mother, household=household, caseworker=caseworker, readiness="job_ready")
    location = make_location(name="Sjællandsgade", address="Sjællandsgade 40, 2200 København N")
    HouseRules.objects.create(location=location, version=2, valid_from=date(2026, 1, 5), text="Cykler stilles i gården.")
    room = make_room(location, number="2.14", beds=3)
    tenancy = Tenancy.objects.create(household=household, room=room, moved_in_on=date(2026, 3, 20), persons=2,
                                     household_type="children_1_3", monthly_rent=Decimal("4932.00"))
    return {"case": case, "tenancy": tenancy, "mother": mother}


@pytest.mark.django_db
def test_the_lease_names_the_tenant_room_date_and_rent_in_danish_and_ukrainian(family):
    danish, ukrainian = pages(agreements.lease_pdf(family["tenancy"], "uk", letter_date=LETTER_DAY, case_number=family["case"].number))
    assert "Lejekontrakt for midlertidig indkvartering" in danish
    assert "Олена Шевченко (Olena Shevchenko)" in danish and "Андрій" not in danish  # the child is not a tenant
    assert "20.03.2026" in danish and "26.11.2026" in danish and "4.932,00 kr." in danish and "Sjællandsgade 40" in danish
    assert "Договір оренди тимчасового житла" in ukrainian
    assert "Олена Шевченко" in ukrainian and "Olena" not in ukrainian
    assert "20.03.2026" in ukrainian and "4 932,00 DKK" in ukrainian and "кімната 2.14" in ukrainian


@pytest.mark.django_db
def test_the_lease_in_english_keeps_danish_letters(family):
    danish, english = pages(agreements.lease_pdf(family["tenancy"], "en", letter_date=LETTER_DAY, case_number="2026-00001"))
    assert "Sjællandsgade" in english and "The tenancy begins on 20.03.2026." in english
    assert "DKK 4,932.00" in english and "Olena Shevchenko" in english


@pytest.mark.django_db
def test_the_house_rules_carry_the_location_s_own_rules_and_dates_in_each_language(family):
    danish, ukrainian = pages(agreements.house_rules_pdf(family["tenancy"], "uk", letter_date=LETTER_DAY, case_number="2026-00001",
                                                        person=family["mother"]))
    assert "Husorden for Sjællandsgade" in danish and "Cykler stilles i gården." in danish
    assert "Gælder fra den 05.01.2026" in danish and "26.11.2026" in danish
    assert "Правила проживання: Sjællandsgade" in ukrainian and "Діють з 05.01.2026" in ukrainian and "Олена Шевченко" in ukrainian


@pytest.mark.django_db
def test_the_programme_contract_shows_both_programme_names_and_the_start(family):
    enrolment = Enrolment.objects.create(case=family["case"], started_on=date(2026, 4, 6), norm_hours=Decimal("30.0"))
    danish, ukrainian = pages(agreements.contract_pdf(enrolment, "uk", letter_date=LETTER_DAY))
    assert "Kontrakt om introduktionsprogram" in danish and "selvforsørgelses- og hjemrejseprogram" in danish
    assert "17.05.1990" in danish and "06.04.2026 med 30 timer" in danish and "jobparat" in danish
    assert "Контракт про вступну програму" in ukrainian and "06.04.2026" in ukrainian and "17.05.1990" in ukrainian
    _, english = pages(agreements.contract_pdf(enrolment, "en", letter_date=LETTER_DAY))
    assert "The programme begins on 06.04.2026 with 30 hours a week." in english


@pytest.mark.django_db
def test_each_letter_is_archived_on_the_case_with_its_channel_and_logged(family, caseworker):
    lease = services.lease_send(by=caseworker, tenancy=family["tenancy"], language="uk", today=LETTER_DAY)
    assert (lease.case, lease.kind, lease.languages, lease.channel) == (family["case"], "lease", "da,uk", Letter.Channel.DIGITAL_POST)
    assert AccessLog.objects.filter(user=caseworker, action="export", object_type="letter", person=family["mother"]).exists()
    family["mother"].cpr = None
    family["mother"].save()
    rules = services.house_rules_send(by=caseworker, tenancy=family["tenancy"], language="en", today=LETTER_DAY)
    assert rules.channel == Letter.Channel.PAPER
    assert family["case"].journal.filter(text__startswith="Husorden (").exists()
    assert "Dato: 26.11.2026" in pages(bytes(lease.pdf))[0]  # dated the caller's day


@pytest.mark.django_db
def test_digital_post_counts_the_age_on_the_letter_s_day(family, caseworker):
    son = family["case"].household.members.get(relation="child").person
    son.cpr = "010211-4235"  # 15 on 01.02.2026
    son.birth_date = date(2011, 2, 1)
    son.save()
    case = make_case(person=son, household=family["case"].household)
    enrolment = Enrolment.objects.create(case=case, started_on=date(2026, 4, 6), norm_hours=Decimal("30.0"))
    assert services.contract_send(by=caseworker, enrolment=enrolment, language="uk", today=date(2026, 1, 31)).channel == Letter.Channel.PAPER
    assert services.contract_send(by=caseworker, enrolment=enrolment, language="uk", today=date(2026, 2, 1)).channel == Letter.Channel.DIGITAL_POST


def test_a_language_without_texts_is_refused():
    with pytest.raises(ValueError):
        agreements._check_language("ar")


@pytest.mark.django_db
def test_a_character_the_font_cannot_draw_is_marked_not_dropped(family):
    family["mother"].first_name = "Олена 😀"
    family["mother"].save()
    family["tenancy"].household.members.get(person=family["mother"]).person.refresh_from_db()
    danish, _ukrainian = pages(agreements.lease_pdf(family["tenancy"], "uk", letter_date=LETTER_DAY, case_number="2026-00001"))
    assert "Олена ? Шевченко" in danish


@pytest.mark.django_db
def test_the_letters_use_the_house_rules_valid_on_the_letter_s_day_in_the_letter_s_language(family):
    location = family["tenancy"].room.location
    HouseRules.objects.create(location=location, version=3, valid_from=date(2027, 1, 1), text="Ny husorden fra nytår.",
                              text_uk="Нові правила з Нового року.")
    HouseRules.objects.filter(location=location, version=2).update(text_uk="Велосипеди ставлять у дворі.", text_en="Bicycles go in the yard.")
    # Before the new year: version 2, in Danish, and in Ukrainian from its translation.
    danish, ukrainian = pages(agreements.house_rules_pdf(family["tenancy"], "uk", letter_date=LETTER_DAY, case_number="2026-00001",
                                                        person=family["mother"]))
    assert "Cykler stilles i gården." in danish and "Ny husorden" not in danish
    assert "Велосипеди ставлять у дворі." in ukrainian
    # From the new year: version 3; its English page refers to the Danish text, as no English translation was given.
    danish, english = pages(agreements.house_rules_pdf(family["tenancy"], "en", letter_date=date(2027, 1, 4), case_number="2026-00001",
                                                      person=family["mother"]))
    assert "Ny husorden fra nytår." in danish and "Gælder fra den 01.01.2027" in danish
    assert "The location's own rules (in Danish) are on the first page." in english


@pytest.mark.django_db
def test_the_lease_carries_the_location_s_house_rules_valid_on_its_day(family):
    HouseRules.objects.filter(location=family["tenancy"].room.location).update(text_uk="Велосипеди ставлять у дворі.")
    danish, ukrainian = pages(agreements.lease_pdf(family["tenancy"], "uk", letter_date=LETTER_DAY, case_number="2026-00001"))
    assert "Husorden for Sjællandsgade, version 2, gældende fra den 05.01.2026:" in danish and "Cykler stilles i gården." in danish
    assert "версія 2" in ukrainian and "Велосипеди ставлять у дворі." in ukrainian
    # A letter dated before the first version names none.
    danish, _ = pages(agreements.lease_pdf(family["tenancy"], "uk", letter_date=date(2025, 12, 1), case_number="2026-00001"))
    assert "Husorden for Sjællandsgade, version" not in danish
