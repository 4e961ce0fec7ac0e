"""The citizen's journey end to end through the pages (issue 15): Oksana from the presentation ("Fra opholdstilladelse til
job"), and a family of two adults, two children and a dog. Each role in turn, the state asserted after every step, every
page loaded checked with axe-core; the pages and clicks of each step go to test-artifacts/journeys/<journey>-steps.md.

Only what a centre already has is written in the set-up (staff, locations and rooms, a resident, companies, classes); from
the referral on everything happens on the pages. The clock moves from step to step (time-machine, ticking)."""
from datetime import date, datetime, timedelta
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils.translation import gettext as _

from tests.conftest import make_staff
from tests.e2e.journey import Journey
from tests.housing.factories import house, make_location, make_room, make_single
from tests.programme.factories import make_class, make_company
from velkomst.accounts import roles
from velkomst.housing.models import Reservation, Tenancy
from velkomst.people.models import Case, Person
from velkomst.reception.models import Appointment, Referral

ZONE = ZoneInfo("Europe/Copenhagen")


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZONE)


def dk(day: date) -> str:
    return day.strftime("%d.%m.%Y")


@pytest.fixture
def centre(db):
    """What the centre has before Oksana is referred: its staff, Sjællandsgade with a shared room where a woman of her age
    lives, the shop, the language school's classes."""
    staff = {
        "jonas": make_staff("jonas", roles.RECEPTION, first_name="Jonas", last_name="Krogh"),
        "birgitte": make_staff("birgitte", roles.HOUSING_HOST, first_name="Birgitte", last_name="Holm"),
        "mette": make_staff("mette", roles.CASEWORKER, first_name="Mette", last_name="Sørensen"),
        "lars": make_staff("lars", roles.COMPANY_CONSULTANT, first_name="Lars", last_name="Winther"),
        "hanne": make_staff("hanne", roles.TEACHER, first_name="Hanne", last_name="Dahl"),
    }
    sjaellandsgade = make_location(code="sjaellandsgade", name="Sjællandsgade", food_distribution=True, address="Sjællandsgade 40, 2200 København N")
    sjaellandsgade.hosts.add(staff["birgitte"])
    shared = make_room(sjaellandsgade, number="12", beds=2)
    house(make_single(gender="F", birth_date=date(1992, 2, 2)), shared, on=date(2027, 3, 1))  # a woman of Oksana's age
    make_room(sjaellandsgade, number="14", beds=4)
    shop = make_company(name="Netto Nørrebro", sector=2, address="Nørrebrogade 100, 2200 København N")
    danish = make_class(name="DU3 modul 2", track="DU3", module=2, teacher=staff["hanne"], weekdays=(3, 4), start="09:00", end="15:00",
                        starts_on=date(2027, 1, 4))
    sector = make_class(kind="sector", sector=2, name="Branchehold handel og detail", teacher=staff["hanne"], weekdays=(0, 1, 2),
                        start="09:00", end="15:00", starts_on=date(2027, 1, 4))
    return {"staff": staff, "location": sjaellandsgade, "shared": shared, "shop": shop, "danish": danish, "sector": sector}


@pytest.mark.django_db(transaction=True)
def test_oksana_from_residence_permit_to_a_job(page, centre):
    referred = date(2027, 8, 2)  # a Monday; the municipality takes over within 15 working days
    j = Journey(page, "oksana", at(referred))
    try:
        _oksana(j, page, centre, referred)
    finally:
        j.stop()


