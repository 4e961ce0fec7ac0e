"""Reads of reception data: role scope applied, related rows loaded up front, a read of one record logged."""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from velkomst.accounts import roles
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_persons, access_log_write
from velkomst.housing.models import Reservation, Tenancy
from velkomst.people.models import Case, HouseholdMember
from velkomst.people.selectors import cases_visible_to, persons_visible_through, persons_visible_to
from velkomst.reception.models import Appointment, Referral, ReferralImport

LIST_LIMIT = 50
REFERRALS_LIMIT = 200

def _members():
    return Prefetch("household__members", queryset=HouseholdMember.objects.select_related("person").order_by("id"))


def _reserved():
    """Whether the referral's household holds a reservation, or held one and moved in, or was moved in by a host (the
    preparation's "temporary housing chosen", which stays done after the arrival)."""
    reservations = Reservation.objects.filter(household=OuterRef("household"),
                                              status__in=(Reservation.Status.ACTIVE, Reservation.Status.CONVERTED))
    return ExpressionWrapper(Q(Exists(reservations)) | Q(Exists(Tenancy.objects.filter(household=OuterRef("household")))),
                             output_field=BooleanField())


def referrals_open(*, user) -> tuple[list[Referral], int]:
    """Open referrals, oldest decision first (the nearest take-over first), with their members."""
    referrals = Referral.objects.filter(status=Referral.Status.OPEN, household__members__person__in=persons_visible_to(user)).distinct()
    total = referrals.count()
    rows = list(referrals.annotate(reserved=_reserved()).select_related("planned_room__location").prefetch_related(_members(), "household__cases")
                .order_by("decision_date", "id")[:REFERRALS_LIMIT])
    access_log_persons(user=user, persons=[m.person_id for r in rows for m in r.household.members.all()], what="referral list")
    return rows, total


def referrals_visible_to(user) -> QuerySet[Referral]:
    """The referrals a member of staff may open: those of the persons they may see; for a housing host also those of the
    households with an active reservation at a location the host runs, whom the host receives there (DOMAIN.md: the
    host runs the move-in) before they are residents."""
    visible = Q(household__members__person__in=persons_visible_to(user))
    if roles.PERSON_SCOPE.get(user.role) == "residents":
        visible |= Q(household__reservations__status=Reservation.Status.ACTIVE, household__reservations__room__location__hosts=user)
    return Referral.objects.filter(visible).distinct()


def referral_detail(*, user, referral_id: int) -> Referral:
    cases = Case.objects.select_related("person", "caseworker").order_by("id")
    try:
        referral = (
            referrals_visible_to(user).annotate(reserved=_reserved())
            .select_related("household", "planned_room__location")
            .prefetch_related(_members(), Prefetch("household__cases", queryset=cases), "household__pets", "household__tenancies__room__location")
            .get(pk=referral_id)
        )
    except Referral.DoesNotExist:
        raise Http404 from None
    members = list(referral.household.members.all())
    applicant = next((m.person for m in members if m.relation == HouseholdMember.Relation.APPLICANT), members[0].person if members else None)
    access_log_write(user=user, action=AccessLog.Action.READ, obj=referral, person=applicant)
    access_log_persons(user=user, persons=[m.person_id for m in members if m.person != applicant], what="referral members")
    referral.applicant = applicant
    return referral


def open_referral_of_household(*, user, household_id: int) -> Referral:
    """The household's referral while it is being prepared, within the user's scope of persons; else 404."""
    referral = referrals_visible_to(user).filter(household_id=household_id, status=Referral.Status.OPEN).first()
    if referral is None:
        raise Http404
    return referral


def case_meetings(*, user, case_id: int) -> Case:
    appointments = Appointment.objects.select_related("caseworker").prefetch_related("letters").order_by("starts_at", "id")
    try:
        case = (
            cases_visible_to(user)
            .select_related("person", "caseworker", "household")
            .prefetch_related(Prefetch("appointments", queryset=appointments))
            .get(pk=case_id)
        )
    except Case.DoesNotExist:
        raise Http404 from None
    access_log_write(user=user, action=AccessLog.Action.READ, obj=case, person=case.person)
    return case


def appointment_detail(*, user, appointment_id: int, action: str = AccessLog.Action.READ) -> Appointment:
    """One meeting the user may see, logged (``action``: a read, or an export for the calendar file)."""
    try:
        appointment = (
            Appointment.objects.filter(persons_visible_through(user, "case__person"))
            .select_related("case__person", "caseworker")
            .prefetch_related("letters")
            .get(pk=appointment_id)
        )
    except Appointment.DoesNotExist:
        raise Http404 from None
    access_log_write(user=user, action=action, obj=appointment, person=appointment.case.person)
    return appointment


def import_batch(*, user, import_id: int) -> ReferralImport:
    """The lists one uploaded; the reception team's administrators see all."""
    batches = ReferralImport.objects.all() if user.role == roles.ADMIN else ReferralImport.objects.filter(uploaded_by=user)
    try:
        return batches.get(pk=import_id)
    except ReferralImport.DoesNotExist:
        raise Http404 from None
