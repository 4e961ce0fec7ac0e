"""A small population whose figures are counted by hand in tests/reports/test_figures.py."""
from datetime import date

from tests.factories import make_case, make_household, make_person, record_status_change
from tests.housing.factories import make_location, make_room
from velkomst.housing.models import Tenancy
from velkomst.people.models import Pet

AS_OF = date(2026, 11, 26)


def tenancy(household, room, moved_in_on, moved_out_on=None, reason="", persons=None):
    return Tenancy.objects.create(household=household, room=room, moved_in_on=moved_in_on, moved_out_on=moved_out_on,
                                  move_out_reason=reason, persons=persons or household.members.count(), household_type="single")


def small_population() -> dict:
    """Seven displaced Ukrainians and three quota refugees; see the table in test_figures.py."""
    location = make_location(name="Testgården")
    family_room, single_room, old_room, quota_room = (make_room(location, beds=b) for b in (3, 2, 2, 2))
    olena = make_person(first_name="Olena", last_name="Shevchenko", gender="F", birth_date=date(1990, 1, 10))
    daria = make_person(first_name="Daria", last_name="Shevchenko", gender="F", birth_date=date(2015, 4, 1))
    family = make_household((olena, "applicant"), (daria, "child"))
    u1 = make_case(person=olena, household=family, status="employed", readiness="job_ready")
    u3 = make_case(person=daria, household=family, status="arrived")
    u2 = make_case(person=make_person(first_name="Taras", last_name="Bondar", gender="M", birth_date=date(1985, 2, 2)),
                   status="arrived", readiness="job_ready")
    u4 = make_case(person=make_person(first_name="Petro", last_name="Melnyk", gender="M", birth_date=date(1950, 3, 3)), status="left")
    u5 = make_case(person=make_person(first_name="Iryna", last_name="Koval", gender="F", birth_date=date(1999, 5, 5)),
                   status="referred", referral_decision_date=date(2026, 11, 20))
    u6 = make_case(person=make_person(first_name="Andrii", last_name="Tkachenko", gender="M", birth_date=date(1980, 6, 6)),
                   status="arrived", patient_track=True, patient=True)
    u7 = make_case(person=make_person(first_name="Oleh", last_name="Lysenko", gender="M", birth_date=date(1975, 7, 7)),
                   status="arrived", patient_track=True, patient=True)
    record_status_change(case=u7, status="left", on=date(2026, 8, 1))
    u7.status = "left"
    u7.save()
    q1 = make_case(person=make_person(first_name="Amina", last_name="Hassan", gender="F", birth_date=date(1992, 8, 8)),
                   target_group="municipal_quota", status="in_programme", work_obligation=True)
    q2 = make_case(person=make_person(first_name="Yusuf", last_name="Ali", gender="M", birth_date=date(1988, 9, 9)),
                   target_group="un_quota", status="in_placement", referral_decision_date=date(2025, 5, 1))
    q3 = make_case(person=make_person(first_name="Sara", last_name="Tesfaye", gender="F", birth_date=date(1994, 10, 10)),
                   target_group="un_quota", status="referred", referral_decision_date=date(2026, 11, 1))
    tenancy(family, family_room, date(2026, 3, 20))
    tenancy(u2.household, old_room, date(2026, 3, 20), moved_out_on=date(2026, 10, 1), reason="permanent_housing")
    tenancy(q1.household, quota_room, date(2026, 3, 25))
    Pet.objects.create(household=family, kind="cat")
    from tests.programme.factories import make_employment

    make_employment(case=u1, started_on=date(2026, 6, 1))
    return {"location": location, "single_room": single_room, "u1": u1, "u2": u2, "u3": u3, "u4": u4, "u5": u5, "u6": u6, "u7": u7,
            "q1": q1, "q2": q2, "q3": q3}
