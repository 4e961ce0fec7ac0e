"""The go-live caseload file: one row per person, the columns docs/go-live.md documents.

Pure data; `services.caseload_import` reads it and `services.caseload_export` writes it.
"""
# (column, required, what it holds) — the table in docs/go-live.md is made from this list.
COLUMNS = [
    ("household", True, "Any key shared by the members of one household (e.g. the old system's household number)"),
    ("relation", True, "applicant (exactly one per household), spouse, child or other"),
    ("first_name", True, "First name(s), as in the residence permit; Cyrillic or Latin"),
    ("last_name", True, "Last name"),
    ("cpr", False, "DDMMYY-SSSS; birth date and gender are checked against it"),
    ("birth_date", False, "dd.mm.yyyy (required without a CPR number)"),
    ("gender", False, "F, M or X (required without a CPR number)"),
    ("nationality", False, "e.g. Ukraine"),
    ("languages", False, "Comma-separated, e.g. ukrainsk, russisk"),
    ("interpreter_language", False, "Empty if no interpreter is needed"),
    ("phone", False, ""),
    ("email", False, ""),
    ("target_group", False, "displaced_ukrainian, municipal_quota, un_quota, other_refugee, family_reunified, lab_youth_activity, "
                            "lab_youth_education, lab_job_ready, lab_activity_ready; required for the applicant, empty = no case of their own"),
    ("referral_decision_date", False, "dd.mm.yyyy; required with a target group"),
    ("takeover_date", False, "dd.mm.yyyy; empty = computed from the referral decision as for new referrals"),
    ("arrival_date", False, "dd.mm.yyyy"),
    ("status", False, "referred, arrived, in_programme, in_placement, employed, paused, left, closed (default referred)"),
    ("left_reason", False, "moved_away, left_denmark, deceased, other (required with status left)"),
    ("readiness", False, "job_ready, activity_ready, education_ready"),
    ("permit_type", False, "Residence permit, e.g. Særlov §1"),
    ("permit_expires", False, "dd.mm.yyyy"),
    ("caseworker", False, "The caseworker's user name in Velkomst"),
    ("patient", False, "yes/no — restricted flags (GDPR art. 9) from here to work_obligation"),
    ("elderly_illness", False, "yes/no"),
    ("addiction", False, "yes/no"),
    ("psychologically_vulnerable", False, "yes/no"),
    ("socially_challenged", False, "yes/no"),
    ("patient_track", False, "yes/no"),
    ("work_obligation", False, "yes/no"),
    ("needs_step_free", False, "yes/no — household columns: read from the applicant's row"),
    ("needs_own_room", False, "yes/no — restricted (health): a room of their own"),
    ("own_room_reason", False, "The documented reason for a room of their own; required with needs_own_room yes (restricted)"),
    ("pets", False, "Number and kind of pets (0–20 in all), e.g. 0, 1 dog, 2 cats, 1 dog; a bare number is pets of no stated kind"),
    ("first_benefit_payment_on", False, "dd.mm.yyyy; empty = not paid yet (the household then needs food distribution)"),
    ("room", False, "The current room as location code/room number, e.g. solterrasserne/2.14; empty = not in temporary housing"),
    ("moved_in_on", False, "dd.mm.yyyy; required with a room"),
]
NAMES = [name for name, _required, _text in COLUMNS]
REQUIRED = [name for name, required, _text in COLUMNS if required]
FLAGS = ["patient", "elderly_illness", "addiction", "psychologically_vulnerable", "socially_challenged", "patient_track", "work_obligation"]
DATES = ["birth_date", "referral_decision_date", "takeover_date", "arrival_date", "permit_expires", "first_benefit_payment_on", "moved_in_on"]
HOUSEHOLD_COLUMNS = ["needs_step_free", "needs_own_room", "own_room_reason", "pets", "first_benefit_payment_on", "room", "moved_in_on"]


def as_markdown() -> str:
    rows = [f"| `{name}` | {'yes' if required else ''} | {text} |" for name, required, text in COLUMNS]
    return "\n".join(["| column | required | what it holds |", "| --- | :-: | --- |", *rows])
