"""Programme in Chromium: a teacher registers a class's attendance, a consultant places a citizen in an internship,
a caseworker sees the compliance flag. axe-core on every page."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.conftest import make_staff
from tests.factories import make_person
from tests.programme.factories import make_class, make_company, make_offer, make_participant, on_roster, plan
from velkomst.accounts import roles
from velkomst.companies.models import Placement
from velkomst.lib.dates import monday_of
from velkomst.programme.models import Attendance


@pytest.mark.django_db(transaction=True)
def test_a_teacher_registers_a_class_s_attendance(page):
    teacher = make_staff("oksana", roles.TEACHER, first_name="Oksana", last_name="Melnyk")
    today = timezone.localdate()
    teaching_class = make_class(name="Dansk DU2 hold 1", teacher=teacher, weekdays=range(7), starts_on=today - timedelta(days=30))
    present = make_participant(person=make_person(first_name="Olena", last_name="Bondar"))
    absent = make_participant(person=make_person(first_name="Petro", last_name="Hnatiuk", gender="M"))
    for case in (present, absent):
        on_roster(teaching_class, case, joined_on=today - timedelta(days=30))

    log_in_as(page, "oksana")
    page.goto("/education/classes/")
    assert_accessible(page, "classes")
    page.get_by_role("link", name="Registrér fremmøde for Dansk DU2 hold 1").click()
    page.get_by_role("heading", name="Fremmøde: Dansk DU2 hold 1").wait_for()
    assert_accessible(page, "attendance form")
    page.get_by_label("Petro Hnatiuk: Fraværende", exact=True).check()
    page.get_by_role("button", name="Gem fremmøde").click()
    # No one is present by default: Olena was not chosen, so the page names her and saves nothing.
    page.get_by_text("Vælg mødt, fraværende eller lovligt fravær for Olena Bondar.").wait_for()
    assert not Attendance.objects.exists()
    assert_accessible(page, "attendance refused")
    page.get_by_label("Olena Bondar: Mødt", exact=True).check()
    page.get_by_role("button", name="Gem fremmøde").click()
    page.get_by_text("Fremmødet er registreret for 2 borgere.").wait_for()
    assert_accessible(page, "attendance saved")

    statuses = dict(Attendance.objects.filter(on=today).values_list("case_id", "status"))
    assert statuses == {present.pk: "present", absent.pk: "absent"}


@pytest.mark.django_db(transaction=True)
def test_a_consultant_matches_a_citizen_to_an_internship(page):
    make_staff("lars", roles.COMPANY_CONSULTANT, first_name="Lars", last_name="Winther")
    citizen = make_participant(person=make_person(first_name="Iryna", last_name="Kravets"), readiness="job_ready")
    company = make_company(name="Hotel Nørreport", sector=1)
    offer = make_offer(company, title="Køkkenmedhjælper", starts_on=timezone.localdate() + timedelta(days=7), weeks=4)

    log_in_as(page, "lars")
    page.goto(f"/companies/{company.pk}/")
    assert_accessible(page, "company")
    page.get_by_role("link", name="Køkkenmedhjælper").click()
    page.get_by_role("heading", name="Kandidater").wait_for()
    assert_accessible(page, "matching")
    for day in ("Mandag", "Tirsdag", "Onsdag"):
        page.get_by_label(day, exact=True).check()
    page.get_by_role("button", name="Placér Iryna Kravets").click()
    page.get_by_text("Iryna Kravets er placeret hos Hotel Nørreport.").wait_for()
    assert_accessible(page, "placed")

    placement = Placement.objects.get(offer=offer)
    citizen.refresh_from_db()
    # The placement starts in a week: the case goes "in placement" on that day (the daily step), not at once.
    assert placement.case == citizen and placement.starts_on == offer.starts_on and citizen.status == "in_programme"


@pytest.mark.django_db(transaction=True)
def test_a_consultant_registers_a_week_of_placement_attendance(page):
    from decimal import Decimal

    from velkomst.companies.services import placement_start

    consultant = make_staff("lars", roles.COMPANY_CONSULTANT, first_name="Lars", last_name="Winther")
    last_monday = monday_of(timezone.localdate()) - timedelta(days=7)
    company = make_company(name="Hotel Nørreport", sector=1)
    offer = make_offer(company, title="Køkkenmedhjælper", starts_on=last_monday, weeks=4, days_per_week=3, hours_per_week=Decimal("22"))
    citizen = make_participant(person=make_person(first_name="Iryna", last_name="Kravets"), readiness="job_ready",
                               started_on=last_monday - timedelta(days=7))
    placement_start(by=consultant, offer=offer, case=citizen, starts_on=last_monday, today=last_monday)

    log_in_as(page, "lars")
    page.goto(f"/companies/{company.pk}/")
    page.get_by_role("link", name="Fremmøde i praktik").click()
    page.get_by_role("heading", name="Fremmøde i praktik: Hotel Nørreport").wait_for()
    page.get_by_role("link", name="Forrige uge").click()
    page.get_by_role("button", name="Gem fremmøde").wait_for()
    assert_accessible(page, "placement attendance")
    wednesday = last_monday + timedelta(days=2)
    page.get_by_label(f"Iryna Kravets, onsdag {wednesday:%d.%m.%Y}").select_option("excused")
    page.get_by_role("button", name="Gem fremmøde").click()
    # No day is present by default: the days left unchosen are named, and the chosen one stays chosen.
    page.get_by_text(f"Iryna Kravets {last_monday:%d.%m.%Y}").wait_for()
    for day in (last_monday, last_monday + timedelta(days=1)):
        page.get_by_label(f"Iryna Kravets, {['mandag', 'tirsdag'][day.weekday()]} {day:%d.%m.%Y}").select_option("present")
    page.get_by_role("button", name="Gem fremmøde").click()
    page.get_by_text("Fremmødet er registreret for 3 dage.").wait_for()
    assert_accessible(page, "placement attendance saved")
    assert dict(Attendance.objects.filter(case=citizen).values_list("on", "status")) == {
        last_monday: "present", last_monday + timedelta(days=1): "present", wednesday: "excused"}


@pytest.mark.django_db(transaction=True)
def test_a_caseworker_sees_the_compliance_flag(page):
    caseworker = make_staff("mette", roles.CASEWORKER, first_name="Mette", last_name="Sørensen")
    case = make_participant(caseworker=caseworker, person=make_person(first_name="Oleksandr", last_name="Tkachenko", gender="M"))
    plan(case, valid_from=date(2026, 1, 5))
    this_monday = monday_of(timezone.localdate())
    for weeks_back in (1, 2):
        monday = this_monday - timedelta(weeks=weeks_back)
        for d in range(3):  # 3 of 5 days attended: below plan two weeks running
            Attendance.objects.create(case=case, on=monday + timedelta(days=d), kind="danish_education", status="present", hours=6)

    log_in_as(page, "mette")
    page.get_by_role("link", name="Fremmødeflag: 1 røde, 0 gule").click()
    page.get_by_role("heading", name="Fremmødeflag").wait_for()
    assert page.get_by_text("Rød: mødt mindre end planlagt to uger i træk").is_visible()
    assert page.get_by_role("link", name="Tkachenko, Oleksandr").is_visible()
    assert_accessible(page, "compliance")
    page.get_by_role("link", name="Tkachenko, Oleksandr").click()
    page.get_by_role("heading", name="Introduktionsprogram", exact=True).wait_for()
    assert page.get_by_text("tidligere selvforsørgelses- og hjemrejseprogram").is_visible()
    assert_accessible(page, "programme page")
    with page.expect_download() as download:
        page.get_by_role("button", name="Lav kontrakten om introduktionsprogram (PDF)").click()
    assert download.value.suggested_filename.startswith(f"kontrakt-{case.number}-")
    assert "Tkachenko" not in download.value.suggested_filename


@pytest.mark.django_db(transaction=True)
def test_a_three_day_placement_beside_danish_on_thursday_and_friday_gives_no_finding(page):
    """Oksana's internship: the shop Monday to Wednesday 08:00–14:00, Danish Thursday and Friday: 30 hours, no overlap."""
    from velkomst.education.services import roster_add

    make_staff("lars", roles.COMPANY_CONSULTANT, first_name="Lars", last_name="Winther")
    caseworker = make_staff("mette", roles.CASEWORKER, first_name="Mette", last_name="Sørensen")
    today = timezone.localdate()
    next_monday = monday_of(today) + timedelta(days=7)
    oksana = make_participant(person=make_person(first_name="Oksana", last_name="Melnyk"), readiness="job_ready", caseworker=caseworker)
    danish = make_class(name="DU3 modul 2", weekdays=(3, 4), start="09:00", end="15:00", starts_on=today - timedelta(days=30))
    roster_add(by=caseworker, teaching_class=danish, case=oksana, joined_on=today)
    shop = make_company(name="Netto Nørrebro", sector=2)
    offer = make_offer(shop, title="Butiksmedhjælper", starts_on=next_monday, weeks=13, days_per_week=3, hours_per_week=18)

    log_in_as(page, "lars")
    page.goto(f"/companies/offers/{offer.pk}/")
    page.get_by_role("heading", name="Kandidater").wait_for()
    monday = page.get_by_label("Mandag", exact=True)
    assert not monday.is_checked()
    box, label = monday.bounding_box(), page.locator("label[for=id_weekdays_0]").bounding_box()
    assert abs(box["x"] - label["x"]) < 8 and label["y"] - 8 <= box["y"] <= label["y"] + label["height"]  # beside its label
    for day in ("Mandag", "Tirsdag", "Onsdag"):
        page.get_by_label(day, exact=True).check()
    page.get_by_label("Fra", exact=True).fill("08:00")
    page.get_by_label("Til", exact=True).fill("14:00")
    assert_accessible(page, "placement with days")
    page.get_by_role("button", name="Placér Oksana Melnyk").click()
    page.get_by_text("Oksana Melnyk er placeret hos Netto Nørrebro.").wait_for()

    page.context.clear_cookies()  # the caseworker takes over at the same browser
    log_in_as(page, "mette")
    page.goto(f"/programme/cases/{oksana.pk}/?week={next_monday.isoformat()}")
    page.get_by_role("heading", name="Introduktionsprogram", exact=True).wait_for()
    html = page.content()
    assert "overlapper" not in html and "Ugen har" not in html
    assert page.get_by_role("cell", name="08:00–14:00").count() == 3 and page.get_by_role("cell", name="09:00–15:00").count() == 2
    assert_accessible(page, "plan without findings")
    page.goto(f"/programme/cases/{oksana.pk}/plan/")
    box, label = page.get_by_label("Fredag", exact=True).bounding_box(), page.locator("label[for=id_weekdays_4]").bounding_box()
    assert abs(box["x"] - label["x"]) < 8 and label["y"] - 8 <= box["y"] <= label["y"] + label["height"]
    assert_accessible(page, "plan form")


def log_in_as(page, username):
    from tests.e2e.conftest import log_in

    log_in(page, username)


def assert_accessible(page, label):
    from tests.e2e.conftest import assert_accessible as check

    check(page, label)
