"""A deterministic synthetic population shaped by the figures of the centre's presentation.

Pure Python (no Django): it returns plain records that `demo.load` writes in
bulk. Targets as of DEMO_DATE, multiplied by `scale`:
6,200+ displaced Ukrainians referred since March 2022, ~4,800 still here
(16 % aged 0–15, 77 % 16–66, 7 % 67+; 55 % women), ~1,600 employed (81 % of the
job-ready), ~230 quota refugees, ~85 under the work obligation, ~900 in the
programme, 62 patients via the patient track of whom 27 remain.
"""
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker

from velkomst.rules.deadlines import takeover_date

DEMO_DATE = date(2026, 11, 26)
WAR_START = date(2022, 3, 1)


@dataclass(frozen=True)
class Targets:
    ukrainians_living: int = 4800
    ukrainians_left: int = 1380
    ukrainian_weekly_referrals: tuple[int, int] = (20, 50)
    share_female: float = 0.55
    share_0_15: float = 0.16
    share_67_plus: float = 0.07
    ukrainians_employed: int = 1600
    employment_rate_job_ready: float = 0.81
    ukrainians_in_programme: int = 560
    ukrainians_in_placement: int = 140
    patients_remaining: int = 27
    patients_left: int = 35
    quota_living: int = 230
    quota_arrived_this_year: int = 42  # plus a few older referrals dated early this year: ~63 expected in all
    quota_awaiting: int = 18
    other_refugees_living: int = 70
    family_reunified_living: int = 50
    refugees_in_programme: int = 90
    work_obligation: int = 85
    lab_citizens: int = 110
    pets_ukrainian: int = 86
    pets_refugee: int = 4


@dataclass
class PersonRecord:
    key: int
    first_name: str
    last_name: str
    birth_date: date
    gender: str
    nationality: str
    languages: str
    interpreter_language: str
    phone: str = ""
    cpr: str | None = None


@dataclass
class CaseRecord:
    person: int
    target_group: str
    referral_decision_date: date
    takeover_date: date | None
    arrival_date: date | None
    status: str
    history: list[tuple[str, date, str]]  # (status, on, reason)
    readiness: str = ""
    left_reason: str = ""
    caseworker: int | None = None  # index into the caseworker list
    flags: dict = field(default_factory=dict)


@dataclass
class HouseholdRecord:
    members: list[tuple[int, str]]  # (person key, relation)
    pet_kind: str = ""  # "", "dog", "cat" or "other"
    first_benefit_payment_on: date | None = None
    needs_step_free: bool = False
    needs_own_room: bool = False


@dataclass
class Population:
    persons: list[PersonRecord]
    households: list[HouseholdRecord]
    cases: list[CaseRecord]


REFUGEE_FIRST_F = ["Amina", "Fatima", "Mariam", "Zahra", "Hawa", "Selam", "Aisha", "Nadia", "Layla", "Rahel", "Samira", "Yasmin"]
REFUGEE_FIRST_M = ["Ahmad", "Mohammed", "Ali", "Yonas", "Omar", "Hassan", "Samuel", "Bilal", "Tesfay", "Karim", "Jean", "Idris"]
REFUGEE_LAST = ["Rahimi", "Haidari", "Al-Hassan", "Tesfaye", "Mukendi", "Abdi", "Karimi", "Haile", "Nasser", "Kabila", "Osman", "Yusuf"]
REFUGEE_ORIGIN = [("Syrien", "arabisk"), ("Afghanistan", "dari"), ("Eritrea", "tigrinya"), ("DR Congo", "fransk"), ("Somalia", "somali")]