def _oksana(j, page, centre, referred):
    # 1. Referral
    with j.step("Referral registered"):
        j.log_in("jonas", "reception")
        j.click(page.get_by_role("link", name=_("Referrals"), exact=True))
        j.click(page.get_by_role("link", name=_("Register a referral")))
        j.fill(page.get_by_label(_("First name(s)")), "Oksana")
        j.fill(page.get_by_label(_("Last name")), "Melnyk")
        j.fill(page.get_by_label(_("Birth date")), "14.05.1993")
        j.select(page.get_by_label(_("Gender")), "F")
        j.fill(page.get_by_label(_("Nationality")), "Ukraine")
        j.fill(page.get_by_label(_("Interpreter needed in")), "ukrainsk")
        j.select(page.get_by_label(_("Target group")), "displaced_ukrainian")
        j.fill(page.get_by_label(_("Referral decision date")), dk(referred))
        j.fill(page.get_by_label(_("Asylum centre")), "Center Sandholm")
        j.select(page.get_by_label(_("Caseworker")), label="Mette Sørensen")
        j.click(page.get_by_role("button", name=_("Register the referral")))
        page.get_by_text(_("The referral is registered.")).wait_for()
        oksana = Person.objects.get(first_name="Oksana")
        case = Case.objects.get(person=oksana)
        referral = Referral.objects.get(household=case.household)
        assert case.status == "referred" and case.caseworker.username == "mette"
        assert referral.status == "open" and not Reservation.objects.filter(household=case.household).exists()

    # 2. Preparation: the asylum centre has nothing special to say, the CPR number is activated, the arrival day is set.
    arrives = date(2027, 8, 16)
    with j.step("Arrival prepared"):
        j.fill(page.get_by_label(_("Asylum centre contacted on")), dk(referred))
        j.fill(page.get_by_label(_("Family")), "Ingen særlige hensyn; ingen børn, ingen husdyr")
        j.fill(page.get_by_label(_("Special considerations recorded on")), dk(referred))
        j.fill(page.get_by_label(_("CPR number activated on")), dk(referred))
        j.fill(page.get_by_label(_("Arrival date")), dk(arrives))
        j.click(page.get_by_role("button", name=_("Save the preparation")))
        page.get_by_text(_("The preparation is saved.")).wait_for()
        referral.refresh_from_db()
        assert referral.cpr_activated_on == referred and referral.expected_arrival_on == arrives
        assert referral.steps_done == 4  # everything but the housing

    # 3. Placement: reception proposes Sjællandsgade and reserves the shared room for the arrival day.
    with j.step("Placement proposed and room reserved"):
        j.click(page.get_by_role("link", name=_("Placements"), exact=True))
        j.click(page.locator(f'label[for="household-{case.household_id}"]'))
        j.fill(page.get_by_label(_("Arrival date")), dk(arrives))
        j.click(page.get_by_role("button", name=_("Propose placements")))
        j.click(page.get_by_role("link", name=_("Confirm the reservations…")))
        j.click(page.get_by_role("button", name=_("Reserve the rooms")))
        reservation = Reservation.objects.active().get(household=case.household)
        assert reservation.room == centre["shared"] and reservation.expected_arrival_on == arrives
        assert not Tenancy.objects.filter(household=case.household).exists()
        j.click(page.get_by_role("link", name=_("Referrals"), exact=True))
        j.click(page.get_by_role("link", name="Melnyk"))
        assert "Sjællandsgade" in page.locator("#reservation-summary").inner_text()
        referral.refresh_from_db()
        assert referral.steps_done == 5

    # 4. Arrival: Oksana moves into the shared room at Sjællandsgade, with the start kit, keys and food distribution.
    j.travel(at(arrives))
    with j.step("Arrival registered"):
        j.log_in("jonas", "reception")
        j.click(page.get_by_role("link", name=_("Referrals"), exact=True))
        j.click(page.get_by_role("link", name="Melnyk"))
        j.click(page.get_by_role("link", name=_("Register the arrival")))
        assert page.locator("#id_room option:checked").get_attribute("value") == str(centre["shared"].pk)
        j.check(page.get_by_label(_("Start kit handed out")))
        j.check(page.get_by_label(_("Keys handed out")))
        j.click(page.get_by_role("button", name=_("Register the arrival")))
        page.get_by_text(_("The arrival is registered and the household has moved in. The welcome and contract meetings are ready to be booked.")).wait_for()
        tenancy = Tenancy.objects.get(household=case.household)
        case.refresh_from_db()
        assert tenancy.room == centre["shared"] and tenancy.moved_in_on == arrives and tenancy.food_distribution and tenancy.start_kit_on == arrives
        assert Tenancy.objects.filter(room=centre["shared"], moved_out_on__isnull=True).count() == 2  # the shared 2-person room
        assert case.status == "arrived" and case.arrival_date == arrives
        assert set(Appointment.objects.filter(case=case).values_list("kind", "status")) == {("welcome", "required"), ("contract", "required")}
        referral.refresh_from_db()
        assert referral.status != "open" and referral.steps_done == 5  # the housing step stays done after the arrival

    # 5. The host: the lease in Danish and Ukrainian, signed; the house rules explained; a transport ticket for the welcome meeting.
    with j.step("Lease, house rules and transport ticket"):
        j.log_in("birgitte", "host")
        j.click(page.get_by_role("link", name=_("Occupancy"), exact=True))
        j.click(page.get_by_role("link", name="Sjællandsgade"))
        j.click(page.get_by_role("row").filter(has_text="Melnyk").get_by_role("link", name=_("Checklist")))
        j.select(page.get_by_label(_("The citizen's language")), "uk")
        with page.expect_download() as download:
            j.click(page.get_by_role("button", name=_("Make the lease (PDF)")), check=False)
        assert download.value.suggested_filename.startswith("lejekontrakt-")
        j.fill(page.get_by_label(_("Lease signed")), dk(arrives))
        j.fill(page.get_by_label(_("House rules explained")), dk(arrives))
        j.fill(page.get_by_label(_("Transport ticket printed")), dk(arrives))
        j.click(page.get_by_role("button", name=_("Save"), exact=True))
        page.get_by_text(_("The checklist is saved.")).wait_for()
        tenancy.refresh_from_db()
        assert tenancy.lease_signed_on == arrives and tenancy.house_rules_explained_on == arrives and tenancy.transport_ticket_on == arrives
        j.screenshot("arrived")

    # 6. The caseworker books the welcome meeting at the one-stop shop, about a week after the arrival.
    welcome_day, contract_day = date(2027, 8, 23), date(2027, 8, 30)
    with j.step("Welcome meeting booked"):
        j.log_in("mette", "caseworker")
        j.click(page.get_by_role("link", name=_("My cases"), exact=True))
        j.click(page.get_by_role("link", name="Melnyk, Oksana"))
        j.click(page.get_by_role("link", name=_("Meetings"), exact=True))
        j.select(page.get_by_label(_("Kind of meeting")), "welcome")
        j.fill(page.get_by_label(_("Meeting date")), dk(welcome_day))
        j.fill(page.get_by_label(_("Start time")), "10:00")
        j.fill(page.get_by_label(_("Meeting place")), "Jobcentret, OneStopShop")
        j.click(page.get_by_role("button", name=_("Book the meeting")))
        page.get_by_text(_("The meeting is booked. Send the summons to the citizen.")).wait_for()
        with page.expect_download():
            j.click(page.get_by_role("button", name=_("Make the summons (PDF)")), check=False)
        welcome = Appointment.objects.get(case=case, kind="welcome")
        assert welcome.status == "planned" and welcome.day == welcome_day and welcome.letters.count() == 1
        assert Appointment.objects.filter(case=case).count() == 2  # the required meeting was booked, not a second one

    # 7. The welcome meeting is held: residence card, MitID, bank account, benefit application, a CV at the job shop.
    j.travel(at(welcome_day, 12))
    with j.step("Welcome meeting held"):
        j.log_in("mette", "caseworker")
        j.click(page.get_by_role("link", name=_("My cases"), exact=True))
        j.click(page.get_by_role("link", name="Melnyk, Oksana"))
        j.click(page.get_by_role("link", name=_("Meetings"), exact=True))
        j.click(page.get_by_role("link", name=str(Appointment.Kind.WELCOME.label)))
        j.select(page.get_by_label(_("The meeting was")), "completed")
        for name in ("residence_card", "mitid", "bank_account", "benefit_application", "cv_job_shop", "health", "children"):
            j.check(page.locator(f"#id_{name}"))
        j.click(page.get_by_role("button", name=_("Save"), exact=True))
        page.get_by_text(_("The meeting is updated.")).wait_for()
        welcome.refresh_from_db()
        assert welcome.status == "completed" and welcome.mitid and welcome.cv_job_shop and not welcome.other_administrations
        case.refresh_from_db()
        assert case.status == "arrived"

    # 8. The contract meeting two weeks after the arrival: rights and duties, the contract, job-ready, start next Monday.
    with j.step("Contract meeting booked"):
        j.click(page.get_by_role("link", name=case.number))
        j.select(page.get_by_label(_("Kind of meeting")), "contract")
        j.fill(page.get_by_label(_("Meeting date")), dk(contract_day))
        j.fill(page.get_by_label(_("Start time")), "10:00")
        j.fill(page.get_by_label(_("Meeting place")), "Jobcentret")
        j.click(page.get_by_role("button", name=_("Book the meeting")))
        page.get_by_text(_("The meeting is booked. Send the summons to the citizen.")).wait_for()
        contract = Appointment.objects.get(case=case, kind="contract")
        assert contract.status == "planned" and contract.day == contract_day

    programme_start = date(2027, 9, 6)
    j.travel(at(contract_day, 12))
    with j.step("Contract meeting held: job-ready"):
        j.log_in("mette", "caseworker")
        j.click(page.get_by_role("link", name=_("My cases"), exact=True))
        j.click(page.get_by_role("link", name="Melnyk, Oksana"))
        j.click(page.get_by_role("link", name=_("Meetings"), exact=True))
        j.click(page.get_by_role("link", name=str(Appointment.Kind.CONTRACT.label)))
        j.select(page.get_by_label(_("Readiness assessment")), "job_ready")
        j.fill(page.get_by_label(_("Contract signed on")), dk(contract_day))
        j.click(page.get_by_role("button", name=_("Record the outcome")))
        page.get_by_text(_("The meeting is updated.")).wait_for()
        contract.refresh_from_db()
        case.refresh_from_db()
        assert contract.status == "completed" and contract.programme_start_on == programme_start  # the following Monday
        assert case.readiness == "job_ready"
        assert case.status == "in_programme"

    # 9. The programme from the following Monday: two weeks in the welcome class first; 30 hours a week is the norm.
    with j.step("Enrolled in the programme"):
        j.click(page.get_by_role("link", name=_("Programme"), exact=True))
        j.fill(page.get_by_label(_("Programme start")), dk(programme_start))
        j.click(page.get_by_role("button", name=_("Enrol in the programme")))
        enrolment = case.enrolments.get()
        assert enrolment.started_on == programme_start and enrolment.norm_hours == 30
        assert set(case.plan_items.values_list("kind", flat=True)) == {"welcome_class"}

    # 10. The teacher: Oksana has a long education, so DU3; on the DU3 module 2 class on Thursdays and Fridays.
    j.travel(at(programme_start))
    with j.step("Danish education: DU3 and the class"):
        j.log_in("hanne", "teacher")
        j.click(page.get_by_role("link", name=_("Classes"), exact=True))
        j.click(page.get_by_role("link", name="DU3 modul 2", exact=True))
        j.fill(page.get_by_label(_("Name, CPR number or case number")), "Melnyk")
        j.click(page.get_by_role("button", name=_("Search")))
        j.click(page.get_by_role("row").filter(has_text="Oksana Melnyk").get_by_role("button"))
        page.get_by_text(_("The citizen is on the roster.")).wait_for()
        j.click(page.get_by_role("link", name="Melnyk, Oksana"))
        j.click(page.get_by_role("link", name=_("Place in DU1, DU2 or DU3")))
        j.fill(page.get_by_label(_("Years of schooling")), "15")
        j.check(page.get_by_label(_("Has a medium or long education")))
        j.select(page.get_by_label(_("Track decided by the language school")), "DU3")
        j.fill(page.get_by_label(_("The language school's reason")), "Videregående uddannelse i Ukraine")
        j.fill(page.get_by_label(_("Start"), exact=True), dk(programme_start))
        j.click(page.get_by_role("button", name=_("Save")))
        page.get_by_text(_("The track is recorded.")).wait_for()
        assert case.danish_education.track == "DU3"
        assert case.class_memberships.get().teaching_class == centre["danish"]

    # 11. The consultant matches her to a 13-week internship in the shop: Monday to Wednesday, 08:00–14:00.
    internship_start = date(2027, 9, 20)  # about a month after the arrival, after the two weeks of the welcome class
    j.travel(at(date(2027, 9, 13)))
    with j.step("Internship offer and match (13 weeks, 3 days)"):
        j.log_in("lars", "consultant")
        j.click(page.get_by_role("link", name=_("Companies"), exact=True))
        j.click(page.get_by_role("link", name="Netto Nørrebro"))
        j.click(page.get_by_role("link", name=_("New placement offer")))
        j.select(page.get_by_label(_("Kind"), exact=True), "company_internship")
        j.fill(page.get_by_label(_("Job title")), "Butiksmedhjælper")
        j.fill(page.get_by_label(_("Hours a week")), "18")
        j.fill(page.get_by_label(_("Days a week")), "3")
        j.fill(page.get_by_label(_("Start"), exact=True), dk(internship_start))
        j.fill(page.get_by_label(_("Length in weeks")), "13")
        j.click(page.get_by_role("button", name=_("Save")))
        page.get_by_role("heading", name="Butiksmedhjælper").wait_for()
        j.fill(page.get_by_label(_("Find a citizen by name or case number")), "Melnyk")
        j.click(page.get_by_role("button", name=_("Show candidates")))
        for day in ("Mandag", "Tirsdag", "Onsdag"):
            j.check(page.get_by_label(day, exact=True))
        j.fill(page.get_by_label(_("From"), exact=True), "08:00")
        j.fill(page.get_by_label(_("To"), exact=True), "14:00")
        j.click(page.get_by_role("button", name="Placér Oksana Melnyk"))
        page.get_by_text("Oksana Melnyk er placeret hos Netto Nørrebro.").wait_for()
        internship = case.placements.get()
        assert (internship.starts_on, internship.ends_on) == (internship_start, internship_start + timedelta(weeks=13, days=-1))
        assert internship.offer.kind == "company_internship" and not internship.extension_reason  # no exception for a job-ready newcomer
        case.refresh_from_db()
        assert case.status == "in_programme"  # the internship starts next week: the case goes into placement on that day

    # 12. The caseworker: the first benefit payment ends the food distribution; the plan of the internship's first week is
    #     3 days in the shop and 2 days of Danish, 30 hours against the norm of 30, with no finding.
    j.travel(at(internship_start))
    _daily_step(case, "in_placement")
    with j.step("First benefit payment; the plan against the norm"):
        j.log_in("mette", "caseworker")
        j.click(page.get_by_role("link", name=_("My cases"), exact=True))
        j.click(page.get_by_role("link", name="Melnyk, Oksana"))
        j.click(page.get_by_role("link", name=_("Change housing needs or first benefit payment")))
        j.fill(page.get_by_role("textbox", name=_("First benefit payment")), dk(date(2027, 9, 10)))
        j.click(page.get_by_role("button", name=_("Save the payment date")))
        case.household.refresh_from_db()
        assert case.household.first_benefit_payment_on == date(2027, 9, 10)
        j.click(page.get_by_role("link", name=_("Programme"), exact=True))
        assert page.get_by_role("cell", name="08:00–14:00").count() == 3 and page.get_by_role("cell", name="09:00–15:00").count() == 2
        assert not page.locator(".alert-warning").count()  # no overlap, and the week is not below the norm
        hours = sum((datetime.combine(referred, i.end) - datetime.combine(referred, i.start)).seconds / 3600
                    for i in case.plan_items.all() if i.valid_from <= internship_start and (i.valid_to is None or i.valid_to >= internship_start))
        assert hours == 30 == case.enrolments.get().norm_hours
        # Compliance: the welcome-class weeks planned 30 hours against the norm of 30; nobody registered attendance for
        # the welcome class (it has no class to register on), so the indicator says so in neutral terms, not red.
        for week in ("06.09.2027", "13.09.2027"):
            cells = page.get_by_role("row").filter(has_text=f"({week})").get_by_role("cell").all_inner_texts()
            assert cells[1] == "30" and cells[3] == "30" and cells[2].startswith("0 — intet fremmøde registreret"), cells
        assert page.get_by_text("Intet fremmøde registreret endnu", exact=True).count() == 1
        assert page.get_by_text("Rød: mødt mindre end planlagt to uger i træk").count() == 0
        j.screenshot("plan-3-plus-2")

    # 13. After 13 weeks the internship ends; Oksana is back in the programme for 6 weeks: Danish and the sector class.
    internship_end = date(2027, 12, 19)
    back_from, back_to = date(2027, 12, 20), date(2028, 1, 28)
    j.travel(at(back_from))
    with j.step("Internship completed"):
        j.log_in("lars", "consultant")
        j.click(page.get_by_role("link", name=_("Companies"), exact=True))
        j.click(page.get_by_role("link", name="Netto Nørrebro"))
        j.click(page.get_by_role("link", name="Butiksmedhjælper"))
        j.click(page.get_by_role("link", name=_("Record the outcome")))
        j.select(page.get_by_label(_("Outcome")), "completed")
        j.fill(page.get_by_label(_("Date"), exact=True), dk(internship_end))
        j.click(page.get_by_role("button", name=_("Save")))
        internship.refresh_from_db()
        case.refresh_from_db()
        assert internship.outcome == "completed" and case.status == "in_programme"

    with j.step("Back in the programme for 6 weeks"):
        j.log_in("mette", "caseworker")
        j.click(page.get_by_role("link", name=_("My cases"), exact=True))
        j.click(page.get_by_role("link", name="Melnyk, Oksana"))
        j.click(page.get_by_role("link", name=_("Programme"), exact=True))
        j.click(page.get_by_role("link", name=_("Add an activity to the weekly plan")))
        j.select(page.get_by_label(_("Activity")), "sector_class")
        for day in ("Mandag", "Tirsdag", "Onsdag"):
            j.check(page.get_by_label(day, exact=True))
        j.fill(page.get_by_label(_("From"), exact=True), "09:00")
        j.fill(page.get_by_label(_("To"), exact=True), "15:00")
        j.fill(page.get_by_label(_("First day")), dk(back_from))
        j.fill(page.get_by_label(_("Last day")), dk(back_to))
        j.select(page.get_by_label(_("Sector")), "2")
        j.click(page.get_by_role("button", name=_("Save")))
        assert not page.locator(".alert-warning").count()
        assert case.plan_items.filter(kind="sector_class", valid_from=back_from, valid_to=back_to).count() == 3

    # 14. A 4-week job internship in the shop, again Monday to Wednesday.
    job_internship_start = date(2028, 1, 31)
    j.travel(at(date(2028, 1, 24)))
    with j.step("Job internship (4 weeks)"):
        j.log_in("lars", "consultant")
        j.click(page.get_by_role("link", name=_("Companies"), exact=True))
        j.click(page.get_by_role("link", name="Netto Nørrebro"))
        _offer_and_place(j, page, kind="job_internship", title="Butiksmedarbejder, jobpraktik", hours="18", start=job_internship_start,
                         weeks="4", end_time="14:00")
        job_internship = case.placements.get(offer__kind="job_internship")
        assert job_internship.ends_on == date(2028, 2, 27)
        case.refresh_from_db()
        assert case.status == "in_programme"  # until the job internship's first day
    j.travel(at(job_internship_start))
    _daily_step(case, "in_placement")

    # 15. Then 3 months with a wage subsidy at the same place.
    wage_start = date(2028, 2, 28)
    j.travel(at(wage_start))
    with j.step("Wage subsidy (3 months)"):
        j.log_in("lars", "consultant")
        j.click(page.get_by_role("link", name=_("Companies"), exact=True))
        j.click(page.get_by_role("link", name="Netto Nørrebro"))
        j.click(page.get_by_role("link", name="Butiksmedarbejder, jobpraktik"))
        j.click(page.get_by_role("link", name=_("Record the outcome")))
        j.select(page.get_by_label(_("Outcome")), "completed")
        j.fill(page.get_by_label(_("Date"), exact=True), dk(date(2028, 2, 27)))
        j.click(page.get_by_role("button", name=_("Save")))
        j.click(page.get_by_role("link", name="Netto Nørrebro"))
        _offer_and_place(j, page, kind="wage_subsidy", title="Butiksmedarbejder, løntilskud", hours="21", start=wage_start,
                         weeks="13", end_time="15:00")
        wage = case.placements.get(offer__kind="wage_subsidy")
        assert wage.ends_on == date(2028, 5, 28)
        case.refresh_from_db()
        assert case.status == "in_placement"

    # 16. Hired in the shop after the wage subsidy; Danish at the centre goes on to finish the module.
    job_start = date(2028, 5, 29)
    j.travel(at(job_start))
    with j.step("Job at the shop"):
        j.log_in("lars", "consultant")
        j.click(page.get_by_role("link", name=_("Companies"), exact=True))
        j.click(page.get_by_role("link", name="Netto Nørrebro"))
        j.click(page.get_by_role("link", name="Butiksmedarbejder, løntilskud"))
        j.click(page.get_by_role("link", name=_("Record the outcome")))
        j.select(page.get_by_label(_("Outcome")), "hired")
        j.fill(page.get_by_label(_("Date"), exact=True), dk(date(2028, 5, 28)))
        j.fill(page.get_by_label(_("Hours a week in the job")), "30")
        j.fill(page.get_by_label(_("Monthly income (DKK, before tax)")), "24000")
        j.check(page.get_by_label(_("Danish education at the centre goes on (to finish the module)")))
        j.click(page.get_by_role("button", name=_("Save")))
        case.refresh_from_db()
        job = case.employments.get()
        assert case.status == "employed" and job.started_on == job_start and job.company == centre["shop"] and job.monthly_income == Decimal("24000")
        follow_ups = list(case.follow_ups.order_by("due_on").values_list("due_on", flat=True))
        assert len(follow_ups) >= 2 and follow_ups[0] > job_start  # two follow-ups a year: job and Danish, income for housing
        assert Tenancy.objects.get(household=case.household, moved_out_on__isnull=True).room == centre["shared"]  # she stays

    # 17. The teacher: the module is finished at the centre, then Danish goes on at a private language school.
    module_test, private_from = date(2028, 6, 16), date(2028, 8, 7)
    j.travel(at(date(2028, 6, 19)))
    with j.step("Danish module finished at CSI, then a private school"):
        j.log_in("hanne", "teacher")
        j.click(page.get_by_role("link", name=_("Classes"), exact=True))
        j.click(page.get_by_role("link", name="DU3 modul 2", exact=True))
        j.click(page.get_by_role("link", name="Melnyk, Oksana"))
        for module, on in ((1, date(2027, 12, 17)), (2, module_test)):  # module 1 passed at the end of the internship
            j.fill(page.get_by_label(_("Module"), exact=True), str(module))
            j.fill(page.get_by_label(_("Module test on")), dk(on))
            j.check(page.get_by_label(_("Passed"), exact=True))
            j.click(page.get_by_role("button", name=_("Record the module test")))
            page.get_by_text(_("Saved.")).wait_for()
        j.fill(page.get_by_label(_("Private language school")), "Studieskolen")
        j.fill(page.get_by_label(_("From"), exact=True), dk(private_from))
        j.click(page.get_by_role("button", name=_("Save"), exact=True))
        page.get_by_role("heading", name=_("Classes"), level=1).wait_for()  # she has left the centre's classes
        danish = case.danish_education
        danish.refresh_from_db()
        assert danish.modules.filter(module=2, passed=True).exists()
        assert (danish.private_school, danish.private_school_from) == ("Studieskolen", private_from)
        j.screenshot("danish-private-school")

    # 18. The caseworker's view: employed, still in temporary housing, follow-ups ahead.
    with j.step("The person's journey at a glance"):
        j.log_in("mette", "caseworker")
        j.click(page.get_by_role("link", name=_("My cases"), exact=True))
        j.click(page.get_by_role("link", name="Melnyk, Oksana"))
        j.click(page.get_by_role("link", name=_("Programme"), exact=True))
        assert page.get_by_role("cell", name="Netto Nørrebro", exact=True).count() == 1 and case.employments.count() == 1
        assert page.get_by_role("link", name=_("Record the follow-up")).count() >= 2
        # In the job she has left the programme for work: her week (Danish only) is not held to the 30-hour norm.
        assert not page.get_by_text("normen er 30 timer").count()
        assert page.get_by_text(_("Does not apply in an ordinary job: the follow-ups take over."), exact=False).count() == 1
        case.refresh_from_db()
        assert case.status == "employed"
        j.screenshot("employed")


