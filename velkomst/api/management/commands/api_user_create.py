"""velkomst api_user_create NAME --role ROLE: a system user for another municipal system, and its API token.

The system gets exactly the capabilities of its role (docs/roles.md), like a member of staff;
it cannot log in to the pages (no password). `velkomst drf_create_token NAME [-r]` makes or
replaces the token of an existing user.
"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from velkomst.accounts import roles


class Command(BaseCommand):
    help = "Create a system user with a role and print its API token."

    def add_arguments(self, parser):
        parser.add_argument("name", help="User name of the system, e.g. jobcenter-system")
        parser.add_argument("--role", required=True, choices=roles.ROLES)

    def handle(self, *args, name, role, **options):
        User = get_user_model()
        if User.objects.filter(username=name).exists():
            raise CommandError(f"The user {name!r} exists; use `velkomst drf_create_token {name}` for its token.")
        user = User.objects.create_user(username=name, first_name=name, last_name="(system)")
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=role))
        token = Token.objects.create(user=user)
        self.stdout.write(f"{name} ({role}): Authorization: Token {token.key}")
