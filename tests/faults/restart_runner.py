"""Prepares the database of the restart test: migrate, and one caseworker who logs in with a password.

    DATABASE_URL=... python tests/faults/restart_runner.py
"""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "velkomst.settings")

USERNAME, PASSWORD = "fault-caseworker", "Fault-test-password-2026"

if __name__ == "__main__":
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user(username=USERNAME, password=PASSWORD)
    user.groups.add(Group.objects.get(name="caseworker"))
