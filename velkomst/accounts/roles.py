"""The one table that says what each role may see and do.

Pure Python: the groups and their permissions are synchronised from this table
(`accounts.permissions.sync_role_groups`), the views check the capabilities,
docs/roles.md prints it, and the tests read it. Change access here and nowhere else.
"""

CASEWORKER = "caseworker"
RECEPTION = "reception"
HOUSING_HOST = "housing_host"
COMPANY_CONSULTANT = "company_consultant"
TEACHER = "teacher"
MANAGER = "manager"
ADMIN = "admin"

ROLES = (CASEWORKER, RECEPTION, HOUSING_HOST, COMPANY_CONSULTANT, TEACHER, MANAGER, ADMIN)

# capability -> (description, roles that have it)
CAPABILITIES: dict[str, tuple[str, frozenset[str]]] = {
    "search_person": (
        "Search for persons by name, CPR or case number",
        frozenset({CASEWORKER, RECEPTION, HOUSING_HOST, COMPANY_CONSULTANT, TEACHER, ADMIN}),
    ),
    "view_person": (
        "Open a person's record (household, case, timeline) within the role's scope",
        frozenset({CASEWORKER, RECEPTION, HOUSING_HOST, COMPANY_CONSULTANT, TEACHER, ADMIN}),
    ),
    "register_person": (
        "Register a person with household and case",
        frozenset({CASEWORKER, RECEPTION, ADMIN}),
    ),
    "change_person": (
        "Change a person's details and household",
        frozenset({CASEWORKER, RECEPTION, ADMIN}),
    ),
    "change_case": (
        "Change a case: target group, readiness, permit, dates, status, caseworker",
        frozenset({CASEWORKER, ADMIN}),
    ),
    "view_cpr": (
        "See a person's full CPR number (the others who open the record see DDMMYY-XXXX)",
        frozenset({CASEWORKER, RECEPTION, ADMIN}),
    ),
    "view_contact_and_household": (
        "See a person's phone, e-mail, household, housing and timeline",
        frozenset({CASEWORKER, RECEPTION, HOUSING_HOST, ADMIN}),
    ),
    "view_sensitive": (
        "See restricted case flags: vulnerability, patient track, work obligation",
        frozenset({CASEWORKER, ADMIN}),
    ),
    "write_journal": (
        "Write notes in a case's journal",
        frozenset({CASEWORKER, RECEPTION, HOUSING_HOST, ADMIN}),
    ),
    "view_citizen_log": (
        "Produce a citizen's extract of the access log of their own record",
        frozenset({CASEWORKER, ADMIN}),
    ),
    "export_person_data": (
        "Produce a person's data extract for a subject access request (JSON and PDF)",
        frozenset({CASEWORKER, ADMIN}),
    ),
    "browse_access_log": (
        "Browse the full access log (who read, searched, changed, exported what)",
        frozenset({ADMIN}),
    ),
    "manage_staff": (
        "Create staff accounts with a role, deactivate them, reset a password, unlock a locked-out account",
        frozenset({ADMIN}),
    ),
    "hand_over_cases": (
        "Hand a caseworker's open cases over to another caseworker in one action",
        frozenset({ADMIN}),
    ),
    # Temporary housing
    "view_housing": (
        "See occupancy, locations and rooms (housing hosts: their own locations)",
        frozenset({CASEWORKER, RECEPTION, HOUSING_HOST, MANAGER, ADMIN}),
    ),
    "manage_tenancies": (
        "Move households in, between rooms and out; block and unblock rooms (housing hosts: at their own locations)",
        frozenset({RECEPTION, HOUSING_HOST, ADMIN}),
    ),
    "view_tenancies": (
        "See the tenancy records of households (dates, rent, move-out), within the housing scope",
        frozenset({CASEWORKER, RECEPTION, HOUSING_HOST, ADMIN}),
    ),
    "manage_locations": (
        "Set up locations and rooms: create and edit them, import capacity from a spreadsheet, open, close, assign hosts, house rules",
        frozenset({ADMIN}),
    ),
    "manage_reference_data": (
        "Enter the rent caps of each year and household type, and the income thresholds for permanent housing by household size",
        frozenset({ADMIN}),
    ),
    "export_occupancy": (
        "Export occupancy as a spreadsheet",
        frozenset({RECEPTION, HOUSING_HOST, MANAGER, ADMIN}),
    ),
    "report_incident": (
        "Record incidents at a location",
        frozenset({HOUSING_HOST, ADMIN}),
    ),
    "view_incidents": (
        "See incidents (hosts: their locations; caseworkers: their cases; admin: all; managers: all, as risks without case details)",
        frozenset({HOUSING_HOST, CASEWORKER, MANAGER, ADMIN}),
    ),
    "follow_up_incidents": (
        "Follow up incidents: actions taken, partners involved, closing with the outcome (hosts: their locations; caseworkers: their cases)",
        frozenset({HOUSING_HOST, CASEWORKER, ADMIN}),
    ),
    # Allocation
    "propose_placements": (
        "Propose, adjust and confirm placements of arriving households",
        frozenset({RECEPTION, ADMIN}),
    ),
    "plan_relocations": (
        "Plan relocations: empty a location, move a target group to its locations",
        frozenset({RECEPTION, HOUSING_HOST, ADMIN}),
    ),
    # Reception
    "manage_referrals": (
        "Register and import referrals; prepare arrivals",
        frozenset({RECEPTION, ADMIN}),
    ),
    "register_arrivals": (
        "Register a household's arrival: it moves into its reserved room, its cases become arrived (housing hosts: households living at their locations)",
        frozenset({RECEPTION, HOUSING_HOST, ADMIN}),
    ),
    "view_worklists": (
        "See worklists of arrivals, deadlines and meetings to book",
        frozenset({CASEWORKER, RECEPTION, ADMIN}),
    ),
    "book_meetings": (
        "Book welcome, contract and follow-up meetings; send summons",
        frozenset({CASEWORKER, RECEPTION, ADMIN}),
    ),
    "view_figures": (
        "See the figures management steers by (counts, no case details)",
        frozenset({MANAGER, ADMIN}),
    ),
    # Programme, Danish education and companies
    "view_programme": (
        "See programme participants' plans, classes, attendance and placements",
        frozenset({CASEWORKER, COMPANY_CONSULTANT, TEACHER, ADMIN}),
    ),
    "manage_programme": (
        "Enrol in the programme; weekly plans, work obligation, employment, follow-ups, referral to permanent housing",
        frozenset({CASEWORKER, ADMIN}),
    ),
    "register_attendance": (
        "Register attendance for a class or a placement",
        frozenset({TEACHER, COMPANY_CONSULTANT, ADMIN}),
    ),
    "manage_education": (
        "Place learners in DU1/DU2/DU3; classes, rosters, module tests and exams",
        frozenset({TEACHER, ADMIN}),
    ),
    "record_exam_results": (
        "Record the results of the final Danish exams (PD1, PD2, PD3, Studieprøven) on the education case",
        frozenset({TEACHER, CASEWORKER, ADMIN}),
    ),
    "manage_companies": (
        "Keep the company register and placement offers; match citizens to offers",
        frozenset({COMPANY_CONSULTANT, ADMIN}),
    ),
    "view_patient_track": (
        "See and keep the patient track: care needs, partners, relatives",
        frozenset({CASEWORKER, ADMIN}),
    ),
    "manage_vulnerable": (
        "Keep the workflows of vulnerable residents: coordination, agreed actions, reviews",
        frozenset({CASEWORKER, ADMIN}),
    ),
    # Documents on the case
    "view_documents": (
        "See and download documents handed in (residence permits, signed leases and contracts, ...) within the role's scope",
        frozenset({CASEWORKER, RECEPTION, HOUSING_HOST, ADMIN}),
    ),
    "upload_documents": (
        "Upload documents and photos to persons, cases, tenancies and incidents within the role's scope",
        frozenset({CASEWORKER, RECEPTION, HOUSING_HOST, ADMIN}),
    ),
}

