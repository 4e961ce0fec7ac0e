from datetime import date

from velkomst.config import hours_rules
from velkomst.rules import programme as rules


def test_the_legal_limits_can_be_changed_in_settings_without_code(settings):
    settings.PROGRAMME_HOURS_RULES = {"internship_weeks_job_ready": 8, "norm_hours_ukrainian": 25}
    configured = hours_rules()
    assert configured.internship_weeks_job_ready == 8 and configured.wage_subsidy_months_private == 6
    assert rules.check_placement_length("job_internship", date(2026, 6, 1), date(2026, 7, 26), "job_ready", None, rules=configured) is None
    assert rules.norm_hours_for("ukrainian", False, rules=configured) == 25


def test_the_defaults_are_the_law_s():
    default = hours_rules()
    assert (default.norm_hours_ukrainian, default.norm_hours_work_obligation) == (30, 37)
    assert (default.internship_weeks_job_ready, default.internship_weeks_activity_ready) == (4, 13)
    assert default.company_internship_weeks_job_ready_in_programme == 13  # DOMAIN.md, the journey, step 7
    assert (default.wage_subsidy_months_private, default.wage_subsidy_months_public) == (6, 4)
