"""The API's explicit input and output schemas. Business rules stay in the services; these only shape data."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from velkomst import spreadsheets
from velkomst.accounts.permissions import can, can_see_housing_health_need, cpr_shown
from velkomst.forms import file_within, no_control_characters
from velkomst.housing.models import Category, Location, MoveOutReason, Room, Tenancy
from velkomst.lib import cpr as cpr_lib
from velkomst.people.models import Case, CaseStatus, Gender, HouseholdMember, LeftReason, Person, Readiness, TargetGroup
from velkomst.people.services import PersonData, household_pet_counts
from velkomst.reception.models import Appointment, Population, Referral

DATE_HELP = "ISO 8601 date, YYYY-MM-DD"
MAX_ID = 2**63 - 1  # the largest id the databases store


def IdField(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


# --- persons ------------------------------------------------------------------------------------------------------

class Text(serializers.CharField):
    """Text input: the app's one text rule (no control characters) on top of DRF's own (no NUL, length)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(no_control_characters)


class PersonInput(serializers.Serializer):
    first_name = Text(max_length=100)
    last_name = Text(max_length=100)
    cpr = Text(max_length=11, required=False, allow_blank=True, default="",
                                help_text="DDMMYY-SSSS; birth date and gender are filled from it")
    birth_date = serializers.DateField(required=False, allow_null=True, default=None, help_text=DATE_HELP)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True, default="")
    nationality = Text(max_length=60, required=False, allow_blank=True, default="")
    languages = Text(max_length=200, required=False, allow_blank=True, default="")
    interpreter_language = Text(max_length=60, required=False, allow_blank=True, default="")
    phone = Text(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")

    def person_data(self, data: dict | None = None) -> PersonData:
        data = self.validated_data if data is None else data
        return PersonData(**{name: data.get(name) for name in PersonData.__dataclass_fields__})


class PersonUpdate(PersonInput):
    """PATCH: the fields sent replace the current ones; the others stay."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class PersonRegister(PersonInput):
    target_group = serializers.ChoiceField(choices=TargetGroup.choices)
    referral_decision_date = serializers.DateField(help_text=DATE_HELP)
    needs_step_free = serializers.BooleanField(required=False, default=False)
    needs_own_room = serializers.BooleanField(required=False, default=False)
    pets = serializers.IntegerField(required=False, default=0, min_value=0, max_value=20)
    caseworker = IdField(required=False, allow_null=True, default=None, help_text="Id of a caseworker")


class CprLookup(serializers.Serializer):
    cpr = Text(max_length=20, help_text="DDMMYY-SSSS or DDMMYYSSSS. Sent in the body, never in a URL.")

    def validate_cpr(self, value: str) -> str:
        try:
            return cpr_lib.format_cpr(value)
        except ValueError:
            raise serializers.ValidationError(_("Write the CPR number as 10 digits, DDMMYY-SSSS.")) from None


class CaseBrief(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = ["id", "number", "status", "target_group", "referral_decision_date", "takeover_date", "caseworker"]


class PersonSummary(serializers.ModelSerializer):
    household = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "first_name", "last_name", "birth_date", "gender", "household"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_household(self, person) -> int | None:
        membership = getattr(person, "membership", None) if hasattr(person, "membership") else None
        return membership.household_id if membership else None


class MemberOut(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")
    first_name = serializers.CharField(source="person.first_name")
    last_name = serializers.CharField(source="person.last_name")
    birth_date = serializers.DateField(source="person.birth_date")

    class Meta:
        model = HouseholdMember
        fields = ["person", "relation", "first_name", "last_name", "birth_date"]


class PetCounts(serializers.Serializer):
    dog = serializers.IntegerField(min_value=0, max_value=20, required=False, default=0)
    cat = serializers.IntegerField(min_value=0, max_value=20, required=False, default=0)
    other = serializers.IntegerField(min_value=0, max_value=20, required=False, default=0)


class HouseholdOut(serializers.Serializer):
    id = serializers.IntegerField()
    needs_step_free = serializers.BooleanField()
    needs_own_room = serializers.BooleanField(
        allow_null=True, help_text="A documented health need (skånebehov); null for roles that may not see it")
    own_room_reason = serializers.CharField(
        allow_null=True, help_text="The documented reason for a room of their own; null for roles without `view_sensitive`")
    first_benefit_payment_on = serializers.DateField(allow_null=True, help_text="Food distribution ends on this day; null = not paid yet")
    pets = serializers.IntegerField()
    pets_by_kind = PetCounts()
    members = MemberOut(many=True)


def household_out(household, user) -> dict:
    """A household as the user's role may see it (members, pets and ``household.pets`` prefetched or not)."""
    health = can_see_housing_health_need(user)
    return HouseholdOut({
        "id": household.pk, "needs_step_free": household.needs_step_free,
        "needs_own_room": household.needs_own_room if health else None,
        "own_room_reason": household.own_room_reason if can(user, "view_sensitive") else None,
        "first_benefit_payment_on": household.first_benefit_payment_on, "pets": len(household.pets.all()),
        "pets_by_kind": household_pet_counts(household), "members": household.members.all(),
    }).data


class HouseholdUpdate(serializers.Serializer):
    """Any of the household's needs, and its first benefit payment; what is left out stays as it is."""

    needs_step_free = serializers.BooleanField(required=False)
    needs_own_room = serializers.BooleanField(required=False, help_text="Needs `own_room_reason` (sent now or recorded before)")
    own_room_reason = Text(max_length=1000, required=False, allow_blank=True,
                           help_text="The documented reason (restricted); left out = keep the recorded one")
    pets_by_kind = PetCounts(required=False, help_text="The number of pets of each kind; replaces the household's pets")
    first_benefit_payment_on = serializers.DateField(
        required=False, allow_null=True, help_text="yyyy-mm-dd; not after today nor before the referral decision; null clears it")


class PersonDetail(serializers.ModelSerializer):
    """A person as the caller's role may see them: the full CPR number only with `view_cpr` (else DDMMYY-XXXX);
    phone, e-mail and household only with `view_contact_and_household` (else null)."""

    household = serializers.SerializerMethodField()
    cases = CaseBrief(many=True)

    class Meta:
        model = Person
        fields = ["id", "first_name", "last_name", "cpr", "birth_date", "gender", "nationality", "languages", "interpreter_language",
                  "phone", "email", "household", "cases"]

    def to_representation(self, person):
        data = super().to_representation(person)
        user = self.context["request"].user
        data["cpr"] = cpr_shown(user, person.cpr) or None
        if not can(user, "view_contact_and_household"):
            data["phone"] = data["email"] = None
        return data

    @extend_schema_field(HouseholdOut(allow_null=True))
    def get_household(self, person):
        membership = getattr(person, "membership", None) if hasattr(person, "membership") else None
        if membership is None or not can(self.context["request"].user, "view_contact_and_household"):
            return None
        return household_out(membership.household, self.context["request"].user)


# --- cases --------------------------------------------------------------------------------------------------------

class SensitiveFlags(serializers.Serializer):
    patient = serializers.BooleanField()
    elderly_illness = serializers.BooleanField()
    addiction = serializers.BooleanField()
    psychologically_vulnerable = serializers.BooleanField()
    socially_challenged = serializers.BooleanField()
    patient_track = serializers.BooleanField()
    work_obligation = serializers.BooleanField()


class CaseOut(serializers.ModelSerializer):
    integration_period_end = serializers.DateField(read_only=True, allow_null=True)
    sensitive = serializers.SerializerMethodField(help_text="Restricted flags (GDPR art. 9); null for roles that may not see them")

    class Meta:
        model = Case
        fields = ["id", "number", "person", "household", "target_group", "readiness", "permit_type", "permit_expires",
                  "referral_decision_date", "takeover_date", "arrival_date", "status", "left_reason", "caseworker",
                  "integration_period_end", "sensitive"]

    @extend_schema_field(SensitiveFlags(allow_null=True))
    def get_sensitive(self, case):
        request = self.context.get("request")
        if request is None or not can(request.user, "view_sensitive"):
            return None
        return {name: getattr(case, name) for name in Case.SENSITIVE_FIELDS}


class CaseUpdate(serializers.Serializer):
    target_group = serializers.ChoiceField(choices=TargetGroup.choices, required=False)
    readiness = serializers.ChoiceField(choices=Readiness.choices, required=False, allow_blank=True)
    permit_type = Text(max_length=100, required=False, allow_blank=True)
    permit_expires = serializers.DateField(required=False, allow_null=True)
    referral_decision_date = serializers.DateField(required=False)
    takeover_date = serializers.DateField(required=False, allow_null=True)
    arrival_date = serializers.DateField(required=False, allow_null=True)
    caseworker = IdField(required=False, allow_null=True)
    patient = serializers.BooleanField(required=False)
    elderly_illness = serializers.BooleanField(required=False)
    addiction = serializers.BooleanField(required=False)
    psychologically_vulnerable = serializers.BooleanField(required=False)
    socially_challenged = serializers.BooleanField(required=False)
    patient_track = serializers.BooleanField(required=False)
    work_obligation = serializers.BooleanField(required=False)


class CaseStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    on = serializers.DateField(help_text=DATE_HELP)
    reason = Text(max_length=200, required=False, allow_blank=True, default="")
    left_reason = serializers.ChoiceField(choices=LeftReason.choices, required=False, allow_blank=True, default="")


# --- referrals ----------------------------------------------------------------------------------------------------

class MemberInput(PersonInput):
    relation = serializers.ChoiceField(choices=[c for c in HouseholdMember.Relation.choices if c[0] != "applicant"])
    target_group = serializers.ChoiceField(choices=TargetGroup.choices, required=False,
                                           help_text="The member's own case; the applicant's target group when left out")


class ReferralInput(serializers.Serializer):
    applicant = PersonInput()
    members = MemberInput(many=True, required=False, default=list)
    target_group = serializers.ChoiceField(choices=TargetGroup.choices,
                                           help_text="The applicant's target group; the referral's population follows from it")
    decision_date = serializers.DateField(help_text=DATE_HELP)
    asylum_centre = Text(max_length=120, required=False, allow_blank=True, default="")
    special_considerations = Text(max_length=4000, required=False, allow_blank=True, default="")
    needs_step_free = serializers.BooleanField(required=False, default=False)
    needs_own_room = serializers.BooleanField(required=False, default=False, help_text="A room of their own (health); needs own_room_reason")
    own_room_reason = Text(max_length=1000, required=False, allow_blank=True, default="", help_text="The documented reason (restricted)")
    pets = serializers.IntegerField(required=False, default=0, min_value=0, max_value=20, help_text="Pets of no stated kind")
    pets_by_kind = PetCounts(required=False, help_text="The number of pets of each kind; when given, `pets` is not read")
    first_benefit_payment_on = serializers.DateField(required=False, allow_null=True, default=None,
                                                     help_text="yyyy-mm-dd, when the first benefit payment is already made")


class ReferralOut(serializers.ModelSerializer):
    cases = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = ["id", "household", "decision_date", "population", "asylum_centre", "status", "source", "expected_arrival_on", "cases"]

    @extend_schema_field(CaseBrief(many=True))
    def get_cases(self, referral):
        return CaseBrief(referral.household.cases.all(), many=True).data


class ReferralImportInput(serializers.Serializer):
    file = serializers.FileField(help_text="CSV (; or ,) or XLSX with the columns of docs/referral-import.md; at most 5 MB",
                                 validators=[lambda upload: file_within(upload, spreadsheets.MAX_BYTES)])
    dry_run = serializers.BooleanField(required=False, default=False, help_text="Check and report only; nothing is written")


class ImportLine(serializers.Serializer):
    line = serializers.IntegerField()
    referral = serializers.IntegerField(required=False)
    person = serializers.IntegerField(required=False)


class ReferralImportOut(serializers.Serializer):
    dry_run = serializers.BooleanField()
    rows = serializers.IntegerField()
    households = serializers.IntegerField()
    persons = serializers.IntegerField(help_text="Persons created (or that would be created in a dry run)")
    duplicates = ImportLine(many=True, help_text="Lines whose person is already registered; their households are left out")
    referrals = ImportLine(many=True)


# --- housing ------------------------------------------------------------------------------------------------------

class Occupancy(serializers.Serializer):
    beds = serializers.IntegerField()
    occupied = serializers.IntegerField()
    free = serializers.IntegerField()
    blocked = serializers.IntegerField()
    women = serializers.IntegerField()
    men = serializers.IntegerField()
    families = serializers.IntegerField()
    pets = serializers.IntegerField()
    empty_rooms = serializers.IntegerField()
    percent_full = serializers.FloatField()


class LocationOut(serializers.ModelSerializer):
    serves = serializers.ListField(child=serializers.ChoiceField(choices=Population.choices), read_only=True)
    occupancy = serializers.SerializerMethodField()

    class Meta:
        model = Location
        fields = ["id", "code", "name", "address", "kind", "status", "closing_on", "serves", "reserved_for", "food_distribution",
                  "welcome_house", "pets_allowed", "step_free", "occupancy"]

    @extend_schema_field(Occupancy(allow_null=True))
    def get_occupancy(self, location):
        row = self.context.get("occupancy", {}).get(location.pk)
        return Occupancy(row).data if row is not None else None


class RoomOut(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    occupants = serializers.IntegerField(read_only=True, help_text="Persons occupying the room now: living there or holding a reservation of it")

    class Meta:
        model = Room
        fields = ["id", "code", "number", "floor", "beds", "accessible", "status", "blocked_until", "has_kitchen", "has_bath", "occupants"]


class LocationDetail(LocationOut):
    rooms = RoomOut(many=True, read_only=True, source="rooms_now", help_text="Each room with the persons living there now")

    class Meta(LocationOut.Meta):
        fields = [*LocationOut.Meta.fields, "rooms"]


class TenancyOut(serializers.ModelSerializer):
    location = serializers.IntegerField(source="room.location_id", read_only=True)
    room_code = serializers.CharField(source="room.code", read_only=True)

    class Meta:
        model = Tenancy
        fields = ["id", "household", "room", "room_code", "location", "moved_in_on", "planned_move_out_on", "moved_out_on",
                  "move_out_reason", "persons", "household_type", "monthly_rent", "lease_signed_on", "start_kit_on",
                  "keys_handed_out_on", "keys_returned_on", "house_rules_explained_on", "food_distribution", "previous"]


class TenancyStart(serializers.Serializer):
    household = IdField()
    room = IdField()
    moved_in_on = serializers.DateField(help_text=DATE_HELP)
    lease_signed_on = serializers.DateField(required=False, allow_null=True, default=None)
    start_kit_on = serializers.DateField(required=False, allow_null=True, default=None)
    keys_handed_out_on = serializers.DateField(required=False, allow_null=True, default=None)
    house_rules_explained_on = serializers.DateField(required=False, allow_null=True, default=None)
    food_distribution = serializers.BooleanField(required=False, default=False)


# --- appointments -------------------------------------------------------------------------------------------------

class AppointmentOut(serializers.ModelSerializer):
    person = serializers.IntegerField(source="case.person_id", read_only=True)

    class Meta:
        model = Appointment
        fields = ["id", "case", "person", "kind", "status", "starts_at", "ends_at", "place", "interpreter_language", "caseworker",
                  "readiness", "contract_signed_on", "programme_start_on"]


# --- filters (query strings carry ids, codes and dates only) --------------------------------------------------------

class PersonFilter(serializers.Serializer):
    target_group = serializers.ChoiceField(choices=TargetGroup.choices, required=False)
    case_status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)
    household = IdField(required=False)
    caseworker = IdField(required=False)


class CaseFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)
    target_group = serializers.ChoiceField(choices=TargetGroup.choices, required=False)
    person = IdField(required=False)
    household = IdField(required=False)
    caseworker = IdField(required=False)
    referred_from = serializers.DateField(required=False, help_text="Referral decision on or after this date")
    referred_to = serializers.DateField(required=False, help_text="Referral decision on or before this date")


class LocationFilter(serializers.Serializer):
    population = serializers.ChoiceField(choices=Population.choices, required=False)
    reserved_for = serializers.ChoiceField(choices=[("none", "none"), *Category.choices], required=False)
    status = serializers.ChoiceField(choices=Location.Status.choices, required=False)


class TenancyFilter(serializers.Serializer):
    location = IdField(required=False)
    room = IdField(required=False)
    household = IdField(required=False)
    current = serializers.BooleanField(required=False, allow_null=True, default=None, help_text="true: only households living there now")
    moved_in_from = serializers.DateField(required=False)
    moved_in_to = serializers.DateField(required=False)
    move_out_reason = serializers.ChoiceField(choices=MoveOutReason.choices, required=False)


class AppointmentFilter(serializers.Serializer):
    case = IdField(required=False)
    kind = serializers.ChoiceField(choices=Appointment.Kind.choices, required=False)
    status = serializers.ChoiceField(choices=Appointment.Status.choices, required=False)
    caseworker = IdField(required=False)
    starts_from = serializers.DateField(required=False, help_text="Meetings on or after this day")
    starts_to = serializers.DateField(required=False, help_text="Meetings on or before this day")
