"""Staff accounts and the hand-over of cases. Every change has its change history and an access-log row; an account is
deactivated, never deleted (the access log refers to it). With single sign-on on, the identity provider decides the
roles (`accounts.oidc`): accounts and roles are then not made here, and sign-on accounts have no password to reset.
"""
import secrets
from dataclasses import dataclass
from datetime import date

from axes.utils import reset as axes_reset
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from velkomst.accounts import oidc, roles
from velkomst.accounts.models import User
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write, changes_record, creations_record, snapshot, values_record
from velkomst.housing.services import host_locations_set
from velkomst.people import services as people
from velkomst.people.models import ACTIVE_STATUSES, Case

ACCOUNT_FIELDS = ["username", "first_name", "last_name", "email"]
# Letters and digits that cannot be mistaken for one another when read out or copied from the screen.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TEMPORARY_PASSWORD_LENGTH = 14


COMMAND_LINE_USERNAME = "command-line"


def command_line_user() -> User:
    """Who the history names for an account made with `velkomst staff_create` without `--by` (the first administrator):
    a system user that cannot log in."""
    user, created = User.objects.get_or_create(username=COMMAND_LINE_USERNAME, defaults={"first_name": "Kommandolinjen", "is_active": False})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@dataclass(frozen=True)
class StaffData:
    username: str
    first_name: str
    last_name: str
    email: str = ""


def temporary_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(TEMPORARY_PASSWORD_LENGTH))


def _check_account(data: StaffData, *, exclude_pk=None) -> None:
    errors = {}
    try:
        UnicodeUsernameValidator()(data.username)
    except ValidationError as error:
        errors["username"] = error.messages
    if not data.username:
        errors["username"] = _("Give the user name the staff member logs in with.")
    elif User.objects.filter(username__iexact=data.username).exclude(pk=exclude_pk).exists():
        errors["username"] = _("The user name “%(username)s” is taken; choose another.") % {"username": data.username}
    if not data.first_name.strip():
        errors["first_name"] = _("Give the first name.")
    if not data.last_name.strip():
        errors["last_name"] = _("Give the last name.")
    if errors:
        raise ValidationError(errors)


def _check_role(role: str) -> None:
    if role not in roles.ROLES:
        raise ValidationError({"role": _("Choose a role from the list.")})


def _is_last_admin(user: User) -> bool:
    admins = User.objects.filter(is_active=True, groups__name=roles.ADMIN)
    return user.role == roles.ADMIN and not admins.exclude(pk=user.pk).exists()


def _set_role(user: User, role: str) -> None:
    """One role per user: the role groups are replaced; any other group stays (as the sign-on backend does)."""
    others = list(user.groups.exclude(name__in=roles.ROLES))
    user.groups.set([*others, Group.objects.get(name=role)])


def _locations_checked(role: str, locations) -> list:
    locations = list(locations or [])
    if locations and role != roles.HOUSING_HOST:
        raise ValidationError({"locations": _("Only housing hosts run locations; choose no locations for this role.")})
    return locations


@transaction.atomic
def staff_create(*, by: User, data: StaffData, role: str, locations=()) -> tuple[User, str]:
    """A new account with a role (a housing host with the locations they run) and a temporary password, which the staff
    member must replace at the first login. Returns the account and the temporary password, shown once."""
    if oidc.enabled():
        raise ValidationError({"role": _("Single sign-on is on: staff sign on with the municipal login, and their account and role "
                                         "come from the identity provider at the first sign-on.")})
    _check_account(data)
    _check_role(role)
    locations = _locations_checked(role, locations)
    user = User(**{name: getattr(data, name).strip() for name in ACCOUNT_FIELDS}, password_must_change=True)
    password = temporary_password()
    validate_password(password, user)
    user.set_password(password)
    user.save()
    _set_role(user, role)
    user = User.objects.get(pk=user.pk)  # fresh: the role is read from the groups
    creations_record(user=by, instances=[user], fields=[*ACCOUNT_FIELDS, "is_active", "password_must_change"])
    values_record(user=by, instance=user, before={}, after={"role": role}, person=None)
    if locations:
        host_locations_set(by=by, host=user, locations=locations)
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=user)
    return user, password