class Builder:
    def __init__(self, scale: float, seed: int):
        self.rng = random.Random(seed)
        self.uk = Faker("uk_UA")
        self.uk.seed_instance(seed)
        self.da = Faker("da_DK")
        self.da.seed_instance(seed + 1)
        self.scale = scale
        self.persons: list[PersonRecord] = []
        self.households: list[HouseholdRecord] = []
        self.cases: list[CaseRecord] = []
        self.used_cpr: set[str] = set()

    def n(self, count: int) -> int:
        return max(0, round(count * self.scale))

    # --- persons ---------------------------------------------------------

    def birth_date(self, age: int) -> date:
        return DEMO_DATE - timedelta(days=age * 365 + self.rng.randint(30, 330))

    def cpr_for(self, birth: date, gender: str) -> str:
        while True:
            if birth.year >= 2000:
                seventh = 4
            else:
                seventh = self.rng.randint(0, 3)
            serial = self.rng.randint(0, 99)
            last = self.rng.choice([1, 3, 5, 7, 9] if gender == "M" else [0, 2, 4, 6, 8])
            cpr = f"{birth:%d%m%y}-{seventh}{serial:02d}{last}"
            if cpr not in self.used_cpr:
                self.used_cpr.add(cpr)
                return cpr

    def ukrainian_name(self, gender: str, last_name: str | None) -> tuple[str, str]:
        first = self.uk.first_name_female() if gender == "F" else self.uk.first_name_male()
        last = last_name or (self.uk.last_name_female() if gender == "F" else self.uk.last_name_male())
        return first, last

    def add_person(self, *, population: str, age: int, gender: str, last_name: str | None = None, origin=None) -> PersonRecord:
        if population == "ukrainian":
            first, last = self.ukrainian_name(gender, last_name)
            nationality, languages, interpreter = "Ukraine", "ukrainsk, russisk", "ukrainsk" if self.rng.random() < 0.6 else ""
        else:
            first = self.rng.choice(REFUGEE_FIRST_F if gender == "F" else REFUGEE_FIRST_M)
            last = last_name or self.rng.choice(REFUGEE_LAST)
            nationality, language = origin or self.rng.choice(REFUGEE_ORIGIN)
            languages, interpreter = language, language if self.rng.random() < 0.7 else ""
        person = PersonRecord(
            key=len(self.persons),
            first_name=first,
            last_name=last,
            birth_date=self.birth_date(age),
            gender=gender,
            nationality=nationality,
            languages=languages,
            interpreter_language=interpreter,
        )
        self.persons.append(person)
        return person

    # --- households ------------------------------------------------------

    def family(self, *, population: str, children: int, spouse: bool, grandparent: bool) -> HouseholdRecord:
        origin = self.rng.choice(REFUGEE_ORIGIN) if population == "refugee" else None
        mother = self.add_person(population=population, age=self.rng.randint(24, 48), gender="F", origin=origin)
        shared_last = mother.last_name if population == "refugee" else None
        members = [(mother.key, "applicant")]
        if spouse:
            father = self.add_person(population=population, age=self.rng.randint(26, 60), gender="M", last_name=shared_last, origin=origin)
            members.append((father.key, "spouse"))
        for _ in range(children):
            child = self.add_person(population=population, age=self.rng.randint(0, 15), gender=self.rng.choice("FM"),
                                    last_name=shared_last, origin=origin)
            members.append((child.key, "child"))
        if grandparent:
            elder = self.add_person(population=population, age=self.rng.randint(67, 85), gender=self.rng.choice("FFM"),
                                    last_name=shared_last, origin=origin)
            members.append((elder.key, "other"))
        household = HouseholdRecord(members=members)
        self.households.append(household)
        return household

    def single(self, *, population: str, age: int, gender: str) -> HouseholdRecord:
        person = self.add_person(population=population, age=age, gender=gender)
        household = HouseholdRecord(members=[(person.key, "applicant")], needs_step_free=age >= 67 and self.rng.random() < 0.2)
        self.households.append(household)
        return household

    def population_households(self, *, population: str, persons: int, share_0_15: float, share_67: float, share_female: float):
        """Households whose members hit the age and gender shares exactly (up to rounding)."""
        first = len(self.persons)
        children_left = round(persons * share_0_15)
        elderly_left = round(persons * share_67)
        households = []
        while children_left > 0:
            kids = min(children_left, self.rng.choice([1, 1, 2, 2, 3]))
            with_elder = elderly_left > 0 and self.rng.random() < 0.12
            households.append(self.family(population=population, children=kids, spouse=self.rng.random() < 0.3, grandparent=with_elder))
            children_left -= kids
            elderly_left -= int(with_elder)
        for _ in range(elderly_left):
            households.append(self.single(population=population, age=self.rng.randint(67, 88), gender=self.rng.choice("FFM")))
        placed = self.persons[first:]
        female_left = round(persons * share_female) - sum(p.gender == "F" for p in placed)
        adults_left = persons - len(placed)
        genders = ["F"] * max(0, min(female_left, adults_left)) + ["M"] * max(0, adults_left - max(0, female_left))
        self.rng.shuffle(genders)
        for gender in genders:
            households.append(self.single(population=population, age=int(self.rng.triangular(18, 66, 31)), gender=gender))
        return households

    # --- cases -----------------------------------------------------------

    def referral_date_before(self, latest: date, *, earliest: date = WAR_START) -> date:
        """Most referrals came in 2022; fewer each year after."""
        span = (latest - earliest).days
        return earliest + timedelta(days=int(span * self.rng.random() ** 2.2))

    def open_case(self, person: PersonRecord, *, target_group: str, population: str, decision: date, arrived: bool) -> CaseRecord:
        takeover = takeover_date(population, decision) if population else None
        arrival = None
        history = [("referred", decision, "")]
        if arrived:
            arrival = max(decision + timedelta(days=3), (takeover or decision + timedelta(days=21)) - timedelta(days=self.rng.randint(0, 4)))
            arrival = min(arrival, DEMO_DATE)
            history.append(("arrived", arrival, ""))
            person.cpr = self.cpr_for(person.birth_date, person.gender if person.gender in "FM" else "F")
            person.phone = self.da.phone_number()
        case = CaseRecord(person=person.key, target_group=target_group, referral_decision_date=decision, takeover_date=takeover,
                          arrival_date=arrival, status=history[-1][0], history=history)
        self.cases.append(case)
        return case

    def advance(self, case: CaseRecord, status: str, *, earliest_days: int, reason: str = "") -> None:
        """Move a case on to a later status, dated between its last change and the demo date."""
        last_on = case.history[-1][1]
        start = last_on + timedelta(days=earliest_days)
        if start >= DEMO_DATE:
            start = last_on + timedelta(days=1)
        on = min(DEMO_DATE, start + timedelta(days=int((DEMO_DATE - start).days * self.rng.random())))
        case.history.append((status, max(on, last_on), reason))
        case.status = status


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def build(*, scale: float = 1.0, seed: int = 2026, targets: Targets = Targets()) -> Population:
    b = Builder(scale, seed)
    t = targets
    _ukrainians(b, t)
    _refugees(b, t)
    _lab_citizens(b, t)
    _caseworkers(b)
    return Population(b.persons, b.households, b.cases)


