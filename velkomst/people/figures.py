"""The population figures of the centre's presentation, as of any date.

One query fetches each case's status on the date (the last status change on or
before it); the counting is plain Python over those rows, so the number of
queries does not grow with the caseload.
"""
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from velkomst.people.models import LIVING_HERE_STATUSES, PROGRAMME_STATUSES, QUOTA_GROUPS, Case, CaseStatus, CaseStatusChange, TargetGroup


@dataclass(frozen=True)
class CaseRow:
    target_group: str
    status: str | None
    readiness: str
    gender: str
    birth_date: date
    patient_track: bool
    work_obligation: bool


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: float
    definition: str
    is_share: bool = False


def case_rows(as_of: date) -> list[CaseRow]:
    status_then = (
        CaseStatusChange.objects.filter(case=OuterRef("pk"), on__lte=as_of).order_by("-on", "-id").values("status")[:1]
    )
    rows = (
        Case.objects.filter(referral_decision_date__lte=as_of)
        .annotate(status_then=Subquery(status_then))
        .values_list("target_group", "status_then", "readiness", "person__gender", "person__birth_date", "patient_track", "work_obligation")
    )
    return [CaseRow(*row) for row in rows]


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def count_figures(rows: list[CaseRow], as_of: date) -> dict[str, float]:
    """The figures as numbers (shares and rates as fractions)."""
    ukrainian = [r for r in rows if r.target_group == TargetGroup.DISPLACED_UKRAINIAN]
    living = [r for r in rows if r.status in LIVING_HERE_STATUSES]
    ukrainian_living = [r for r in ukrainian if r.status in LIVING_HERE_STATUSES]
    employed = [r for r in ukrainian_living if r.status == CaseStatus.EMPLOYED]
    job_ready = [r for r in ukrainian_living if r.readiness == "job_ready"]
    ages = Counter(
        "0_15" if age <= 15 else "16_66" if age <= 66 else "67_plus" for age in (_age(r.birth_date, as_of) for r in ukrainian_living)
    )
    share = lambda part, whole: round(part / whole, 4) if whole else 0.0  # noqa: E731
    patients = [r for r in rows if r.patient_track and r.status not in (None, CaseStatus.REFERRED)]
    return {
        "ukrainians_referred_total": len(ukrainian),
        "ukrainians_living_in_municipality": len(ukrainian_living),
        "ukrainians_employed": len(employed),
        "employment_rate_job_ready": share(len([r for r in job_ready if r.status == CaseStatus.EMPLOYED]), len(job_ready)),
        "in_programme": len([r for r in living if r.status in PROGRAMME_STATUSES]),
        "work_obligation": len([r for r in living if r.work_obligation]),
        "patients_arrived": len(patients),
        "patients_remaining": len([r for r in patients if r.status in LIVING_HERE_STATUSES]),
        "quota_refugees_living": len([r for r in living if r.target_group in QUOTA_GROUPS]),
        "share_female": share(len([r for r in ukrainian_living if r.gender == "F"]), len(ukrainian_living)),
        "share_age_0_15": share(ages["0_15"], len(ukrainian_living)),
        "share_age_16_66": share(ages["16_66"], len(ukrainian_living)),
        "share_age_67_plus": share(ages["67_plus"], len(ukrainian_living)),
    }


DEFINITIONS = {
    "ukrainians_referred_total": (_("Displaced Ukrainians referred since March 2022"), _("Cases of displaced Ukrainians with a referral decision on or before the date.")),
    "ukrainians_living_in_municipality": (_("Displaced Ukrainians living in Copenhagen"), _("Arrived and not left or closed on the date.")),
    "ukrainians_employed": (_("Displaced Ukrainians employed"), _("Living here with the status employed on the date.")),
    "employment_rate_job_ready": (_("Employment rate among job-ready"), _("Employed among displaced Ukrainians living here who are assessed job-ready.")),
    "in_programme": (_("Citizens in the programme"), _("Status in programme or in placement on the date (all target groups).")),
    "work_obligation": (_("Under the 37-hour work obligation"), _("Living here with the work-obligation flag.")),
    "patients_arrived": (_("Patients arrived via the patient track"), _("Patient-track cases that have arrived.")),
    "patients_remaining": (_("Patients still in Copenhagen"), _("Patient-track cases living here on the date.")),
    "quota_refugees_living": (_("Quota refugees living in Copenhagen"), _("Municipal-quota and UN-quota refugees living here on the date.")),
    "share_female": (_("Share of women"), _("Women among displaced Ukrainians living here.")),
    "share_age_0_15": (_("Aged 0–15"), _("Share of displaced Ukrainians living here.")),
    "share_age_16_66": (_("Aged 16–66"), _("Share of displaced Ukrainians living here.")),
    "share_age_67_plus": (_("Aged 67 and over"), _("Share of displaced Ukrainians living here.")),
}
SHARE_KEYS = {"employment_rate_job_ready", "share_female", "share_age_0_15", "share_age_16_66", "share_age_67_plus"}


def population_figures(as_of: date) -> list[Figure]:
    values = count_figures(case_rows(as_of), as_of)
    return [
        Figure(key, str(label), values[key] * 100 if key in SHARE_KEYS else values[key], str(definition), key in SHARE_KEYS)
        for key, (label, definition) in DEFINITIONS.items()
    ]