def _offer_and_place(j, page, *, kind, title, hours, start, weeks, end_time):
    """On the company's page: a new offer, and Oksana placed in it Monday to Wednesday from 08:00."""
    j.click(page.get_by_role("link", name=_("New placement offer")))
    j.select(page.get_by_label(_("Kind"), exact=True), kind)
    j.fill(page.get_by_label(_("Job title")), title)
    j.fill(page.get_by_label(_("Hours a week")), hours)
    j.fill(page.get_by_label(_("Days a week")), "3")
    j.fill(page.get_by_label(_("Start"), exact=True), dk(start))
    j.fill(page.get_by_label(_("Length in weeks")), weeks)
    j.click(page.get_by_role("button", name=_("Save")))
    page.get_by_role("heading", name=title).wait_for()
    j.fill(page.get_by_label(_("Find a citizen by name or case number")), "Melnyk")
    j.click(page.get_by_role("button", name=_("Show candidates")))
    for day in ("Mandag", "Tirsdag", "Onsdag"):
        j.check(page.get_by_label(day, exact=True))
    j.fill(page.get_by_label(_("From"), exact=True), "08:00")
    j.fill(page.get_by_label(_("To"), exact=True), end_time)
    j.click(page.get_by_role("button", name="Placér Oksana Melnyk"))
    page.get_by_text("Oksana Melnyk er placeret hos Netto Nørrebro.").wait_for()