def _recent_weekly_referrals(b: Builder, t: Targets) -> list[date]:
    """Referral decisions of the last 12 weeks: 20–50 a week, on working days."""
    dates = []
    monday = DEMO_DATE - timedelta(days=DEMO_DATE.weekday())
    for week in range(12):
        start = monday - timedelta(weeks=week)
        for _ in range(b.n(b.rng.randint(*t.ukrainian_weekly_referrals))):
            day = start + timedelta(days=b.rng.randint(0, 4))
            if day <= DEMO_DATE:
                dates.append(day)
    return dates


def _ukrainians(b: Builder, t: Targets) -> None:
    recent = _recent_weekly_referrals(b, t)
    # Referred, and the take-over date not yet reached: they have not arrived.
    awaiting = [d for d in recent if takeover_date("ukrainian", d) > DEMO_DATE]
    recent_arrived = [d for d in recent if takeover_date("ukrainian", d) <= DEMO_DATE]
    twelve_weeks_ago = DEMO_DATE - timedelta(weeks=12)

    # Still referred (take-over not yet passed): one person per referral, mostly singles.
    for decision in awaiting:
        household = b.single(population="ukrainian", age=int(b.rng.triangular(18, 70, 33)), gender=b.rng.choice("FFM"))
        for key, _ in household.members:
            b.open_case(b.persons[key], target_group="displaced_ukrainian", population="ukrainian", decision=decision, arrived=False)

    # Living here.
    living = b.population_households(population="ukrainian", persons=b.n(t.ukrainians_living), share_0_15=t.share_0_15,
                                     share_67=t.share_67_plus, share_female=t.share_female)
    b.rng.shuffle(living)
    recent_iter = iter(recent_arrived)
    living_cases: list[CaseRecord] = []
    for household in living:
        decision = next(recent_iter, None) or b.referral_date_before(twelve_weeks_ago)
        for key, _ in household.members:
            living_cases.append(b.open_case(b.persons[key], target_group="displaced_ukrainian", population="ukrainian",
                                            decision=decision, arrived=True))
    _ukrainian_journeys(b, t, living_cases)
    _first_benefit_payments(b, living)
    for household in b.rng.sample(living, min(len(living), b.n(t.pets_ukrainian))):
        household.pet_kind = b.rng.choice(["dog", "cat", "cat", "other"])

    # Left again: moved away, left Denmark, a few deceased.
    left = b.population_households(population="ukrainian", persons=b.n(t.ukrainians_left), share_0_15=0.18, share_67=0.06, share_female=0.56)
    left_cases = []
    for household in left:
        decision = b.referral_date_before(DEMO_DATE - timedelta(days=200))
        for key, _ in household.members:
            case = b.open_case(b.persons[key], target_group="displaced_ukrainian", population="ukrainian", decision=decision, arrived=True)
            reason = b.rng.choices(["left_denmark", "moved_away", "other"], [55, 40, 5])[0]
            b.advance(case, "left", earliest_days=60)
            case.left_reason = reason
            left_cases.append(case)
    adults_left = [c for c in left_cases if age_on(b.persons[c.person].birth_date, DEMO_DATE) >= 18]
    for case in b.rng.sample(adults_left, min(len(adults_left), b.n(t.patients_left))):
        case.flags.update(patient_track=True, patient=True)
        case.left_reason = b.rng.choice(["deceased", "moved_away", "left_denmark"])


