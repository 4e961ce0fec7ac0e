"""velkomst staff_create USERNAME --role ROLE --first-name NAME --last-name NAME: a staff account with a temporary password.

The first administrator of a new installation is made this way (go-live checklist, step 1); every other account on the
Staff page. The account must choose its own password at the first login. Written by the service the page uses, with its
history and access-log row; `--by` names the administrator who runs it (default: the system user `command-line`).
"""
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from velkomst.accounts import roles
from velkomst.accounts.models import User
from velkomst.staff import services


class Command(BaseCommand):
    help = "Create a staff account with a role and print its temporary password (to be changed at the first login)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=roles.ROLES)
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument("--by", default="", help="the user name of the administrator who creates the account")

    def handle(self, *args, username, role, first_name, last_name, email, by, **options):
        if by:
            actor = User.objects.filter(username=by, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user {by!r}.")
        else:
            actor = services.command_line_user()
        data = services.StaffData(username=username, first_name=first_name, last_name=last_name, email=email)
        try:
            user, password = services.staff_create(by=actor, data=data, role=role)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"{user.username} ({role}): temporary password {password}\n"
                          "The password must be changed at the first login.")