@transaction.atomic
def staff_update(*, by: User, user: User, data: StaffData, role: str | None = None, locations=None) -> User:
    """Names, e-mail, role (not with single sign-on on: the identity provider decides it) and a host's locations.
    `role=None` and `locations=None` leave them as they are."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_account(data, exclude_pk=user.pk)
    old_role = user.role
    if role is not None and role != old_role:
        if oidc.enabled():
            raise ValidationError({"role": _("Single sign-on is on: the role comes from the identity provider (the directory groups).")})
        _check_role(role)
        if _is_last_admin(user):
            raise ValidationError({"role": _("This is the last active administrator; make someone else administrator first.")})
    new_role = role if role is not None else old_role
    if locations is not None:
        locations = _locations_checked(new_role, locations)
    before = snapshot(user, ACCOUNT_FIELDS)
    for name in ACCOUNT_FIELDS:
        setattr(user, name, getattr(data, name).strip())
    user.save(update_fields=ACCOUNT_FIELDS)
    changed = changes_record(user=by, instance=user, before=before, person=None)
    if new_role != old_role:
        _set_role(user, new_role)
        changed += values_record(user=by, instance=user, before={"role": old_role or ""}, after={"role": new_role}, person=None)
        if old_role == roles.HOUSING_HOST:
            host_locations_set(by=by, host=user, locations=[])
    if locations is not None and new_role == roles.HOUSING_HOST:
        host_locations_set(by=by, host=User.objects.get(pk=user.pk), locations=locations)
    if changed:
        access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=user)
    return User.objects.get(pk=user.pk)


@transaction.atomic
def staff_active_set(*, by: User, user: User, active: bool) -> User:
    """Deactivate (the staff member can no longer log in, sessions and API tokens stop working) or reactivate an account.
    Never a deletion: the access log and the history refer to the account. Cases stay where they are: hand them over."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active == active:
        raise ValidationError({"active": _("The account is already active.") if active else _("The account is already deactivated.")})
    if not active and user.pk == by.pk:
        raise ValidationError({"active": _("You cannot deactivate your own account.")})
    if not active and _is_last_admin(user):
        raise ValidationError({"active": _("This is the last active administrator; make someone else administrator first.")})
    before = snapshot(user, ["is_active"])
    user.is_active = active
    user.save(update_fields=["is_active"])
    changes_record(user=by, instance=user, before=before, person=None)
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=user, criteria={"account": "reactivated" if active else "deactivated"})
    return user


@transaction.atomic
def staff_password_reset(*, by: User, user: User) -> str:
    """A new temporary password, which the staff member must replace at the next login. Returns it, to be shown once.
    Locks from wrong passwords are lifted too (the old password is gone)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.has_usable_password() and not user.password_must_change:
        raise ValidationError({"password": _("%(name)s signs on with the municipal login and has no password in Velkomst.")
                               % {"name": user.get_full_name() or user.username}})
    if not user.is_active:
        raise ValidationError({"password": _("The account is deactivated; reactivate it first.")})
    password = temporary_password()
    validate_password(password, user)
    before = snapshot(user, ["password_must_change"])
    user.set_password(password)
    user.password_must_change = True
    user.save(update_fields=["password", "password_must_change"])
    # The history says that a temporary password was given, never the password or its hash.
    changes_record(user=by, instance=user, before=before, person=None)
    values_record(user=by, instance=user, before={"password": ""}, after={"password": "temporary"}, person=None)
    axes_reset(username=user.username)
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=user, criteria={"account": "password_reset"})
    return password


@transaction.atomic
def staff_unlock(*, by: User, user: User) -> int:
    """Lift the lock after too many wrong passwords (django-axes), from every address. Returns the failed attempts removed."""
    removed = axes_reset(username=user.username)
    if not removed:
        raise ValidationError({"lock": _("%(name)s is not locked out.") % {"name": user.get_full_name() or user.username}})
    values_record(user=by, instance=user, before={"locked_out": "yes"}, after={"locked_out": ""}, person=None)
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=user, criteria={"account": "unlocked"})
    return removed


@transaction.atomic
def password_change(*, user: User, password: str) -> User:
    """The staff member's own new password (checked by the settings' validators before this); the temporary one stops working."""
    user = User.objects.select_for_update().get(pk=user.pk)
    validate_password(password, user)
    before = snapshot(user, ["password_must_change"])
    user.set_password(password)
    user.password_must_change = False
    user.save(update_fields=["password", "password_must_change"])
    changes_record(user=user, instance=user, before=before, person=None)
    values_record(user=user, instance=user, before={"password": ""}, after={"password": "changed"}, person=None)
    access_log_write(user=user, action=AccessLog.Action.CHANGE, obj=user, criteria={"account": "password_changed"})
    return user


@transaction.atomic
def cases_hand_over(*, by: User, from_user: User, to_user: User, case_ids: list[int], today: date) -> int:
    """Move open cases from one caseworker to another in one action: each case's change goes through
    `people.services.case_update` (its history row, its access-log row and a journal event). All or none."""
    if to_user.pk == from_user.pk:
        raise ValidationError({"to_user": _("Choose another caseworker than the one the cases are with.")})
    if not to_user.is_active or to_user.role != roles.CASEWORKER:
        raise ValidationError({"to_user": _("Choose an active caseworker to hand the cases over to.")})
    ids = set(case_ids)
    if not ids:
        raise ValidationError({"cases": _("Choose at least one case.")})
    cases = list(Case.objects.select_for_update().filter(pk__in=ids, caseworker=from_user, status__in=ACTIVE_STATUSES).order_by("pk"))
    if len(cases) != len(ids):
        raise ValidationError({"cases": ngettext(
            "%(count)d of the chosen cases is no longer an open case of %(name)s; start again.",
            "%(count)d of the chosen cases are no longer open cases of %(name)s; start again.",
            len(ids) - len(cases)) % {"count": len(ids) - len(cases), "name": from_user.get_full_name() or from_user.username}})
    for case in cases:
        people.case_update(by=by, case=case, changes={"caseworker": to_user}, today=today)
    return len(cases)
