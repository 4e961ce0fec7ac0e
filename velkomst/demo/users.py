"""Demo staff: one login per role (demo only; documented in the README)."""
from velkomst.accounts import roles

DEMO_PASSWORD = "Velkomst-demo-2026"

# username, role, first name, last name
DEMO_USERS = [
    ("sagsbehandler", roles.CASEWORKER, "Mette", "Sørensen"),
    ("sagsbehandler2", roles.CASEWORKER, "Ahmad", "Rahimi"),
    ("modtagelse", roles.RECEPTION, "Jonas", "Krogh"),
    ("vaert", roles.HOUSING_HOST, "Birgitte", "Holm"),
    ("virksomhed", roles.COMPANY_CONSULTANT, "Lars", "Winther"),
    ("underviser", roles.TEACHER, "Oksana", "Melnyk"),
    ("leder", roles.MANAGER, "Hanne", "Aagaard"),
    ("admin", roles.ADMIN, "Peter", "Dahl"),
]
# Further caseworkers without a login (sb01, sb02, ...) share the caseload with the demo caseworker.
OTHER_CASEWORKERS = 23
CASEWORKERS = 1 + OTHER_CASEWORKERS  # the demo caseworker `sagsbehandler` is the first
DEMO_CASEWORKER = "sagsbehandler"
DEMO_TEACHER = "underviser"
DEMO_COMPANY_CONSULTANT = "virksomhed"


def caseworkers_at(scale: float) -> int:
    """The caseworkers of a demo at this scale, the demo caseworker included. A centre ten times the size has ten times
    the caseworkers, not ten times the caseload each: a caseworker's own lists (their worklist, their attendance flags)
    at 10x are those of a caseworker, and only the whole team's grow. Below 1 the demo keeps its 24 (a small test demo
    still shares its cases among them)."""
    return max(CASEWORKERS, round(CASEWORKERS * scale))
