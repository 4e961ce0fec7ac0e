"""Writing the access log and the change history. Every service and selector that touches personal data calls these."""
import json

from django.db import connection, models

from velkomst.accounts import roles
from velkomst.audit.models import AccessLog, FieldChange
from velkomst.lib.cpr import mask_in_text

# Why a role uses personal data, when the caller does not say otherwise.
ROLE_PURPOSE = {
    roles.CASEWORKER: AccessLog.Purpose.CASEWORK,
    roles.RECEPTION: AccessLog.Purpose.RECEPTION,
    roles.HOUSING_HOST: AccessLog.Purpose.HOUSING,
    roles.COMPANY_CONSULTANT: AccessLog.Purpose.PROGRAMME,
    roles.TEACHER: AccessLog.Purpose.PROGRAMME,
    roles.MANAGER: AccessLog.Purpose.SUPERVISION,
    roles.ADMIN: AccessLog.Purpose.SUPERVISION,
}


def purpose_for(user) -> str:
    return ROLE_PURPOSE.get(user.role, AccessLog.Purpose.CASEWORK)


def masked(criteria):
    """Search criteria as they may be logged: every CPR-like number in any text masked, whatever its shape
    (the one logging rule for search texts, so no caller has to remember it)."""
    if isinstance(criteria, str):
        return mask_in_text(criteria)
    if isinstance(criteria, dict):
        return {key: masked(value) for key, value in criteria.items()}
    if isinstance(criteria, (list, tuple)):
        return [masked(value) for value in criteria]
    return criteria


def access_log_write(
    *, user, action: str, obj=None, person=None, purpose: str | None = None, criteria: dict | None = None
) -> AccessLog:
    return AccessLog.objects.create(
        user=user,
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        person=person,
        purpose=purpose or purpose_for(user),
        criteria=masked(criteria),
    )


def access_log_persons(*, user, persons, what: str, action: str = AccessLog.Action.READ, purpose: str | None = None) -> int:
    """A page or file that names several persons: one row per person named (the citizen's own extract finds it),
    written in one query. ``persons``: Person objects or ids, as shown; ``what``: the page, e.g. "worklist"."""
    ids = sorted({getattr(p, "pk", p) for p in persons if p is not None})
    if ids:
        _insert_one_row_per_person(user=user, action=action, object_type=what[:40], purpose=purpose or purpose_for(user), person_ids=ids)
    return len(ids)


def _insert_one_row_per_person(*, user, action: str, object_type: str, purpose: str, person_ids: list[int]) -> None:
    """One INSERT whose rows the database makes from the list of ids (PostgreSQL's unnest, SQLite's json_each). The
    rows are alike but for the person, and a model instance per row cost ~70 µs of Python in `bulk_create`: 10 ms of a
    whole team's worklist, which names 150 persons (issue 18)."""
    meta, quote = AccessLog._meta, connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column)
                        for name in ("at", "user", "action", "object_type", "object_id", "purpose", "person"))
    if connection.vendor == "postgresql":
        persons, ids = "unnest(%s::bigint[]) AS ids(value)", person_ids
    else:
        persons, ids = "json_each(%s) AS ids", json.dumps(person_ids)
    at = connection.ops.adapt_datetimefield_value(meta.get_field("at").get_default())  # the moment, as every row of the log
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(meta.db_table)} ({columns}) SELECT %s, %s, %s, %s, '', %s, ids.value FROM {persons}",
                       [at, user.pk, action, object_type, purpose, ids])


def _stored(instance: models.Model, field: models.Field) -> str:
    """The raw value (choice codes and ids, never a translated label), so the history reads the same in every language."""
    value = getattr(instance, field.attname)
    return "" if value is None else str(value)


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, str]:
    return {name: _stored(instance, instance._meta.get_field(name)) for name in fields}


def changes_record(*, user, instance: models.Model, before: dict[str, str], person) -> list[FieldChange]:
    """Store one FieldChange per field whose displayed value differs from `before`."""
    after = snapshot(instance, list(before))
    rows = [
        FieldChange(
            user=user,
            object_type=instance._meta.model_name,
            object_id=str(instance.pk),
            person=person,
            field=name,
            old_value=before[name],
            new_value=after[name],
        )
        for name in before
        if before[name] != after[name]
    ]
    return FieldChange.objects.bulk_create(rows)


def values_record(*, user, instance: models.Model, before: dict[str, str], after: dict[str, str], person) -> list[FieldChange]:
    """The history of values that are not one column each (a location's hosts, a staff member's role): one FieldChange
    per name whose value differs. The values are raw (ids, codes), as `snapshot` stores them."""
    rows = [
        FieldChange(user=user, object_type=instance._meta.model_name, object_id=str(instance.pk), person=person, field=name,
                    old_value=before.get(name, ""), new_value=after.get(name, ""))
        for name in sorted(set(before) | set(after))
        if before.get(name, "") != after.get(name, "")
    ]
    return FieldChange.objects.bulk_create(rows)


def creations_record(*, user, instances: list[models.Model], fields: list[str], person=None) -> list[FieldChange]:
    """New rows in the history: each given field of each row as a change from nothing, in one insert."""
    rows = [
        FieldChange(user=user, object_type=instance._meta.model_name, object_id=str(instance.pk), person=person, field=name,
                    old_value="", new_value=value)
        for instance in instances
        for name, value in snapshot(instance, fields).items()
        if value != ""
    ]
    return FieldChange.objects.bulk_create(rows)
