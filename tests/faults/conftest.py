"""Fault-injection tests: a process killed mid-transaction, a database restart under use.

They are slow and touch processes and database servers, so the normal run (`make test`, both CI
passes) leaves them out, and CI runs them in a stage of their own on PostgreSQL:

    VELKOMST_FAULT_TESTS=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/velkomst_ci .venv/bin/python -m pytest tests/faults

The selection is done here rather than with `-m` in addopts, because CI passes its own `-m` for the
SQLite pass and a second `-m` would replace the first: with VELKOMST_FAULT_TESTS=1 only tests
marked `faults` run; without it they are deselected.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAULT_RUN = os.environ.get("VELKOMST_FAULT_TESTS") == "1"


def pytest_collection_modifyitems(config, items):
    keep, drop = [], []
    for item in items:
        (keep if bool(item.get_closest_marker("faults")) == FAULT_RUN else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin(name: str) -> str:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)
    for folder in versions:
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if not found:
        pytest.skip(f"PostgreSQL's {name} is not installed")
    return found


def as_postgres(args: list[str], **kwargs):
    """Server commands refuse to run as root: run them as the postgres user then."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


class Cluster:
    """A PostgreSQL server whose restart the test controls.

    By default a private, throwaway cluster (initdb in a temporary folder, a free port on 127.0.0.1),
    so that restarting it disturbs nobody else's database. With VELKOMST_FAULT_CLUSTER=main the
    machine's own cluster is restarted with pg_ctlcluster (only where nothing else uses it, as in CI);
    it is started again at the end whatever happens.
    """

    def __init__(self):
        self.main = os.environ.get("VELKOMST_FAULT_CLUSTER") == "main"
        if self.main:
            self.version = sorted(os.listdir("/etc/postgresql"))[-1]
            self.port = 5432
        else:
            self.folder = Path(tempfile.mkdtemp(prefix="velkomst-pg-"))
            self.data = self.folder / "data"
            self.port = free_port()
            if os.geteuid() == 0:
                shutil.chown(self.folder, "postgres", "postgres")
            as_postgres([pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"])
            self._pg_ctl("start")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/velkomst_faults"

    def _pg_ctl(self, action: str):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        as_postgres([pg_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "-t", "60", "-m", "fast", action])

    def restart(self):
        if self.main:
            subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", self.version, "main", "restart"], check=True, capture_output=True)
        else:
            self._pg_ctl("restart")
        self.wait_ready()

    def wait_ready(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port)]).returncode == 0:
                return
            time.sleep(0.2)
        raise RuntimeError("PostgreSQL did not come back")

    def psql(self, sql: str, database="postgres"):
        subprocess.run(["psql", "-X", "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-c", sql],
                       check=True, capture_output=True)

    def close(self):
        if self.main:
            # Whatever happened, leave the machine's cluster running.
            if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode != 0:
                subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", self.version, "main", "start"], capture_output=True)
                self.wait_ready()
            self.psql("DROP DATABASE IF EXISTS velkomst_faults WITH (FORCE)")
        else:
            try:
                as_postgres([pg_bin("pg_ctl"), "-D", str(self.data), "-w", "-m", "immediate", "stop"])
            except subprocess.CalledProcessError:
                pass
            shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def cluster():
    server = Cluster()
    try:
        server.wait_ready()
        server.psql("DROP DATABASE IF EXISTS velkomst_faults WITH (FORCE)")
        server.psql("CREATE DATABASE velkomst_faults")
        yield server
    finally:
        server.close()
