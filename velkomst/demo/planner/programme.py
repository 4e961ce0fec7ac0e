"""The programme around the as-of date: enrolments, companies with offers, sector and Danish classes with
rosters and weekly plans, Danish education, company placements, and attendance of the last three weeks
(some citizens below plan two weeks running)."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from velkomst.demo import tables
from velkomst.demo.records import (
    IN_PLACEMENT,
    IN_PROGRAMME,
    PROGRAMME_STATUSES,
    ParticipationPlan,
    PlannedAttendance,
    PlannedClass,
    PlannedCompany,
    PlannedLearner,
    PlannedOffer,
    PlannedPlacement,
    PlannedPlanItem,
    Population,
    ProgrammeCase,
)
from velkomst.demo.users import DEMO_COMPANY_CONSULTANT, DEMO_TEACHER
from velkomst.lib.dates import monday_of
from velkomst.lib.workdays import is_working_day
from velkomst.rules.populations import population_of
from velkomst.rules.programme import DEFAULT_HOURS_RULES, HoursRules, norm_hours_for

WEEKDAYS = range(5)


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


def programme_cases(population: Population) -> list[ProgrammeCase]:
    """The planned cases in the programme (in placement included), in case-number order."""
    return [
        ProgrammeCase(key=i, status=c.status, population=population_of(c.target_group), work_obligation=bool(c.flags.get("work_obligation")),
                      in_programme_since=c.since(IN_PROGRAMME), in_placement_since=c.since(IN_PLACEMENT))
        for i, c in enumerate(population.cases) if c.status in PROGRAMME_STATUSES
    ]


@dataclass
class _Term:
    """The classes of this term and who is in which."""

    start: date
    classes: list[PlannedClass]
    class_of: dict[int, tuple[int, int]]  # case key -> (sector class, Danish class)


def plan_participation(rng: random.Random, participants: list[ProgrammeCase], *, as_of: date,
                       hours_rules: HoursRules = DEFAULT_HOURS_RULES, extra_closed_days: bool = True) -> ParticipationPlan:
    enrolments = [(c.key, c.in_programme_since or as_of - timedelta(days=90),
                   Decimal(str(norm_hours_for(c.population, c.work_obligation, rules=hours_rules)))) for c in participants]
    in_placement = [c for c in participants if c.status == IN_PLACEMENT]
    companies = _companies(len(participants))
    offers = _offers(rng, companies, in_placement, as_of)
    in_programme = [c for c in participants if c.status == IN_PROGRAMME]
    term = _term(in_programme, as_of)
    roster, items, learners = _class_places(rng, in_programme, term)
    _modules_passed(rng, learners, as_of)
    placements = _placements(in_placement, offers, as_of)
    items += [PlannedPlanItem(case=p.case, kind="company_internship", weekday=w, day=tables.PLACEMENT_DAY, valid_from=p.starts_on,
                              valid_to=p.ends_on, placement=i, note=companies[offers[p.offer].company].name)
              for i, p in enumerate(placements) for w in WEEKDAYS]
    attendance = _attendance(rng, participants, term, placements, as_of, extra_closed_days)
    return ParticipationPlan(enrolments=enrolments, companies=companies, offers=offers, classes=term.classes, roster=roster,
                             learners=learners, placements=placements, plan_items=items, attendance=attendance)


def _companies(participants: int) -> list[PlannedCompany]:
    """The 15 companies of the table, and more of the same (numbered) when there are over 300 participants."""
    names = tables.COMPANY_NAMES
    companies = []
    for i in range(max(len(names), round(participants / tables.CLASS_SIZE))):
        name, sector = names[i % len(names)]
        label = name if i < len(names) else f"{name} {i // len(names) + 1}"
        companies.append(PlannedCompany(
            cvr=cvr_number(i + 1), name=label, sector=sector,
            ownership="public" if any(word in name for word in tables.PUBLIC_EMPLOYERS) else "private",
            address=tables.COMPANY_STREETS[i % len(tables.COMPANY_STREETS)], phone=f"33 {10 + i % 89:02d} {20 + i % 79:02d} {30 + i % 69:02d}"))
    return companies


def _offers(rng: random.Random, companies: list[PlannedCompany], in_placement: list[ProgrammeCase], as_of: date) -> list[PlannedOffer]:
    """Two open offers per company: the internship the placed citizens hold (even positions), and one starting in the coming weeks."""
    offers = []
    for i in range(len(companies)):
        offers.append(PlannedOffer(company=i, kind="company_internship", title="Praktikant", hours_per_week=Decimal("30"), days_per_week=5,
                                   starts_on=as_of - timedelta(weeks=8), weeks=13, places=max(1, len(in_placement) // len(companies) + 1)))
        offers.append(PlannedOffer(company=i, kind=rng.choice(tables.OFFER_KINDS), title=rng.choice(tables.OFFER_TITLES),
                                   hours_per_week=Decimal(rng.choice(["22", "25", "30"])), days_per_week=rng.choice([3, 4, 5]),
                                   starts_on=monday_of(as_of) + timedelta(weeks=rng.randint(1, 6)), weeks=rng.choice([4, 8, 13]),
                                   danish_needed=rng.choice([0, 0, 2, 4])))
    return offers


def _term(in_programme: list[ProgrammeCase], as_of: date) -> _Term:
    """A sector class and a Danish class per 20 citizens in the programme, the term begun 12 weeks before the as-of date."""
    start = monday_of(as_of) - timedelta(weeks=tables.TERM_STARTED_WEEKS_AGO)
    end = start + timedelta(weeks=tables.TERM_WEEKS)
    groups = [in_programme[i:i + tables.CLASS_SIZE] for i in range(0, len(in_programme), tables.CLASS_SIZE)]
    sector = [PlannedClass(name=f"Branchehold {i % 3 + 1}.{i // 3 + 1}", kind="sector", starts_on=start, ends_on=end, day=tables.SECTOR_DAY,
                           place=tables.SECTOR_CLASS_PLACE, by_demo_teacher=i < 2, sector=i % 3 + 1) for i in range(len(groups))]
    tracks = tables.DANISH_TRACKS
    danish = [PlannedClass(name=f"Dansk {tracks[i % 3]} hold {i // 3 + 1}", kind="danish", starts_on=start, ends_on=end, day=tables.DANISH_DAY,
                           place=tables.DANISH_CLASS_PLACE, by_demo_teacher=i < 2, track=tracks[i % 3], module=i % 4 + 1)
              for i in range(len(groups))]
    class_of = {c.key: (g, len(groups) + g) for g, group in enumerate(groups) for c in group}
    return _Term(start=start, classes=sector + danish, class_of=class_of)


def _joined(case: ProgrammeCase, term: _Term) -> date:
    return max(term.start, case.in_programme_since or term.start)


def _class_places(rng: random.Random, in_programme: list[ProgrammeCase], term: _Term):
    """Each citizen in the programme: on both classes' rosters with their weekly hours, utility work under the work
    obligation, and placed on the Danish class's track by the language school."""
    roster, items, learners = [], [], []
    for case in in_programme:
        joined = _joined(case, term)
        for class_index, kind in zip(term.class_of[case.key], ("sector_class", "danish_education")):
            teaching_class = term.classes[class_index]
            roster.append((class_index, case.key, joined))
            items += [PlannedPlanItem(case=case.key, kind=kind, weekday=w, day=teaching_class.day, valid_from=joined, valid_to=teaching_class.ends_on,
                                      sector=teaching_class.sector, teaching_class=class_index) for w in WEEKDAYS]
        if case.work_obligation:
            items += [PlannedPlanItem(case=case.key, kind="utility_work", weekday=w, day=tables.UTILITY_DAY, valid_from=joined, valid_to=None,
                                      note=tables.UTILITY_WORK_NOTE) for w in WEEKDAYS]
        track = term.classes[term.class_of[case.key][1]].track
        years = {t: rng.randint(*span) for t, span in tables.YEARS_OF_SCHOOLING.items()}[track]
        learners.append(PlannedLearner(case=case.key, years_of_schooling=years, knows_latin_alphabet=rng.random() < 0.5, track=track,
                                       started_on=joined))
    return roster, items, learners


