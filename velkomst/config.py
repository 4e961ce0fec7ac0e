"""The rules as this deployment configures them: the law's defaults from ``velkomst.rules``,
overridden by settings when a deployment sets them (a change in law is a change of settings,
not of code). Every service and selector that needs a configured rule asks here.
"""
from dataclasses import replace
from decimal import Decimal

from django.conf import settings

from velkomst.rules.deadlines import DEFAULT_RULES as DEFAULT_DEADLINE_RULES
from velkomst.rules.deadlines import DeadlineRules
from velkomst.rules.programme import DEFAULT_HOURS_RULES, DEFAULT_WORK_OBLIGATION_RULES, HoursRules, WorkObligationRules

FOLLOW_UP_MONTHS = 6  # twice a year through the integration period
COMPLIANCE_WEEKS = 3


def deadline_rules() -> DeadlineRules:
    """Take-over and the first month's deadlines; ``WORKDAYS_EXTRA_CLOSED_DAYS`` says whether
    Grundlovsdag, 24 and 31 December count as closed days."""
    return replace(DEFAULT_DEADLINE_RULES, extra_closed_days=settings.WORKDAYS_EXTRA_CLOSED_DAYS)


def hours_rules() -> HoursRules:
    """e.g. settings.PROGRAMME_HOURS_RULES = {"internship_weeks_job_ready": 6}"""
    return replace(DEFAULT_HOURS_RULES, **getattr(settings, "PROGRAMME_HOURS_RULES", {}))


def work_obligation_rules() -> WorkObligationRules:
    return replace(DEFAULT_WORK_OBLIGATION_RULES, **getattr(settings, "PROGRAMME_WORK_OBLIGATION_RULES", {}))


def housing_referral_min_income() -> Decimal:
    """A household's monthly income (DKK, before tax) from which it is ready for permanent housing."""
    return Decimal(str(getattr(settings, "PROGRAMME_HOUSING_REFERRAL_MIN_INCOME", 15000)))
