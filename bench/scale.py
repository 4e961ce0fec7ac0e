"""Run a benchmark's worker at one demo scale in a fresh database of its own (shared by the bench scripts).

SQLite in a temporary folder by default; with BENCH_DATABASE_URL, a PostgreSQL database per script and scale
(named `<prefix>_<scale>`; BENCH_DATABASE_PREFIX replaces the script's prefix). With `reuse`, an existing
PostgreSQL database of that name is kept as it is (built, migrated and analysed by an earlier run): building the
10x demo takes many minutes, measuring it again after a code change takes seconds. The worker is told whether the
database is fresh (it then builds the demo and runs ANALYZE) or reused (it migrates, nothing more).
The worker prints one JSON line last; that line is returned.
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_worker_at_scale(script: str, scale: float, repeat: int, *, database_prefix: str, reuse: bool = False) -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="velkomst.settings", HTTPS=os.environ.get("HTTPS", "false"))
    fresh = True
    with tempfile.TemporaryDirectory() as tmp:
        if os.environ.get("BENCH_DATABASE_URL"):
            import psycopg

            base = os.environ["BENCH_DATABASE_URL"].rsplit("/", 1)[0]
            prefix = os.environ.get("BENCH_DATABASE_PREFIX") or database_prefix
            name = f"{prefix}_{str(scale).replace('.', '_')}"
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
                if reuse and exists:
                    fresh = False
                else:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                    conn.execute(f'CREATE DATABASE "{name}"')
            env["DATABASE_URL"] = f"{base}/{name}"
        else:
            env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        command = [sys.executable, script, "--worker", "--scale", str(scale), "--repeat", str(repeat)]
        if not fresh:
            command.append("--reused")
        out = subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result.setdefault("reused", not fresh)
    return result


def read_model_ready() -> None:
    """The worklist's read model built, as the background worker would after a release that changed it (the first
    visits would otherwise compute the lists while it is built)."""
    from velkomst.worklist import services

    if not services.read_model_current():
        services.read_model_rebuild()


def analyze() -> None:
    """Fresh statistics after a bulk load (a database in use has them; one just built has none until autovacuum)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the same statement on PostgreSQL and SQLite
