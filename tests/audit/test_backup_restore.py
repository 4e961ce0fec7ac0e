"""Backup and restore with PostgreSQL's own tools, as docs/security.md says: pg_dump -Fc, then pg_restore into a new database."""
import os
import shutil
import subprocess
from datetime import date, datetime

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import make_case
from tests.housing.factories import house, make_room
from velkomst.audit.models import AccessLog

# The tables a restore must bring back exactly: persons, cases, tenancies and the access log.
KEY_TABLES = ["people_person", "people_case", "housing_tenancy", "audit_accesslog"]


def _connection_args(name: str) -> list[str]:
    db = connection.settings_dict
    return ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"] or "postgres", "-d", name]


def _env() -> dict:
    return {**os.environ, "PGPASSWORD": connection.settings_dict.get("PASSWORD") or ""}


def _psql(name: str, sql: str) -> str:
    result = subprocess.run(["psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", *_connection_args(name), "-c", sql],
                            capture_output=True, text=True, env=_env(), check=True)
    return result.stdout.strip()


def fingerprint(name: str) -> dict[str, tuple[int, str]]:
    """Row count and an MD5 over every row's text, in id order, per key table."""
    return {
        table: tuple(_psql(name, f"SELECT count(*) || '|' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t.id)), '') FROM {table} t")
                     .split("|"))
        for table in KEY_TABLES
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_restored_with_pg_restore_gives_the_same_persons_cases_tenancies_and_log(staff, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump/pg_restore back up PostgreSQL; SQLite is the demo database")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("PostgreSQL's client tools (pg_dump, pg_restore) are not installed")
    room = make_room(beds=4)
    for n in range(5):
        case = make_case(caseworker=staff["caseworker"], referral_decision_date=date(2026, 3, n + 1))
        house(case.household, room)
        AccessLog.objects.create(user=staff["caseworker"], action="read", object_type="person", object_id=str(case.person_id),
                                 person=case.person, purpose="casework", criteria={"note": "æøå ÆØÅ Олена"},
                                 at=timezone.make_aware(datetime(2026, 11, 26, 9, n)))
    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored"
    dump = tmp_path / "velkomst.dump"
    connection.close()  # the dump sees committed data only; nothing of ours is open
    _psql("postgres", f'DROP DATABASE IF EXISTS "{restored}"')
    try:
        subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), *_connection_args(source)], check=True, env=_env(), capture_output=True)
        _psql("postgres", f'CREATE DATABASE "{restored}"')
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", *_connection_args(restored), str(dump)],
                       check=True, env=_env(), capture_output=True)
        before, after = fingerprint(source), fingerprint(restored)
        assert before == after
        assert int(after["people_person"][0]) == 5 and int(after["audit_accesslog"][0]) == 5 and int(after["housing_tenancy"][0]) == 5
    finally:
        _psql("postgres", f'DROP DATABASE IF EXISTS "{restored}"')
