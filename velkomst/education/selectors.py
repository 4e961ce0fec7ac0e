"""Reads of Danish education."""
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from velkomst.audit.services import access_log_persons
from velkomst.education.models import LearnerPlacement, ModuleResult, RosterEntry, TeachingClass
from velkomst.people.selectors import persons_visible_to


def classes_for(user) -> QuerySet[TeachingClass]:
    """Every class, with its teacher and current roster size; a teacher's own classes first."""
    return TeachingClass.objects.select_related("teacher").prefetch_related("sessions").annotate(
        members=Count("roster", filter=Q(roster__left_on__isnull=True))
    ).order_by("kind", "name", "id")


def class_detail(*, user, class_id: int, on: date) -> tuple[TeachingClass, list[RosterEntry]]:
    """The class, and its roster on the day (citizens the user may see)."""
    try:
        teaching_class = TeachingClass.objects.select_related("teacher").prefetch_related("sessions").get(pk=class_id)
    except TeachingClass.DoesNotExist:
        raise Http404 from None
    roster = list(
        teaching_class.roster.filter(case__person__in=persons_visible_to(user), joined_on__lte=on)
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