# A household's documented health need for a room of its own (skånebehov) is shown to roles with any of these:
# those who see restricted case information, and those who move households in (the housing rules make them respect it).
HOUSING_HEALTH_NEED = ("view_sensitive", "manage_tenancies")

# Which persons a role may open at all (need to know). The selector
# `people.selectors.persons_visible_to` applies it.
PERSON_SCOPE = {
    CASEWORKER: "all",  # the centre's caseworkers share the caseload
    RECEPTION: "all",  # reception prepares every arrival
    ADMIN: "all",
    HOUSING_HOST: "residents",  # residents of the locations the host runs
    COMPANY_CONSULTANT: "programme",  # citizens in the programme or a placement
    # Programme participants, and citizens in a job who finish their Danish module at the centre (still on a class).
    TEACHER: "learners",
    MANAGER: "none",  # figures only
}

# Which documents a role may see and add, by what they are attached to (need to know); within each, the role's scope
# of persons (`PERSON_SCOPE`), locations and incidents applies, and medical documentation needs `view_sensitive`.
# `documents.selectors.documents_visible_to` applies it.
DOCUMENT_TARGETS = {
    CASEWORKER: frozenset({"person", "case", "tenancy", "incident"}),
    ADMIN: frozenset({"person", "case", "tenancy", "incident"}),
    RECEPTION: frozenset({"person", "case"}),  # what comes with the referral: permits, papers from the asylum centre
    HOUSING_HOST: frozenset({"tenancy", "incident"}),  # at the host's own locations: signed lease and house rules, photos
}

# What each role lands on after login.
LANDING = {
    CASEWORKER: "my_cases",
    RECEPTION: "worklist:worklist",
    HOUSING_HOST: "occupancy",
    COMPANY_CONSULTANT: "company_list",
    TEACHER: "education_classes",
    MANAGER: "reports:dashboard",
    ADMIN: "access_log",
}


def roles_with(capability: str) -> frozenset[str]:
    return CAPABILITIES[capability][1]


def capabilities_of(role: str) -> list[str]:
    return [name for name, (_, roles) in CAPABILITIES.items() if role in roles]


def as_markdown() -> str:
    """The table as docs/roles.md shows it."""
    header = "| capability | " + " | ".join(ROLES) + " |"
    rule = "| --- |" + " :-: |" * len(ROLES)
    rows = [
        f"| {description} | " + " | ".join("✓" if role in roles else "" for role in ROLES) + " |"
        for description, roles in CAPABILITIES.values()
    ]
    return "\n".join([header, rule, *rows])
