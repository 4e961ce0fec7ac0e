"""Demo data of the programme: enrolments, weekly plans, classes with rosters and three weeks of attendance,
Danish education, companies with offers and placements, jobs with follow-ups, referrals to permanent housing,
patient track, vulnerable residents' actions and children's school or daycare. Written in bulk.

Deterministic (its own seeded random generator); called once from `demo.load.load`.
"""
import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection

from velkomst.companies.models import Company, Placement, PlacementOffer
from velkomst.demo.population import DEMO_DATE
from velkomst.education.models import ClassSession, LearnerPlacement, ModuleResult, RosterEntry, TeachingClass
from velkomst.lib.dates import monday_of
from velkomst.people.models import Case, CaseStatus, CaseStatusChange, HouseholdMember
from velkomst.programme.models import (
    Attendance,
    ChildStatus,
    Employment,
    Enrolment,
    FollowUp,
    HousingReferral,
    PatientTrack,
    PlanItem,
    ResidencePeriod,
    VulnerabilityAction,
)
from velkomst.rules.deadlines import add_months

BATCH = 5000
NOW = datetime.now(UTC).isoformat(sep=" ")
CLASS_SIZE = 20
SECTOR_DAY = (time(8, 30), time(11, 30))  # 15 hours a week
DANISH_DAY = (time(12, 0), time(15, 0))  # 15 hours a week
UTILITY_DAY = (time(15, 15), time(16, 39))  # 7 hours a week: 37 under the work obligation
PLACEMENT_DAY = (time(8, 0), time(14, 0))  # 30 hours a week
ATTENDANCE_WEEKS = 3

COMPANY_NAMES = [
    ("Hotel Nørreport", 1), ("Restaurant Havnen", 1), ("Rengøringsservice Øst", 1), ("Tivoli Events", 1), ("Café Søerne", 1),
    ("Netto Valby", 2), ("Plejecenter Sølund", 2), ("Føtex Amager", 2), ("Børnehuset Solsikken", 2), ("Matas Vesterbro", 2),
    ("Byg & Anlæg Nord", 3), ("Lager Logistik Køge Bugt", 3), ("Movia Busdepot", 3), ("PostNord Terminal", 3), ("Tømrerfirma Frederiksen", 3),
]
STREETS = [
    "Vesterbrogade 12, 1620 København V", "Amagerbrogade 101, 2300 København S", "Nørrebrogade 44, 2200 København N",
    "Valby Langgade 70, 2500 Valby", "Frederikssundsvej 120, 2400 København NV", "Sydhavnsgade 8, 2450 København SV",
    "Østerbrogade 90, 2100 København Ø", "Strandvejen 60, 2900 Hellerup", "Roskildevej 300, 2610 Rødovre", "Kastrupvej 150, 2770 Kastrup",
]


def cvr_number(seed: int) -> str:
    """A CVR number that passes stdnum.dk.cvr (weights 2, 7, 6, 5, 4, 3, 2, 1; the sum divisible by 11)."""
    weights = (2, 7, 6, 5, 4, 3, 2)
    base = 20_000_000 + seed * 9_973
    while True:
        digits = [int(d) for d in str(base)[:7]]
        check = (-sum(w * d for w, d in zip(weights, digits))) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)
        base += 1


def _insert(model, rows: list[dict]) -> None:
    """Insert many rows of one model with a single executemany (the ORM's per-value preparation dominates at this size).
    Values are plain: ints, strings, booleans, None; dates, times and decimals as ISO text, which both databases read."""
    if not rows:
        return
    columns = list(rows[0])
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    plain = [tuple(_plain(row[c]) for c in columns) for row in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(plain), BATCH):
            cursor.executemany(sql, plain[start:start + BATCH])


