"""Run a benchmark's worker at one demo scale in a fresh database of its own (shared by the bench scripts).

SQLite in a temporary folder by default; with BENCH_DATABASE_URL, a PostgreSQL database per script and scale.
The worker prints one JSON line last; that line is returned.
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_worker_at_scale(script: str, scale: float, repeat: int, *, database_prefix: str) -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="velkomst.settings", HTTPS=os.environ.get("HTTPS", "false"))
    with tempfile.TemporaryDirectory() as tmp:
        if os.environ.get("BENCH_DATABASE_URL"):
            import psycopg

            base = os.environ["BENCH_DATABASE_URL"].rsplit("/", 1)[0]
            name = f"{database_prefix}_{str(scale).replace('.', '_')}"
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name}")
                conn.execute(f"CREATE DATABASE {name}")
            env["DATABASE_URL"] = f"{base}/{name}"
        else:
            env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        out = subprocess.run([sys.executable, script, "--worker", "--scale", str(scale), "--repeat", str(repeat)],
                             env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])