@pytest.mark.django_db(transaction=True)
def test_a_family_of_two_adults_two_children_and_a_dog_from_referral_to_moving_out(page, centre):
    """Referral → proposal → reservation → arrival → meetings → programme for both adults → one job → referral to
    permanent housing → moving out. Lygten takes pets; Sjællandsgade does not."""
    lygten = make_location(code="lygten", name="Lygten", food_distribution=True, pets_allowed=True, address="Lygten 2, 2400 København NV")
    lygten.hosts.add(centre["staff"]["birgitte"])
    family_room = make_room(lygten, number="4", beds=4)
    make_room(lygten, number="5", beds=2)
    referred = date(2027, 8, 2)
    j = Journey(page, "family", at(referred))
    try:
        _family(j, page, centre, referred, lygten, family_room)
    finally:
        j.stop()


def _family(j, page, centre, referred, lygten, family_room):
    # 1. The referral names the applicant and the dog (pets by kind).
    with j.step("Referral registered (with the dog)"):
        j.log_in("jonas", "reception")
        j.click(page.get_by_role("link", name=_("Referrals"), exact=True))
        j.click(page.get_by_role("link", name=_("Register a referral")))
        j.fill(page.get_by_label(_("First name(s)")), "Natalia")
        j.fill(page.get_by_label(_("Last name")), "Kovalenko")
        j.fill(page.get_by_label(_("Birth date")), "03.03.1988")
        j.select(page.get_by_label(_("Gender")), "F")
        j.select(page.get_by_label(_("Target group")), "displaced_ukrainian")
        j.fill(page.get_by_label(_("Referral decision date")), dk(referred))
        j.fill(page.get_by_label(_("Dogs")), "1")
        j.select(page.get_by_label(_("Caseworker")), label="Mette Sørensen")
        j.click(page.get_by_role("button", name=_("Register the referral")))
        page.get_by_text(_("The referral is registered.")).wait_for()
        natalia = Person.objects.get(first_name="Natalia")
        household = natalia.membership.household
        referral = Referral.objects.get(household=household)
        assert list(household.pets.values_list("kind", flat=True)) == ["dog"]

    # 2. The husband and the two children join the household; the husband gets a case of his own.
    with j.step("Household members and the husband's own case"):
        j.click(page.get_by_role("link", name="Natalia Kovalenko"))
        for first, gender, born, relation in (("Andriy", "M", "06.06.1986", "spouse"), ("Sofia", "F", "01.09.2015", "child"),
                                              ("Maksym", "M", "12.01.2019", "child")):
            j.click(page.get_by_role("link", name=_("Add a household member")))
            j.fill(page.get_by_label(_("First name(s)")), first)
            j.fill(page.get_by_label(_("Last name")), "Kovalenko")
            j.fill(page.get_by_label(_("Birth date")), born)
            j.select(page.get_by_label(_("Gender")), gender)
            j.select(page.get_by_label(_("Relation")), relation)
            j.click(page.get_by_role("button", name=_("Save")))
            page.get_by_text(_("The household member is added.")).wait_for()
        j.click(page.get_by_role("link", name="Andriy Kovalenko"))
        j.click(page.get_by_role("button", name=_("Open a case of their own")))
        andriy = Person.objects.get(first_name="Andriy")
        assert household.members.count() == 4
        assert set(Case.objects.filter(household=household).values_list("person__first_name", "status")) == {
            ("Natalia", "referred"), ("Andriy", "referred")}

    # 3. Preparation, from the person's page back to the referral.
    arrives = date(2027, 8, 16)
    with j.step("Arrival prepared"):
        j.click(page.get_by_role("link", name=_("Referral"), exact=True))
        j.fill(page.get_by_label(_("Asylum centre contacted on")), dk(referred))
        j.fill(page.get_by_label(_("Pets")), "En hund (labrador)")
        j.fill(page.get_by_label(_("Special considerations recorded on")), dk(referred))
        j.fill(page.get_by_label(_("CPR number activated on")), dk(referred))
        j.fill(page.get_by_label(_("Arrival date")), dk(arrives))
        j.click(page.get_by_role("button", name=_("Save the preparation")))
        page.get_by_text(_("The preparation is saved.")).wait_for()
        referral.refresh_from_db()
        assert referral.steps_done == 4

    # 4. Proposal and confirmation: the family room at Lygten, where pets are allowed, is reserved.
    with j.step("Proposal confirmed: room reserved"):
        j.click(page.get_by_role("link", name=_("Placements"), exact=True))
        j.click(page.locator(f'label[for="household-{household.pk}"]'))
        j.fill(page.get_by_label(_("Arrival date")), dk(arrives))
        j.click(page.get_by_role("button", name=_("Propose placements")))
        j.click(page.get_by_role("link", name=_("Confirm the reservations…")))
        assert "4 personer i alt" in page.locator("#confirm-summary").inner_text()
        j.click(page.get_by_role("button", name=_("Reserve the rooms")))
        reservation = Reservation.objects.active().get(household=household)
        assert reservation.room == family_room and reservation.persons == 4

    # 5. Arrival.
    j.travel(at(arrives))
    with j.step("Arrival registered"):
        j.log_in("jonas", "reception")
        j.click(page.get_by_role("link", name=_("Referrals"), exact=True))
        j.click(page.get_by_role("link", name="Kovalenko"))
        j.click(page.get_by_role("link", name=_("Register the arrival")))
        j.check(page.get_by_label(_("Start kit handed out")))
        j.check(page.get_by_label(_("Keys handed out")))
        j.check(page.get_by_label(_("Lease signed")))
        j.check(page.get_by_label(_("House rules explained")))
        j.click(page.get_by_role("button", name=_("Register the arrival")))
        tenancy = Tenancy.objects.get(household=household)
        assert tenancy.room == family_room and tenancy.persons == 4 and tenancy.moved_out_on is None
        assert set(Case.objects.filter(household=household).values_list("status", flat=True)) == {"arrived"}
        for person in (natalia, andriy):
            assert set(Appointment.objects.filter(case__person=person).values_list("kind", flat=True)) == {"welcome", "contract"}

    # 6. The contract meetings of both adults: booked, held, the programme starts the Monday after.
    meeting_day, start = date(2027, 8, 30), date(2027, 9, 6)
    with j.step("Contract meetings booked for both adults"):
        j.log_in("mette", "caseworker")
        for name in ("Kovalenko, Natalia", "Kovalenko, Andriy"):
            j.click(page.get_by_role("link", name=_("My cases"), exact=True))
            j.click(page.get_by_role("link", name=name))
            j.click(page.get_by_role("link", name=_("Meetings"), exact=True))
            j.select(page.get_by_label(_("Kind of meeting")), "contract")
            j.fill(page.get_by_label(_("Meeting date")), dk(meeting_day))
            j.fill(page.get_by_label(_("Start time")), "10:00" if "Natalia" in name else "11:30")
            j.fill(page.get_by_label(_("Meeting place")), "Jobcentret")
            j.click(page.get_by_role("button", name=_("Book the meeting")))
            page.get_by_text(_("The meeting is booked. Send the summons to the citizen.")).wait_for()
        assert Appointment.objects.filter(case__household=household, kind="contract", status="planned").count() == 2

    j.travel(at(meeting_day, 14))
    with j.step("Contract meetings held; both adults enrolled"):
        j.log_in("mette", "caseworker")
        for name, readiness in (("Kovalenko, Natalia", "activity_ready"), ("Kovalenko, Andriy", "job_ready")):
            j.click(page.get_by_role("link", name=_("My cases"), exact=True))
            j.click(page.get_by_role("link", name=name))
            j.click(page.get_by_role("link", name=_("Meetings"), exact=True))
            j.click(page.get_by_role("link", name=str(Appointment.Kind.CONTRACT.label)))
            j.select(page.get_by_label(_("Readiness assessment")), readiness)
            j.fill(page.get_by_label(_("Contract signed on")), dk(meeting_day))
            j.click(page.get_by_role("button", name=_("Record the outcome")))
            page.get_by_text(_("The meeting is updated.")).wait_for()
            j.click(page.get_by_role("link", name=_("Programme"), exact=True))
            j.fill(page.get_by_label(_("Programme start")), dk(start))
            j.click(page.get_by_role("button", name=_("Enrol in the programme")))
        cases = {c.person.first_name: c for c in Case.objects.filter(household=household).select_related("person")}
        assert {n: (c.status, c.readiness, c.enrolments.get().started_on) for n, c in cases.items()} == {
            "Natalia": ("in_programme", "activity_ready", start), "Andriy": ("in_programme", "job_ready", start)}

    # 7. One job: Andriy is hired at the shop.
    job_start = date(2027, 11, 1)
    j.travel(at(job_start))
    with j.step("A job for one adult"):
        j.log_in("mette", "caseworker")
        j.click(page.get_by_role("link", name=_("My cases"), exact=True))
        j.click(page.get_by_role("link", name="Kovalenko, Andriy"))
        j.click(page.get_by_role("link", name=_("Programme"), exact=True))
        j.click(page.get_by_role("link", name=_("Record a job")))
        j.select(page.get_by_label(_("Kind of job")), "ordinary_job")
        j.select(page.get_by_label(_("Company from the register")), label="Netto Nørrebro")
        j.fill(page.get_by_label(_("Hours a week")), "37")
        j.fill(page.get_by_label(_("Monthly income (DKK, before tax)")), "32000")
        j.fill(page.get_by_label(_("First day of work")), dk(job_start))
        j.click(page.get_by_role("button", name=_("Save")))
        andriy_case = cases["Andriy"]
        andriy_case.refresh_from_db()
        cases["Natalia"].refresh_from_db()
        assert andriy_case.status == "employed" and andriy_case.employments.get().company == centre["shop"]
        assert cases["Natalia"].status == "in_programme"
        assert andriy_case.follow_ups.count() >= 2

    # 8. Referral to permanent housing: the household's income is enough for four persons.
    with j.step("Referral to permanent housing"):
        j.click(page.get_by_role("link", name=_("Referral to permanent housing"), exact=True))
        j.fill(page.get_by_role("searchbox").or_(page.get_by_label(_("Name, CPR number or case number"))).first, "Kovalenko")
        j.click(page.get_by_role("button", name=_("Search")))
        j.click(page.get_by_role("row").filter(has_text="Kovalenko").get_by_role("button", name=_("Refer")))
        from velkomst.programme.models import HousingReferral

        housing_referral = HousingReferral.objects.get(case__household=household)
        assert housing_referral.status == "referred"

    # 9. A flat is offered and accepted; the host moves the family out, which closes the referral as moved out.
    moving_day = date(2028, 2, 1)
    j.travel(at(moving_day))
    with j.step("Home offered and accepted"):
        j.log_in("mette", "caseworker")
        j.click(page.get_by_role("link", name=_("Referral to permanent housing"), exact=True))
        for status in ("offered", "accepted"):
            row = page.get_by_role("row").filter(has_text="Kovalenko")
            j.select(row.get_by_label(_("New status")), status)
            if status == "offered":
                j.fill(row.get_by_label(_("Address offered")), "Tagensvej 10, 2200 København N")
            j.click(row.get_by_role("button", name=_("Save")))
        housing_referral.refresh_from_db()
        assert housing_referral.status == "accepted"

    with j.step("Moved out"):
        j.log_in("birgitte", "host")
        j.click(page.get_by_role("link", name=_("Occupancy"), exact=True))
        j.click(page.get_by_role("link", name="Lygten"))
        j.click(page.get_by_role("link", name="Fraflyt fra værelse 4", exact=True))
        j.select(page.get_by_label("Årsag til fraflytning"), "permanent_housing")
        j.fill(page.get_by_label("Nøgler afleveret"), dk(moving_day))
        j.fill(page.get_by_label("Dato for flyttesyn"), dk(moving_day))
        j.select(page.get_by_label("Værelsets stand"), "good")
        j.click(page.get_by_role("button", name="Fraflyt", exact=True))
        page.get_by_text("Husstanden er fraflyttet værelse 4.").wait_for()
        tenancy.refresh_from_db()
        assert tenancy.moved_out_on == moving_day and tenancy.move_out_reason == "permanent_housing"
        j.screenshot("moved-out")

    with j.step("Referral closed by the move-out"):
        housing_referral.refresh_from_db()
        assert (housing_referral.status, housing_referral.status_on) == ("moved_out", moving_day)
        assert not Tenancy.objects.filter(household=household, moved_out_on__isnull=True).exists()
        j.log_in("mette", "caseworker")
        j.click(page.get_by_role("link", name=_("Referral to permanent housing"), exact=True))
        page.get_by_role("row").filter(has_text="Kovalenko").filter(has_text=_("Moved out")).wait_for()
        j.screenshot("referral-closed")


def _daily_step(case, status: str) -> None:
    """The centre's daily step (`velkomst programme_daily`, which `velkomst run` runs every day): a placement recorded
    ahead takes effect on its first day. The journey runs it on the day, as the scheduler would."""
    call_command("programme_daily", stdout=StringIO())
    case.refresh_from_db()
    assert case.status == status
