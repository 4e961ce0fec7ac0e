"""Target groups and the two housing populations of the allocation SPEC.

The case's target group (its legal basis) decides the population a household is
housed as: displaced Ukrainians under the special act are "ukrainian"; refugees
(municipal and UN quota, other refugees, family-reunified) are "refugee"; citizens
under the Active Employment Act (LAB) are not housed by the centre (no population).
The target-group codes are those of ``people.models.TargetGroup``.
"""
from __future__ import annotations

UKRAINIAN = "ukrainian"
REFUGEE = "refugee"
POPULATIONS = (UKRAINIAN, REFUGEE)

UNKNOWN_POPULATION = "Unknown target group “{population}”: expected a displaced Ukrainian or a refugee"

DISPLACED_UKRAINIAN = "displaced_ukrainian"
QUOTA_GROUPS = ("municipal_quota", "un_quota")
REFUGEE_GROUPS = (*QUOTA_GROUPS, "other_refugee", "family_reunified")


def population_of(target_group: str | None) -> str | None:
    """The housing population of a target group: "ukrainian", "refugee" or None (LAB citizens)."""
    if target_group == DISPLACED_UKRAINIAN:
        return UKRAINIAN
    if target_group in REFUGEE_GROUPS:
        return REFUGEE
    return None
