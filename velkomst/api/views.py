"""REST endpoints: one class per resource, one capability per method (`required_capability`), the same services as the pages.

Query strings carry ids, codes and dates only; a CPR number goes in the body of
POST /api/persons/lookup/. Lists are paginated and logged as a search; a read of one
record is logged as a read.
"""
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from velkomst.accounts import roles
from velkomst.api import selectors
from velkomst.api import serializers as s
from velkomst.housing import services as housing
from velkomst.housing.models import Room
from velkomst.housing.selectors import OccupancyFilters, location_for, locations_visible_to, occupancy_rows
from velkomst.people import services as people
from velkomst.people.models import Household
from velkomst.people.selectors import persons_visible_to
from velkomst.reception import importing
from velkomst.reception import services as reception
from velkomst.reception.models import Referral
from velkomst.reception.selectors import appointment_detail, referral_detail


def _filters(serializer_class, request) -> dict:
    """The view's declared query parameters, validated (an undeclared one was refused already: DeclaredQueryParameters)."""
    checked = serializer_class(data=request.query_params)
    checked.is_valid(raise_exception=True)
    return {key: value for key, value in checked.validated_data.items() if value is not None}


def _caseworker(pk):
    """A caseworker by id, or a 400 naming the field."""
    if pk is None:
        return None
    user = get_user_model().objects.filter(pk=pk, groups__name=roles.CASEWORKER, is_active=True).first()
    if user is None:
        raise ValidationError({"caseworker": [_("No active caseworker has this id; leave it out or use a caseworker's id.")]})
    return user


class LoggedList(generics.ListAPIView):
    """A paginated list whose read is logged as one search with its filters."""

    query_serializer = None
    search_kind = ""

    def get_queryset(self):
        self.criteria = _filters(self.query_serializer, self.request)
        return self.scoped(self.criteria)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        selectors.search_log(user=request.user, kind=self.search_kind, criteria=self.criteria, results=response.data.get("count", 0))
        return response


# --- persons ------------------------------------------------------------------------------------------------------

