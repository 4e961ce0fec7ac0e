"""Reads of staff accounts and of a caseworker's open cases, with a fixed number of queries per page."""
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from velkomst.accounts import roles
from velkomst.accounts.models import User
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write
from velkomst.housing.models import Location
from velkomst.people.models import ACTIVE_STATUSES, Case


def locked_out_usernames(*, now: datetime) -> set[str]:
    """Usernames locked by django-axes now: as many failed logins as the limit, within the cool-off time. One query."""
    since = now - timedelta(hours=settings.AXES_COOLOFF_TIME)
    return set(AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since)
               .values_list("username", flat=True))


@dataclass
class StaffRow:
    user: User
    role: str | None
    open_cases: int
    locations: list[Location] = field(default_factory=list)
    locked_out: bool = False


def _with_role_and_locations(users: QuerySet[User]) -> QuerySet[User]:
    return users.prefetch_related("groups", Prefetch("hosted_locations", queryset=Location.objects.order_by("name")))


def _role_of(user: User) -> str | None:
    names = {group.name for group in user.groups.all()}  # prefetched
    return next((name for name in roles.ROLES if name in names), None)


def staff_rows(*, now: datetime, active: bool | None = None) -> list[StaffRow]:
    """Every staff account (system users of the API too) with its role, open cases, a host's locations and whether it is
    locked out: four queries whatever the number of accounts."""
    users = User.objects.annotate(open_cases=Count("cases", filter=Q(cases__status__in=ACTIVE_STATUSES)))
    if active is not None:
        users = users.filter(is_active=active)
    locked = locked_out_usernames(now=now)
    return [StaffRow(user=user, role=_role_of(user), open_cases=user.open_cases, locations=list(user.hosted_locations.all()),
                     locked_out=user.username in locked)
            for user in _with_role_and_locations(users).order_by("-is_active", "first_name", "last_name", "username")]


def staff_member(*, user_id: int, now: datetime) -> StaffRow:
    users = User.objects.annotate(open_cases=Count("cases", filter=Q(cases__status__in=ACTIVE_STATUSES)))
    try:
        user = _with_role_and_locations(users).get(pk=user_id)
    except User.DoesNotExist:
        raise Http404 from None
    locked = AccessAttempt.objects.filter(username=user.username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
                                          attempt_time__gte=now - timedelta(hours=settings.AXES_COOLOFF_TIME)).exists()
    return StaffRow(user=user, role=_role_of(user), open_cases=user.open_cases, locations=list(user.hosted_locations.all()), locked_out=locked)


def caseworkers(*, active_only: bool = True) -> QuerySet[User]:
    users = User.objects.filter(groups__name=roles.CASEWORKER)
    if active_only:
        users = users.filter(is_active=True)
    return users.order_by("first_name", "last_name", "username")


def with_open_cases() -> QuerySet[User]:
    """Everyone who has open cases, deactivated accounts too (a colleague who left): the caseworkers to hand over from."""
    return (User.objects.filter(cases__status__in=ACTIVE_STATUSES).annotate(open_cases=Count("cases", filter=Q(cases__status__in=ACTIVE_STATUSES)))
            .order_by("first_name", "last_name", "username").distinct())


def open_cases_of(*, by: User, caseworker: User) -> list[Case]:
    """A caseworker's open cases with the person's name, for choosing what to hand over: one query and one access-log row
    (the list names persons; like a search, it is logged once with what was listed)."""
    cases = list(Case.objects.filter(caseworker=caseworker, status__in=ACTIVE_STATUSES).select_related("person")
                 .order_by("person__last_name", "person__first_name", "number"))
    access_log_write(user=by, action=AccessLog.Action.READ, obj=None,
                     criteria={"list": "open_cases_to_hand_over", "caseworker": caseworker.pk, "results": len(cases)})
    return cases


def locations_to_host() -> QuerySet[Location]:
    """The locations a host may be given: those not closed."""
    return Location.objects.exclude(status=Location.Status.CLOSED).order_by("name")
