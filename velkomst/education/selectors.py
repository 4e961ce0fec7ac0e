"""Reads of Danish education."""
from datetime import date

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from velkomst.accounts import roles
from velkomst.audit.services import access_log_persons
from velkomst.education.models import LearnerPlacement, ModuleResult, RosterEntry, TeachingClass
from velkomst.lib.text import natural_key
from velkomst.people.selectors import persons_visible_through


def classes_for(user, *, every: bool = False) -> list[TeachingClass]:
    """The classes with their teacher and current roster size, in natural order ("Hold 2" before "Hold 10"):
    a teacher's own classes, or every class with ``every`` (and always for the other roles)."""
    classes = TeachingClass.objects.select_related("teacher").prefetch_related("sessions").annotate(
        members=Count("roster", filter=Q(roster__left_on__isnull=True)))
    if user.role == roles.TEACHER and not every:
        classes = classes.filter(teacher=user)
    return sorted(classes, key=lambda c: (c.kind, natural_key(c.name), c.pk))


def class_detail(*, user, class_id: int, on: date) -> tuple[TeachingClass, list[RosterEntry]]:
    """The class, and its roster on the day (citizens the user may see)."""
    try:
        teaching_class = TeachingClass.objects.select_related("teacher").prefetch_related("sessions").get(pk=class_id)
    except TeachingClass.DoesNotExist:
        raise Http404 from None
    roster = list(
        teaching_class.roster.filter(persons_visible_through(user, "case__person"), joined_on__lte=on)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=on))
        .select_related("case__person").order_by("case__person__last_name", "case__person__first_name", "id")
    )
    access_log_persons(user=user, persons=[entry.case.person_id for entry in roster], what="class roster")
    return teaching_class, roster


def learner_for(case) -> LearnerPlacement | None:
    return (
        LearnerPlacement.objects.filter(case=case)
        .prefetch_related(Prefetch("modules", queryset=ModuleResult.objects.order_by("module", "test_on")))
        .select_related("decided_by").first()
    )


def class_or_404(class_id: int) -> TeachingClass:
    try:
        return TeachingClass.objects.get(pk=class_id)
    except TeachingClass.DoesNotExist:
        raise Http404 from None