@extend_schema(tags=["persons"])
class PersonList(LoggedList):
    """Persons the role may see, filtered by case and household ids and codes (never by name or CPR)."""

    required_capability = {"GET": "search_person", "POST": "register_person"}
    serializer_class = s.PersonSummary
    query_serializer = s.PersonFilter
    search_kind = "persons"

    def scoped(self, filters):
        return selectors.persons_for_api(user=self.request.user, filters=filters)

    @extend_schema(parameters=[s.PersonFilter])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.PersonRegister, responses={201: s.CaseOut}, summary="Register a person with a household and a case")
    def post(self, request):
        data = s.PersonRegister(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        case = people.person_register(
            by=request.user, person=data.person_data(), target_group=values["target_group"],
            referral_decision_date=values["referral_decision_date"], needs_step_free=values["needs_step_free"],
            needs_own_room=values["needs_own_room"], pets=values["pets"], caseworker=_caseworker(values["caseworker"]),
            today=timezone.localdate(),
        )
        return Response(s.CaseOut(case, context={"request": request}).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["persons"])
class PersonLookup(generics.GenericAPIView):
    """Find a person by CPR number. A POST, so that the number is never in a URL or a server log."""

    required_capability = "search_person"
    serializer_class = s.CprLookup
    pagination_class = None  # at most one person has a CPR number

    @extend_schema(request=s.CprLookup, responses={200: s.PersonSummary(many=True)}, summary="Look a person up by CPR number")
    def post(self, request):
        data = s.CprLookup(data=request.data)
        data.is_valid(raise_exception=True)
        found = selectors.person_lookup(user=request.user, cpr=data.validated_data["cpr"])
        return Response(s.PersonSummary(found, many=True).data)


@extend_schema(tags=["persons"])
class PersonDetail(generics.GenericAPIView):
    required_capability = {"GET": "view_person", "PATCH": "change_person"}
    serializer_class = s.PersonDetail

    @extend_schema(responses={200: s.PersonDetail})
    def get(self, request, person_id: int):
        person = selectors.person_for_api(user=request.user, person_id=person_id)
        return Response(s.PersonDetail(person, context={"request": request}).data)

    @extend_schema(request=s.PersonUpdate, responses={200: s.PersonDetail})
    def patch(self, request, person_id: int):
        person = get_object_or_404(persons_visible_to(request.user), pk=person_id)
        data = s.PersonUpdate(data=request.data)
        data.is_valid(raise_exception=True)
        current = {name: getattr(person, name) or ("" if name != "birth_date" else None) for name in s.PersonInput().fields}
        people.person_update(by=request.user, person=person, data=data.person_data(current | data.validated_data), today=timezone.localdate())
        person = selectors.person_for_api(user=request.user, person_id=person_id)
        return Response(s.PersonDetail(person, context={"request": request}).data)


# --- households ---------------------------------------------------------------------------------------------------

@extend_schema(tags=["persons"])
class HouseholdDetail(generics.GenericAPIView):
    """A household's housing needs and its first benefit payment (food distribution ends on that day)."""

    required_capability = "change_person"
    serializer_class = s.HouseholdUpdate

    @extend_schema(request=s.HouseholdUpdate, responses={200: s.HouseholdOut},
                   summary="Change a household's needs or record its first benefit payment")
    def patch(self, request, household_id: int):
        household = selectors.household_for_api(user=request.user, household_id=household_id)
        data = s.HouseholdUpdate(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        today = timezone.localdate()
        with transaction.atomic():
            if "first_benefit_payment_on" in values:
                people.household_benefit_payment_set(by=request.user, household=household, paid_on=values["first_benefit_payment_on"],
                                                     today=today)
            if set(values) - {"first_benefit_payment_on"}:
                if "own_room_reason" in values and not request.user.has_perm("accounts.view_sensitive") and not values["own_room_reason"]:
                    values.pop("own_room_reason")  # an empty reason from a role that cannot read it keeps the recorded one
                household.refresh_from_db()
                people.household_needs_change(
                    by=request.user, household=household,
                    needs_step_free=values.get("needs_step_free", household.needs_step_free),
                    needs_own_room=values.get("needs_own_room", household.needs_own_room),
                    own_room_reason=values.get("own_room_reason"),
                    pets=dict(values["pets_by_kind"]) if "pets_by_kind" in values else people.household_pet_counts(household))
        household = selectors.household_for_api(user=request.user, household_id=household_id)
        return Response(s.household_out(household, request.user))


# --- cases --------------------------------------------------------------------------------------------------------

@extend_schema(tags=["cases"], parameters=[s.CaseFilter])
class CaseList(LoggedList):
    required_capability = "view_person"
    serializer_class = s.CaseOut
    query_serializer = s.CaseFilter
    search_kind = "cases"

    def scoped(self, filters):
        return selectors.cases_for_api(user=self.request.user, filters=filters)


@extend_schema(tags=["cases"])
class CaseDetail(generics.GenericAPIView):
    required_capability = {"GET": "view_person", "PATCH": "change_case"}
    serializer_class = s.CaseOut

    @extend_schema(responses={200: s.CaseOut})
    def get(self, request, case_id: int):
        return Response(s.CaseOut(selectors.case_for_api(user=request.user, case_id=case_id), context={"request": request}).data)

    @extend_schema(request=s.CaseUpdate, responses={200: s.CaseOut}, summary="Change case fields (not the status)")
    def patch(self, request, case_id: int):
        case = selectors.case_for_api(user=request.user, case_id=case_id, log=False)
        data = s.CaseUpdate(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        sensitive = set(changes) & set(case.SENSITIVE_FIELDS)
        if sensitive and not request.user.has_perm("accounts.view_sensitive"):
            raise ValidationError({name: [_("Your role may not change restricted case flags.")] for name in sorted(sensitive)})
        if "caseworker" in changes:
            changes["caseworker"] = _caseworker(changes["caseworker"])
        case = people.case_update(by=request.user, case=case, changes=changes, today=timezone.localdate())
        return Response(s.CaseOut(case, context={"request": request}).data)


@extend_schema(tags=["cases"])
class CaseStatusChange(generics.GenericAPIView):
    required_capability = "change_case"
    serializer_class = s.CaseStatusInput

    @extend_schema(request=s.CaseStatusInput, responses={200: s.CaseOut}, summary="Change a case's status (kept in the status history)")
    def post(self, request, case_id: int):
        case = selectors.case_for_api(user=request.user, case_id=case_id, log=False)
        data = s.CaseStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        case = people.case_status_change(by=request.user, case=case, **data.validated_data)
        return Response(s.CaseOut(case, context={"request": request}).data)


# --- referrals ----------------------------------------------------------------------------------------------------

@extend_schema(tags=["referrals"])
class ReferralCreate(generics.GenericAPIView):
    """A referral from the immigration service: the applicant, the household's other members, one case each."""

    required_capability = "manage_referrals"
    serializer_class = s.ReferralInput

    @extend_schema(request=s.ReferralInput, responses={201: s.ReferralOut})
    def post(self, request):
        data = s.ReferralInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        members = [people.MemberData(person=s.PersonInput().person_data(member), relation=member["relation"],
                                     target_group=member.get("target_group") or values["target_group"]) for member in values["members"]]
        try:
            referral = reception.referral_register(
                by=request.user, applicant=s.PersonInput().person_data(values["applicant"]), target_group=values["target_group"],
                decision_date=values["decision_date"], members=members, asylum_centre=values["asylum_centre"],
                special_considerations=values["special_considerations"], needs_step_free=values["needs_step_free"],
                needs_own_room=values["needs_own_room"], own_room_reason=values["own_room_reason"],
                pets=dict(values["pets_by_kind"]) if "pets_by_kind" in values else values["pets"],
                first_benefit_payment_on=values["first_benefit_payment_on"], today=timezone.localdate(),
            )
        except DjangoValidationError as error:
            raise ValidationError({(name if name.startswith("members.") else f"applicant.{name}"): messages
                                   for name, messages in error.message_dict.items()}) from None
        referral = Referral.objects.select_related("household").prefetch_related("household__cases").get(pk=referral.pk)
        return Response(s.ReferralOut(referral).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["referrals"])
class ReferralDetail(generics.GenericAPIView):
    required_capability = "manage_referrals"
    serializer_class = s.ReferralOut

    def get(self, request, referral_id: int):
        return Response(s.ReferralOut(referral_detail(user=request.user, referral_id=referral_id)).data)


@extend_schema(tags=["referrals"])
class ReferralImport(generics.GenericAPIView):
    """A referral list (CSV or XLSX) imported whole or not at all; every bad row is reported. `dry_run` only checks."""

    required_capability = "manage_referrals"
    serializer_class = s.ReferralImportInput
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": s.ReferralImportInput}, responses={200: s.ReferralImportOut, 201: s.ReferralImportOut})
    def post(self, request):
        data = s.ReferralImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        content = upload.read()
        now = timezone.now()
        if data.validated_data["dry_run"]:
            check = reception.import_check(parsed=importing.parse(upload.name, content, today=timezone.localdate(now)))
            _refuse_bad_rows(check.errors)
            body = {"dry_run": True, "rows": len(check.parsed.rows), "households": len(check.households_to_import),
                    "persons": check.persons_to_import, "referrals": [],
                    "duplicates": [{"line": line, "person": p.pk} for line, p in sorted(check.duplicates.items())]}
            return Response(s.ReferralImportOut(body).data)
        with transaction.atomic():
            batch = reception.referral_import_upload(by=request.user, file_name=upload.name, content=content, today=timezone.localdate(now))
            try:
                batch = reception.referral_import(by=request.user, batch=batch, now=now)
            except reception.ImportRefused as refused:
                transaction.set_rollback(True)
                _refuse_bad_rows(refused.errors)
        report = batch.report
        body = {"dry_run": False, "rows": batch.rows, "households": len(report["referrals"]), "persons": batch.imported_persons,
                "referrals": report["referrals"], "duplicates": report["duplicates"]}
        return Response(s.ReferralImportOut(body).data, status=status.HTTP_201_CREATED)


def _refuse_bad_rows(errors) -> None:
    if errors:
        count = len({e.line for e in errors})
        error = ValidationError({"file": [ngettext(
            "%(count)d row is not valid; nothing was imported. Correct the row listed and upload the file again.",
            "%(count)d rows are not valid; nothing was imported. Correct the rows listed and upload the file again.", count) % {"count": count}]})
        error.rows = [{"line": e.line, "column": e.column, "message": str(e.message)} for e in errors]
        raise error


# --- housing ------------------------------------------------------------------------------------------------------

@extend_schema(tags=["housing"], parameters=[s.LocationFilter])
class LocationList(generics.ListAPIView):
    """Locations with today's occupancy (counts only: no personal data)."""

    required_capability = "view_housing"
    serializer_class = s.LocationOut
    query_serializer = s.LocationFilter

    def get_queryset(self):
        return selectors.locations_for_api(user=self.request.user, filters=_filters(self.query_serializer, self.request))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "occupancy": _occupancy_by_location(self.request.user)}


def _occupancy_by_location(user) -> dict[int, dict]:
    """Today's occupancy of every open location the user may see (the occupancy page's counting rules; five queries)."""
    rows, _totals = occupancy_rows(user=user, filters=OccupancyFilters(), on=timezone.localdate())
    counts = [name for name in s.Occupancy().fields if name != "percent_full"]
    return {row.location.pk: {**{name: getattr(row, name) for name in counts}, "percent_full": row.percent_full} for row in rows}


@extend_schema(tags=["housing"])
class LocationDetail(generics.GenericAPIView):
    required_capability = "view_housing"
    serializer_class = s.LocationDetail

    def get(self, request, location_id: int):
        location = location_for(request.user, location_id)
        location.rooms_now = selectors.rooms_with_occupants(location)
        return Response(s.LocationDetail(location, context={"occupancy": _occupancy_by_location(request.user)}).data)


@extend_schema(tags=["housing"])
class TenancyList(LoggedList):
    # A tenancy record names a household (its dates, rent, why it moved out): a capability of its own, which managers
    # do not have (they follow housing as counts: locations, figures); rows are scoped by the user's locations.
    required_capability = {"GET": "view_tenancies", "POST": "manage_tenancies"}
    serializer_class = s.TenancyOut
    query_serializer = s.TenancyFilter
    search_kind = "tenancies"

    def scoped(self, filters):
        return selectors.tenancies_for_api(user=self.request.user, filters=filters)

    @extend_schema(parameters=[s.TenancyFilter])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.TenancyStart, responses={201: s.TenancyOut}, summary="Move a household into a room (the housing rules apply)")
    def post(self, request):

        data = s.TenancyStart(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        room = Room.objects.filter(pk=values.pop("room"), location__in=locations_visible_to(request.user)).select_related("location").first()
        household = Household.objects.filter(pk=values.pop("household")).first()
        errors = {}
        if room is None:
            errors["room"] = [_("No room with this id at a location you may manage.")]
        if household is None:
            errors["household"] = [_("No household with this id.")]
        if errors:
            raise ValidationError(errors)
        moved_in_on = values.pop("moved_in_on")
        tenancy = housing.tenancy_start(by=request.user, household=household, room=room, moved_in_on=moved_in_on,
                                        checklist=housing.MoveInChecklist(**values))
        return Response(s.TenancyOut(tenancy).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["housing"])
class TenancyDetail(generics.GenericAPIView):
    required_capability = "view_tenancies"  # as the list: a named household's record
    serializer_class = s.TenancyOut

    def get(self, request, tenancy_id: int):
        return Response(s.TenancyOut(selectors.tenancy_for_api(user=request.user, tenancy_id=tenancy_id)).data)


# --- appointments -------------------------------------------------------------------------------------------------

@extend_schema(tags=["appointments"], parameters=[s.AppointmentFilter])
class AppointmentList(LoggedList):
    required_capability = "book_meetings"
    serializer_class = s.AppointmentOut
    query_serializer = s.AppointmentFilter
    search_kind = "appointments"

    def scoped(self, filters):
        return selectors.appointments_for_api(user=self.request.user, filters=filters)


@extend_schema(tags=["appointments"])
class AppointmentDetail(generics.GenericAPIView):
    required_capability = "book_meetings"
    serializer_class = s.AppointmentOut

    def get(self, request, appointment_id: int):

        return Response(s.AppointmentOut(appointment_detail(user=request.user, appointment_id=appointment_id)).data)