def _modules_passed(rng: random.Random, learners: list[PlannedLearner], as_of: date) -> None:
    """Up to three modules passed, one every eight weeks since the start (those tested by the as-of date)."""
    for learner in learners:
        tests = [learner.started_on + timedelta(weeks=8 * module) for module in range(1, rng.randint(0, 3) + 1)]
        learner.modules_passed = [day for day in tests if day <= as_of]


def _placements(in_placement: list[ProgrammeCase], offers: list[PlannedOffer], as_of: date) -> list[PlannedPlacement]:
    """A 13-week internship for each citizen in placement, begun when the case entered placement (at most 11 weeks ago)."""
    internships = list(range(0, len(offers), 2))
    placements = []
    for i, case in enumerate(in_placement):
        start = max(case.in_placement_since or as_of - timedelta(weeks=4), as_of - timedelta(weeks=11))
        placements.append(PlannedPlacement(offer=internships[i % len(internships)], case=case.key, starts_on=start,
                                           ends_on=start + timedelta(weeks=13) - timedelta(days=1)))
    return placements


def _attendance(rng: random.Random, participants: list[ProgrammeCase], term: _Term, placements: list[PlannedPlacement], as_of: date,
                extra_closed_days: bool) -> list[PlannedAttendance]:
    """The last three complete weeks and this week before the as-of date. Most attend; some miss days; about one in
    twenty-five attend less than planned in the last two complete weeks (the red flag)."""
    this_monday = monday_of(as_of)
    first_day = this_monday - timedelta(weeks=tables.ATTENDANCE_WEEKS)
    days = [first_day + timedelta(days=n) for n in range((as_of - first_day).days)]
    days = [day for day in days if is_working_day(day, extra_closed_days=extra_closed_days)]
    recent = {d for d in days if this_monday - timedelta(weeks=2) <= d < this_monday}
    placement_of = {p.case: p for p in placements}
    rows = []
    for case in participants:
        habit = rng.random()
        for day in days:
            if habit < 0.04 and day in recent:
                absent = day.weekday() in (0, 3)  # below plan two weeks running
            else:
                absent = rng.random() < (0.12 if habit < 0.14 else 0.01)
            rows += _day_attended(case, day, absent, term, placement_of.get(case.key))
    return rows


def _day_attended(case: ProgrammeCase, day: date, absent: bool, term: _Term, placement: PlannedPlacement | None) -> list[PlannedAttendance]:
    """A citizen's registrations of one day: the internship while it runs, else each class and utility work once joined."""
    def row(kind: str, class_index: int | None, hours: str, by: str) -> PlannedAttendance:
        return PlannedAttendance(case=case.key, on=day, kind=kind, teaching_class=class_index, absent=absent,
                                 hours=Decimal("0" if absent else hours), registered_by=by)

    if placement is not None:
        return [row("company_internship", None, "6", DEMO_COMPANY_CONSULTANT)] if placement.starts_on <= day <= placement.ends_on else []
    if day < _joined(case, term):
        return []
    rows = [row("sector_class" if term.classes[i].kind == "sector" else "danish_education", i, "3", DEMO_TEACHER)
            for i in term.class_of.get(case.key, ())]
    if case.work_obligation:
        rows.append(row("utility_work", None, "1.4", DEMO_COMPANY_CONSULTANT))
    return rows
