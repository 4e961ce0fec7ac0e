"""The programme's configurable numbers: the law's defaults in `rules.HoursRules`,
overridden by settings when a deployment sets them (no code change for a change in law)."""
from dataclasses import replace
from decimal import Decimal

from django.conf import settings

from velkomst.programme.rules import DEFAULT_HOURS_RULES, DEFAULT_WORK_OBLIGATION_RULES, HoursRules, WorkObligationRules

FOLLOW_UP_MONTHS = 6  # twice a year through the integration period
COMPLIANCE_WEEKS = 3


def hours_rules() -> HoursRules:
    """e.g. settings.PROGRAMME_HOURS_RULES = {"internship_weeks_job_ready": 6}"""
    return replace(DEFAULT_HOURS_RULES, **getattr(settings, "PROGRAMME_HOURS_RULES", {}))


def work_obligation_rules() -> WorkObligationRules:
    return replace(DEFAULT_WORK_OBLIGATION_RULES, **getattr(settings, "PROGRAMME_WORK_OBLIGATION_RULES", {}))


def housing_referral_min_income() -> Decimal:
    """A household's monthly income (DKK, before tax) from which it is ready for permanent housing."""
    return Decimal(str(getattr(settings, "PROGRAMME_HOUSING_REFERRAL_MIN_INCOME", 15000)))
