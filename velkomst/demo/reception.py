"""Demo reception data: referrals being prepared and the first meetings of recent arrivals, so the worklist has work on it.

Deterministic (ordered by id, choices by index) and written in bulk like the rest of the demo.
"""
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from velkomst.lib.workdays import add_working_days, next_working_day_on_or_after
from velkomst.people.models import Case, CaseStatus
from velkomst.reception.models import Appointment, Referral

BATCH = 2000
ASYLUM_CENTRES = ["Center Sandholm", "Center Sjælsmark", "Center Avnstrup", "Center Vipperød", "Center Kongelunden"]
CONSIDERATIONS = ["", "", "Astma; har brug for inhalator.", "Bruger kørestol.", "", "Har en kat.", "Diabetes type 2.", ""]
PLACES = ["Jobcentret, Nyropsgade 1, lokale 3.12", "Borgerservice, Sjællandsgade 40, mødelokale 2", "Velkomsthuset, Hejrevej 28"]
FIRST_HOUR, LAST_HOUR = 9, 15


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class _Slots:
    """Hand out non-overlapping hours per caseworker, from a given day on."""

    def __init__(self):
        self.taken = defaultdict(set)

    def next(self, caseworker_id, day: date) -> datetime:
        day = next_working_day_on_or_after(day)
        while True:
            for hour in range(FIRST_HOUR, LAST_HOUR + 1):
                if hour not in self.taken[(caseworker_id, day)]:
                    self.taken[(caseworker_id, day)].add(hour)
                    return _aware(day, hour)
            day = next_working_day_on_or_after(day + timedelta(days=1))


def _referrals(today: date) -> int:
    """A referral row for each household still awaiting arrival, its preparation further along the nearer the take-over."""
    cases = Case.objects.filter(status=CaseStatus.REFERRED, household__isnull=False, household__referral__isnull=True).order_by("household_id", "id")
    referrals, seen = [], set()
    for index, case in enumerate(cases):
        if case.household_id in seen:
            continue
        seen.add(case.household_id)
        days_left = (case.takeover_date - today).days if case.takeover_date else 30
        note = CONSIDERATIONS[index % len(CONSIDERATIONS)]
        referral = Referral(
            household_id=case.household_id, decision_date=case.referral_decision_date, population=case.population or "ukrainian",
            asylum_centre=ASYLUM_CENTRES[index % len(ASYLUM_CENTRES)], special_considerations=note, source=Referral.Source.IMPORT,
        )
        if days_left <= 14:
            referral.asylum_centre_contacted_on = case.referral_decision_date + timedelta(days=2)
        if days_left <= 10:
            referral.considerations_recorded_on = referral.asylum_centre_contacted_on
            referral.considerations_health = note if "Astma" in note or "Diabetes" in note else ""
            referral.considerations_disability = note if "kørestol" in note else ""
            referral.considerations_pets = note if "kat" in note else ""
        if days_left <= 7:
            referral.cpr_activated_on = min(today, case.referral_decision_date + timedelta(days=7))
            referral.expected_arrival_on = case.takeover_date
        referrals.append(referral)
    Referral.objects.bulk_create(referrals, batch_size=BATCH)
    return len(referrals)


def _appointments(today: date) -> int:
    """Adults who arrived in the last three weeks: the welcome meeting held or booked, the contract meeting booked or still to book."""
    youngest, oldest = today.replace(year=today.year - 18), today.replace(year=today.year - 67)
    cases = (Case.objects.filter(status=CaseStatus.ARRIVED, arrival_date__gte=today - timedelta(days=21), arrival_date__lte=today,
                                 person__birth_date__lte=youngest, person__birth_date__gt=oldest)
             .select_related("person").order_by("arrival_date", "id"))
    slots, rows = _Slots(), []
    for index, case in enumerate(cases):
        common = {"case": case, "caseworker_id": case.caseworker_id, "interpreter_language": case.person.interpreter_language}
        welcome_day = add_working_days(case.arrival_date, 5)
        if index % 5 == 4:  # some still wait for their welcome meeting to be booked
            rows.append(Appointment(kind=Appointment.Kind.WELCOME, status=Appointment.Status.REQUIRED, **common))
            rows.append(Appointment(kind=Appointment.Kind.CONTRACT, status=Appointment.Status.REQUIRED, **common))
            continue
        held = welcome_day < today
        start = slots.next(case.caseworker_id, welcome_day if held else max(welcome_day, today + timedelta(days=1)))
        rows.append(Appointment(
            kind=Appointment.Kind.WELCOME, status=Appointment.Status.COMPLETED if held else Appointment.Status.PLANNED,
            starts_at=start, ends_at=start + timedelta(hours=1), place=PLACES[index % len(PLACES)],
            residence_card=held, mitid=held, bank_account=held and index % 3 != 0, benefit_application=held, cv_job_shop=held and index % 2 == 0,
            health=held, children=held, **common,
        ))
        if held and index % 3 != 2:
            contract = slots.next(case.caseworker_id, max(add_working_days(case.arrival_date, 10), today + timedelta(days=1)))
            rows.append(Appointment(kind=Appointment.Kind.CONTRACT, status=Appointment.Status.PLANNED, starts_at=contract,
                                    ends_at=contract + timedelta(hours=1, minutes=30), place=PLACES[0], **common))
        else:
            rows.append(Appointment(kind=Appointment.Kind.CONTRACT, status=Appointment.Status.REQUIRED, **common))
    Appointment.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def load(*, today: date) -> dict[str, int]:
    return {"referrals": _referrals(today), "appointments": _appointments(today)}