def _first_benefit_payments(b: Builder, households: list[HouseholdRecord]) -> None:
    """The first benefit payment comes about four weeks after arrival; until then food is handed out."""
    arrival_of = {c.person: c.arrival_date for c in b.cases if c.arrival_date}
    for household in households:
        arrival = arrival_of.get(household.members[0][0])
        if arrival:
            paid = arrival + timedelta(days=b.rng.randint(21, 35))
            household.first_benefit_payment_on = paid if paid <= DEMO_DATE else None


def _ukrainian_journeys(b: Builder, t: Targets, cases: list[CaseRecord]) -> None:
    """Statuses of the Ukrainians living here: employed, in programme or placement, arrived."""
    adults = [c for c in cases if 18 <= age_on(b.persons[c.person].birth_date, DEMO_DATE) <= 66]
    settled = sorted((c for c in adults if (DEMO_DATE - c.arrival_date).days > 120), key=lambda c: c.arrival_date)
    b.rng.shuffle(settled)
    employed = settled[: b.n(t.ukrainians_employed)]
    rest = settled[len(employed):]
    in_programme = rest[: b.n(t.ukrainians_in_programme)]
    in_placement = rest[len(in_programme): len(in_programme) + b.n(t.ukrainians_in_placement)]
    job_ready_needed = round(len(employed) / t.employment_rate_job_ready) - len(employed)
    for case in employed:
        b.advance(case, "in_programme", earliest_days=14)
        b.advance(case, "employed", earliest_days=60)
        case.readiness = "job_ready"
    for index, case in enumerate(in_programme + in_placement):
        b.advance(case, "in_programme", earliest_days=14)
        case.readiness = "job_ready" if index < job_ready_needed else "activity_ready"
    for case in in_placement:
        b.advance(case, "in_placement", earliest_days=30)
    busy = {id(c) for c in employed + in_programme + in_placement}
    others = [c for c in adults if id(c) not in busy]
    for case in others:
        if (DEMO_DATE - case.arrival_date).days > 30:
            case.readiness = "activity_ready"
        if (DEMO_DATE - case.arrival_date).days > 400 and b.rng.random() < 0.08:
            b.advance(case, "paused", earliest_days=60, reason="Barsel")
    # Patients via the patient track who remain, and vulnerable residents (10–20 %).
    patients = b.rng.sample([c for c in others if c.status != "paused"], min(len(others), b.n(t.patients_remaining)))
    for case in patients:
        case.flags.update(patient_track=True, patient=True)
    elderly = [c for c in cases if age_on(b.persons[c.person].birth_date, DEMO_DATE) >= 67]
    for case in b.rng.sample(elderly, len(elderly) // 8):
        case.flags["elderly_illness"] = True
    for case in b.rng.sample(adults, len(adults) // 12):
        case.flags[b.rng.choice(["addiction", "psychologically_vulnerable", "socially_challenged"])] = True


def _refugees(b: Builder, t: Targets) -> None:
    this_year = date(DEMO_DATE.year, 1, 1)
    groups = [
        ("municipal_quota", round(t.quota_living * 0.65)),
        ("un_quota", t.quota_living - round(t.quota_living * 0.65)),
        ("other_refugee", t.other_refugees_living),
        ("family_reunified", t.family_reunified_living),
    ]
    refugee_cases: list[CaseRecord] = []
    refugee_households: list[HouseholdRecord] = []
    quota_this_year = b.n(t.quota_arrived_this_year)
    for target_group, count in groups:
        households = b.population_households(population="refugee", persons=b.n(count), share_0_15=0.35, share_67=0.03, share_female=0.52)
        refugee_households += households
        for household in households:
            if target_group.endswith("quota") and 0 < len(household.members) <= quota_this_year:
                decision = this_year + timedelta(days=b.rng.randint(0, 200))
                quota_this_year -= len(household.members)
            else:
                decision = b.referral_date_before(DEMO_DATE - timedelta(days=200), earliest=date(2019, 1, 1))
            for key, _ in household.members:
                refugee_cases.append(b.open_case(b.persons[key], target_group=target_group, population="refugee", decision=decision, arrived=True))
    _first_benefit_payments(b, refugee_households)
    for household in b.rng.sample(refugee_households, min(len(refugee_households), b.n(t.pets_refugee))):
        household.pet_kind = "cat"
    # Quota refugees expected this year and not yet arrived.
    waiting = b.n(t.quota_awaiting)
    while waiting >= 3:
        # Whole families of 3–5 that fit the number still expected this year.
        household = b.family(population="refugee", children=b.rng.choice([c for c in (1, 2, 3) if c + 2 <= waiting]), spouse=True,
                             grandparent=False)
        decision = DEMO_DATE - timedelta(days=b.rng.randint(5, 40))
        for key, _ in household.members:
            b.open_case(b.persons[key], target_group=b.rng.choice(["municipal_quota", "un_quota"]), population="refugee", decision=decision, arrived=False)
        waiting -= len(household.members)

    adults = [c for c in refugee_cases if 18 <= age_on(b.persons[c.person].birth_date, DEMO_DATE) <= 66 and (DEMO_DATE - c.arrival_date).days > 60]
    b.rng.shuffle(adults)
    programme = adults[: b.n(t.refugees_in_programme)]
    for case in programme:
        b.advance(case, "in_programme", earliest_days=14)
        case.readiness = b.rng.choice(["job_ready", "activity_ready"])
    employed = adults[len(programme): len(programme) + len(adults) // 6]
    for case in employed:
        b.advance(case, "in_programme", earliest_days=14)
        b.advance(case, "employed", earliest_days=90)
        case.readiness = "job_ready"
    on_benefits = [c for c in adults if c.status != "employed"]
    for case in b.rng.sample(on_benefits, min(len(on_benefits), b.n(t.work_obligation))):
        case.flags["work_obligation"] = True


def _lab_citizens(b: Builder, t: Targets) -> None:
    for _ in range(b.n(t.lab_citizens)):
        person = b.add_person(population="refugee", age=int(b.rng.triangular(18, 60, 26)), gender=b.rng.choice("FM"))
        b.households.append(HouseholdRecord(members=[(person.key, "applicant")]))
        age = age_on(person.birth_date, DEMO_DATE)
        group = b.rng.choice(["lab_youth_activity", "lab_youth_education"] if age < 30 else ["lab_job_ready", "lab_activity_ready"])
        case = b.open_case(person, target_group=group, population="", decision=b.referral_date_before(DEMO_DATE - timedelta(days=90)), arrived=True)
        b.advance(case, "in_programme", earliest_days=14)
        case.readiness = {"lab_youth_activity": "activity_ready", "lab_youth_education": "education_ready",
                          "lab_job_ready": "job_ready", "lab_activity_ready": "activity_ready"}[group]


def _caseworkers(b: Builder) -> None:
    """Open cases of adults are shared among the caseworkers; children follow their household's applicant."""
    index = 0
    for case in b.cases:
        if case.status in ("left", "closed"):
            continue
        if age_on(b.persons[case.person].birth_date, DEMO_DATE) >= 18:
            case.caseworker = index % 24
            index += 1
