"""The app process killed in the middle of confirming a placement leaves no partial reservations: all or nothing."""
import os
import signal
import subprocess
import sys
from datetime import date

import pytest
from django.db import connection

from tests.faults.conftest import ROOT
from tests.housing.factories import make_location, make_room, make_single
from tests.reception.factories import aware
from velkomst.allocation import services
from velkomst.allocation.models import Proposal
from velkomst.housing.models import Reservation

pytestmark = [pytest.mark.faults, pytest.mark.postgres]

ON = date(2026, 11, 30)


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_confirmation_killed_after_some_reservations_were_written_leaves_none_and_can_be_done_again(staff):
    if connection.vendor != "postgresql":
        pytest.skip("the process and the database must be separate: PostgreSQL")
    location = make_location(code="amager", food_distribution=True)
    for number in ("1", "2", "3"):
        make_room(location, number=number, beds=1)
    households = [make_single(gender="F", birth_date=date(1980 + n, 1, 1)) for n in range(3)]
    proposal = services.proposal_create(by=staff["reception"], households=households, move_in_on=ON)
    assert len(proposal.plan["assignments"]) == 3

    runner = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "faults" / "confirm_runner.py"), str(proposal.pk), str(staff["reception"].pk)],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url(), "LOG_LEVEL": "CRITICAL"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = runner.stdout.readline().strip()
        assert line == "WROTE 1", runner.stderr.read()[-3000:]
        os.kill(runner.pid, signal.SIGKILL)  # mid-transaction: one reservation written, two to go
        runner.wait(timeout=30)
    finally:
        if runner.poll() is None:
            runner.kill()
    assert runner.returncode == -signal.SIGKILL

    # PostgreSQL rolls the dead client's transaction back: nothing of it is visible, the proposal is still open.
    assert not Reservation.objects.filter(household__in=households).exists()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PROPOSED
    # ... and its locks are gone: the same confirmation now goes through whole.
    reservations = services.proposal_confirm(by=staff["reception"], proposal=proposal, now=aware(ON, 9))
    assert len(reservations) == 3 and Reservation.objects.active().filter(household__in=households).count() == 3
