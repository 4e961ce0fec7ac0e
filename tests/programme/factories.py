"""Programme, education and company objects for tests, written directly (set-up only)."""
import itertools
from datetime import date, time
from decimal import Decimal

from tests.factories import make_case
from velkomst.companies.models import Company, Placement, PlacementOffer
from velkomst.education.models import ClassSession, RosterEntry, TeachingClass
from velkomst.programme.models import Employment, Enrolment, FollowUp, HousingReferral, PlanItem

_n = itertools.count(1)


def cvr_number(n: int) -> str:
    """A valid CVR number (mod-11 weights 2,7,6,5,4,3,2,1) made from a seed."""
    weights = (2, 7, 6, 5, 4, 3, 2)
    base = 1_000_000 + n * 13  # seven digits, far enough apart that a few retries never reach the next seed's
    while True:
        digits = [int(d) for d in str(base)]
        check = (-sum(w * d for w, d in zip(weights, digits))) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)
        base += 1


def make_participant(*, started_on=date(2026, 11, 2), norm=30, status="in_programme", **case_fields):
    case = make_case(status=status, **case_fields)
    Enrolment.objects.create(case=case, started_on=started_on, norm_hours=Decimal(norm))
    return case


def plan(case, kind="danish_education", weekdays=range(5), start="08:30", end="14:30", valid_from=date(2026, 1, 5), valid_to=None, **fields):
    return [PlanItem.objects.create(case=case, kind=kind, weekday=w, start=time.fromisoformat(start), end=time.fromisoformat(end),
                                    valid_from=valid_from, valid_to=valid_to, **fields) for w in weekdays]


def make_class(*, kind="danish", name=None, weekdays=(0, 1, 2, 3, 4), start="09:00", end="12:00", starts_on=date(2026, 1, 5), **fields):
    fields.setdefault("track", "DU2" if kind == "danish" else "")
    if kind == "sector":
        fields.setdefault("sector", 1)
    teaching_class = TeachingClass.objects.create(name=name or f"Hold {next(_n)}", kind=kind, starts_on=starts_on, **fields)
    for w in weekdays:
        ClassSession.objects.create(teaching_class=teaching_class, weekday=w, start=time.fromisoformat(start), end=time.fromisoformat(end))
    return teaching_class


def on_roster(teaching_class, case, joined_on=date(2026, 1, 5)):
    return RosterEntry.objects.create(teaching_class=teaching_class, case=case, joined_on=joined_on)


def make_company(**fields):
    n = next(_n)
    defaults = dict(cvr=cvr_number(n), name=f"Firma {n} ApS", sector=1, ownership="private", address="Vesterbrogade 10, 1620 København V")
    return Company.objects.create(**(defaults | fields))


def make_offer(company=None, **fields):
    defaults = dict(kind="company_internship", title="Køkkenmedhjælper", hours_per_week=Decimal("22"), days_per_week=3,
                    starts_on=date(2026, 12, 7), weeks=4)
    return PlacementOffer.objects.create(company=company or make_company(), **(defaults | fields))


def make_placement(offer=None, case=None, **fields):
    offer = offer or make_offer()
    case = case or make_participant(status="in_placement")
    return Placement.objects.create(offer=offer, case=case, starts_on=offer.starts_on, ends_on=date(2027, 1, 3), **fields)


def make_employment(case=None, **fields):
    case = case or make_case(status="employed")
    defaults = dict(employer="Hotel Nord", hours_per_week=Decimal("37"), monthly_income=Decimal("24000"), started_on=date(2026, 6, 1))
    return Employment.objects.create(case=case, **(defaults | fields))


def make_follow_up(case=None, **fields):
    case = case or make_case(status="employed")
    return FollowUp.objects.create(case=case, due_on=fields.pop("due_on", date(2026, 12, 1)), **fields)


def make_referral(case=None):
    case = case or make_case(status="employed")
    return HousingReferral.objects.create(household=case.household, case=case, monthly_income=Decimal("20000"),
                                          referred_on=date(2026, 11, 1), status_on=date(2026, 11, 1))
