"""Confirms a placement proposal in this process and stops inside the transaction after the first reservation is written,
so that the test can kill the process there (SIGKILL: no clean-up, no rollback by Python).

    DATABASE_URL=... python tests/faults/confirm_runner.py PROPOSAL_ID USER_ID

The pause is put in from outside by wrapping `housing.services.reservation_make` here: the app has no test hook.
Prints "WROTE <n>" after each reservation written, then sleeps.
"""
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "velkomst.settings")

if __name__ == "__main__":
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from velkomst.allocation import services
    from velkomst.allocation.models import Proposal
    from velkomst.housing import services as housing_services

    original = housing_services.reservation_make
    written = 0

    def reservation_make_then_pause(**kwargs):
        global written
        reservation = original(**kwargs)
        written += 1
        print(f"WROTE {written}", flush=True)
        time.sleep(120)  # bounded: the test kills the process long before
        return reservation

    housing_services.reservation_make = reservation_make_then_pause
    proposal_id, user_id = int(sys.argv[1]), int(sys.argv[2])
    # A script is a caller like a command: it reads the clock once.
    services.proposal_confirm(by=get_user_model().objects.get(pk=user_id), proposal=Proposal.objects.get(pk=proposal_id), now=timezone.now())
    print("CONFIRMED", flush=True)