def _plain(value):
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _weekdays(first: date, last: date):
    day = first
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def _item(case_id, kind, weekday, day, valid_from, valid_to, **extra) -> dict:
    row = {"case_id": case_id, "kind": kind, "weekday": weekday, "start": day[0], "end": day[1], "valid_from": valid_from, "valid_to": valid_to,
           "with_interpreter": False, "sector": None, "teaching_class_id": None, "specially_arranged": False, "note": "", "placement_id": None,
           "valid_to_before_suspension": None, "suspended_for_id": None, "resumed_from_id": None, "created_by_id": None, "created_at": NOW}
    return row | extra


def _attended(case_id, day, kind, class_id, absent, hours, by) -> dict:
    return {"case_id": case_id, "on": day, "kind": kind, "teaching_class_id": class_id, "status": "absent" if absent else "present",
            "hours": Decimal("0" if absent else hours), "registered_by_id": by.pk if by else None, "registered_at": NOW}


def load_programme(*, as_of: date = DEMO_DATE, seed: int = 2026) -> dict[str, int]:
    rng = random.Random(seed)
    User = get_user_model()
    teacher = User.objects.filter(username="underviser").first()
    consultant = User.objects.filter(username="virksomhed").first()
    caseworker = User.objects.filter(username="sagsbehandler").first()

    since = {}
    for case_id, status, on in CaseStatusChange.objects.filter(status__in=["in_programme", "in_placement", "employed"]).values_list("case_id", "status", "on"):
        since[(case_id, status)] = on
    participants = list(Case.objects.filter(status__in=[CaseStatus.IN_PROGRAMME, CaseStatus.IN_PLACEMENT]).select_related("person").order_by("id"))
    employed = list(Case.objects.filter(status=CaseStatus.EMPLOYED).order_by("id"))

    # Enrolments and the norm of the group.
    enrolments = []
    for case in participants:
        started = since.get((case.pk, "in_programme"), as_of - timedelta(days=90))
        enrolments.append(Enrolment(case=case, started_on=started, norm_hours=Decimal("37" if case.work_obligation else "30")))
    Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)

    # Companies and offers.
    companies = []
    for i in range(max(len(COMPANY_NAMES), round(len(participants) / 20))):
        name, sector = COMPANY_NAMES[i % len(COMPANY_NAMES)]
        label = name if i < len(COMPANY_NAMES) else f"{name} {i // len(COMPANY_NAMES) + 1}"
        companies.append(Company(cvr=cvr_number(i + 1), name=label, sector=sector, ownership="public" if "Plejecenter" in name or "Børnehuset" in name else "private",
                                 address=STREETS[i % len(STREETS)], phone=f"33 {10 + i % 89:02d} {20 + i % 79:02d} {30 + i % 69:02d}"))
    Company.objects.bulk_create(companies, batch_size=BATCH)

    in_placement = [c for c in participants if c.status == CaseStatus.IN_PLACEMENT]
    offers = []
    for i, company in enumerate(companies):
        offers.append(PlacementOffer(company=company, kind="company_internship", title="Praktikant", hours_per_week=Decimal("30"), days_per_week=5,
                                     starts_on=as_of - timedelta(weeks=8), weeks=13, places=max(1, len(in_placement) // len(companies) + 1),
                                     status="open", created_by=consultant))
        offers.append(PlacementOffer(company=company, kind=rng.choice(["company_internship", "job_internship", "wage_subsidy"]),
                                     title=rng.choice(["Køkkenmedhjælper", "Butiksassistent", "Lagermedarbejder", "Rengøringsassistent", "Plejehjælper"]),
                                     hours_per_week=Decimal(rng.choice(["22", "25", "30"])), days_per_week=rng.choice([3, 4, 5]),
                                     starts_on=monday_of(as_of) + timedelta(weeks=rng.randint(1, 6)), weeks=rng.choice([4, 8, 13]),
                                     danish_needed=rng.choice([0, 0, 2, 4]), status="open", created_by=consultant))
    PlacementOffer.objects.bulk_create(offers, batch_size=BATCH)

    # Classes: sector classes and Danish classes for those in the programme; placements for those in a placement.
    in_programme = [c for c in participants if c.status == CaseStatus.IN_PROGRAMME]
    term_start = monday_of(as_of) - timedelta(weeks=12)
    classes, sessions = [], []

    def make_class(name, kind, day, **fields):
        teaching_class = TeachingClass(name=name, kind=kind, starts_on=term_start, ends_on=term_start + timedelta(weeks=26), **fields)
        classes.append(teaching_class)
        sessions.extend((teaching_class, w, *day) for w in range(5))
        return teaching_class

    groups = [in_programme[i:i + CLASS_SIZE] for i in range(0, len(in_programme), CLASS_SIZE)]
    sector_classes = [make_class(f"Branchehold {i % 3 + 1}.{i // 3 + 1}", TeachingClass.Kind.SECTOR, SECTOR_DAY, sector=i % 3 + 1,
                                 teacher=teacher if i < 2 else None, place="Jobcenter København, Gyldenløvesgade") for i in range(len(groups))]
    danish_classes = [make_class(f"Dansk {('DU1', 'DU2', 'DU3')[i % 3]} hold {i // 3 + 1}", TeachingClass.Kind.DANISH, DANISH_DAY, track=("DU1", "DU2", "DU3")[i % 3],
                                 module=i % 4 + 1, teacher=teacher if i < 2 else None, place="Sprogcenter København") for i in range(len(groups))]
    TeachingClass.objects.bulk_create(classes, batch_size=BATCH)
    ClassSession.objects.bulk_create([ClassSession(teaching_class=c, weekday=w, start=s, end=e) for c, w, s, e in sessions], batch_size=BATCH)

    roster, items, learners, modules = [], [], [], []
    class_of: dict[int, list[TeachingClass]] = {}
    for index, group in enumerate(groups):
        sector_class, danish_class = sector_classes[index], danish_classes[index]
        for case in group:
            joined = max(term_start, since.get((case.pk, "in_programme"), term_start))
            class_of[case.pk] = [sector_class, danish_class]
            for teaching_class, kind, day in ((sector_class, "sector_class", SECTOR_DAY), (danish_class, "danish_education", DANISH_DAY)):
                roster.append(RosterEntry(teaching_class=teaching_class, case=case, joined_on=joined))
                items += [_item(case.pk, kind, w, day, joined, teaching_class.ends_on, sector=teaching_class.sector,
                                teaching_class_id=teaching_class.pk) for w in range(5)]
            if case.work_obligation:
                items += [_item(case.pk, "utility_work", w, UTILITY_DAY, joined, None, note="Sortering af brugt elektronik") for w in range(5)]
            track = danish_class.track
            years = {"DU1": rng.randint(0, 4), "DU2": rng.randint(6, 10), "DU3": rng.randint(12, 18)}[track]
            learners.append(LearnerPlacement(case=case, years_of_schooling=years, literate_in_own_language=track != "DU1",
                                             knows_latin_alphabet=rng.random() < 0.5, has_medium_or_long_education=track == "DU3",
                                             suggested_track=track, track=track, decision_reason="Indplaceret efter samtale og screening på sprogcentret.",
                                             started_on=joined))
    RosterEntry.objects.bulk_create(roster, batch_size=BATCH)
    LearnerPlacement.objects.bulk_create(learners, batch_size=BATCH)
    for learner in learners:
        for module in range(1, rng.randint(0, 3) + 1):
            modules.append(ModuleResult(placement=learner, module=module, test_on=learner.started_on + timedelta(weeks=8 * module), passed=True))
    ModuleResult.objects.bulk_create([m for m in modules if m.test_on <= as_of], batch_size=BATCH)

    placements = []
    open_offers = offers[::2]
    for i, case in enumerate(in_placement):
        offer = open_offers[i % len(open_offers)]
        start = max(since.get((case.pk, "in_placement"), as_of - timedelta(weeks=4)), as_of - timedelta(weeks=11))
        placements.append(Placement(offer=offer, case=case, starts_on=start, ends_on=start + timedelta(weeks=13) - timedelta(days=1), created_by=consultant))
    Placement.objects.bulk_create(placements, batch_size=BATCH)
    for placement in placements:
        items += [_item(placement.case_id, "company_internship", w, PLACEMENT_DAY, placement.starts_on, placement.ends_on,
                        placement_id=placement.pk, note=placement.offer.company.name) for w in range(5)]
    _insert(PlanItem, items)

    # Attendance: the last three complete weeks and this week so far. Most attend; some miss days;
    # about one in twelve attend less than planned two weeks running (the red flag).
    first_day = monday_of(as_of) - timedelta(weeks=ATTENDANCE_WEEKS)
    days = list(_weekdays(first_day, as_of - timedelta(days=1)))
    recent = {d for d in days if d >= monday_of(as_of) - timedelta(weeks=2) and d < monday_of(as_of)}
    attendance = []
    placement_of = {p.case_id: p for p in placements}
    for case in participants:
        habit = rng.random()
        for day in days:
            if habit < 0.04 and day in recent:
                absent = day.weekday() in (0, 3)  # below plan two weeks running
            else:
                absent = rng.random() < (0.12 if habit < 0.14 else 0.01)
            if case.pk in placement_of:
                placement = placement_of[case.pk]
                if placement.starts_on <= day <= placement.ends_on:
                    attendance.append(_attended(case.pk, day, "company_internship", None, absent, "6", consultant))
                continue
            for teaching_class in class_of.get(case.pk, ()):
                if day < max(term_start, since.get((case.pk, "in_programme"), term_start)):
                    continue
                kind = "sector_class" if teaching_class.kind == "sector" else "danish_education"
                attendance.append(_attended(case.pk, day, kind, teaching_class.pk, absent, "3", teacher))
            if case.work_obligation and day >= max(term_start, since.get((case.pk, "in_programme"), term_start)):
                attendance.append(_attended(case.pk, day, "utility_work", None, absent, "1.4", consultant))
    _insert(Attendance, attendance)

    # Jobs, with follow-ups twice a year through the integration period.
    employments, schedules = [], []
    for case in employed:
        started = since.get((case.pk, "employed"), as_of - timedelta(days=200))
        company = companies[rng.randrange(len(companies))]
        employments.append(Employment(case=case, employer=company.name, employer_cvr=company.cvr, hours_per_week=Decimal(rng.choice(["25", "30", "37"])),
                                      monthly_income=Decimal(rng.randrange(14000, 32000, 500)), started_on=started))
        schedules.append(case.integration_period_end or add_months(started, 60))
    Employment.objects.bulk_create(employments, batch_size=BATCH)
    follow_ups = []
    for employment, end in zip(employments, schedules):
        n = 1
        while (due := add_months(employment.started_on, 6 * n)) <= end:
            done = due <= as_of - timedelta(days=7)
            follow_ups.append({
                "case_id": employment.case_id, "due_on": due, "employment_id": employment.pk, "done_on": due if done else None,
                "still_employed": True if done else None, "monthly_income": employment.monthly_income if done else None,
                "hours_per_week": employment.hours_per_week if done else None, "danish": "Fortsætter på privat sprogskole" if done else "",
                "note": "", "held_by_id": caseworker.pk if done and caseworker else None})
            n += 1
    _insert(FollowUp, follow_ups)

    # Referral to permanent housing: some of the best-paid households, with outcomes.
    applicants = {m.person_id for m in HouseholdMember.objects.filter(relation="applicant").only("person_id")}
    well_paid = sorted((e for e in employments if e.monthly_income >= 24000 and e.case.household_id and e.case.person_id in applicants),
                       key=lambda e: -e.monthly_income)
    referrals, seen = [], set()
    for i, employment in enumerate(well_paid[: max(4, len(well_paid) // 10)]):
        if employment.case.household_id in seen:
            continue
        seen.add(employment.case.household_id)
        status = ("referred", "referred", "offered", "accepted", "declined")[i % 5]
        referred = as_of - timedelta(days=rng.randint(20, 120))
        referrals.append(HousingReferral(household_id=employment.case.household_id, case=employment.case, monthly_income=employment.monthly_income,
                                         status=status, referred_on=referred, status_on=referred + timedelta(days=14 if status != "referred" else 0),
                                         address="Bispebjerg Bakke 12, 2400 København NV" if status in ("offered", "accepted") else "", by=caseworker))
    HousingReferral.objects.bulk_create(referrals, batch_size=BATCH)

    # Patient track, vulnerable residents, residence periods, children.
    open_cases = Case.objects.exclude(status__in=["left", "closed"])
    PatientTrack.objects.bulk_create([
        PatientTrack(case=case, care_needs=rng.choice(["Genoptræning efter amputation; kørestol.", "Daglig sårpleje; hjemmesygepleje.",
                                                       "Psykiatrisk opfølgning efter krigstraume.", "Dialyse tre gange om ugen."]),
                     hospital=rng.choice(["Rigshospitalet", "Bispebjerg Hospital", "Hvidovre Hospital"]), partner_health_care=True,
                     partner_social=rng.random() < 0.5, partner_capital_region=True, partner_hospital=True,
                     relatives=rng.choice(["Hustru i Kyiv, telefon via tolk.", "Søster i Odense.", "Ingen pårørende i Danmark."]))
        for case in open_cases.filter(patient_track=True)
    ], batch_size=BATCH)
    vulnerable = list(open_cases.filter(caseworker__isnull=False).filter(addiction=True) | open_cases.filter(caseworker__isnull=False, psychologically_vulnerable=True)
                      | open_cases.filter(caseworker__isnull=False, socially_challenged=True))
    VulnerabilityAction.objects.bulk_create([
        VulnerabilityAction(case=case, kind=kind, partner=partner, text=text, due_on=as_of + timedelta(days=rng.randint(7, 60)) if kind == "review" else None,
                            by=caseworker)
        for case in vulnerable[:200]
        for kind, partner, text in (("coordination", "social", "Koordineringsmøde med Socialforvaltningen om støtte i boligen."),
                                    ("review", "both", "Opfølgning på aftalte indsatser."))
    ], batch_size=BATCH)
    ResidencePeriod.objects.bulk_create([
        ResidencePeriod(person_id=case.person_id, started_on=case.arrival_date)
        for case in open_cases.exclude(target_group="displaced_ukrainian").exclude(arrival_date__isnull=True).only("person_id", "arrival_date")
    ], batch_size=BATCH)
    children = HouseholdMember.objects.filter(relation="child", household__cases__status__in=["in_programme", "in_placement", "employed"]).select_related("person").distinct()
    statuses = []
    for member in children:
        age = member.person.age_on(as_of)
        if age >= 18 or rng.random() < 0.3:
            continue
        status, institution = (("daycare", "Børnehuset Mælkebøtten") if age < 6 else ("reception_class", "Lykkebo Skole, modtagelsesklasse")
                               if rng.random() < 0.4 else ("school", "Sankt Annæ Skole"))
        if rng.random() < 0.1:
            status, institution = "waiting", ""
        statuses.append(ChildStatus(person=member.person, status=status, institution=institution, since=as_of - timedelta(days=rng.randint(30, 400)), by=caseworker))
    ChildStatus.objects.bulk_create(statuses, batch_size=BATCH)
    return {"participants": len(participants), "attendance": len(attendance), "companies": len(companies), "employments": len(employments)}


def clear_programme() -> None:
    """Remove the programme's demo data (before people and cases are deleted; several point to cases with PROTECT)."""
    from velkomst.companies.models import Contact

    for model in (Attendance, FollowUp, HousingReferral, PlanItem, Employment, Enrolment, Placement, PlacementOffer, Contact, Company,
                  ModuleResult, LearnerPlacement, RosterEntry, ClassSession, TeachingClass, PatientTrack, VulnerabilityAction,
                  ChildStatus, ResidencePeriod):
        model.objects.all().delete()
    from velkomst.education.models import ExamRegistration
    from velkomst.programme.models import WorkPeriod

    ExamRegistration.objects.all().delete()
    WorkPeriod.objects.all().delete()
