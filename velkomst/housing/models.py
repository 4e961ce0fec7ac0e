from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from velkomst.people.models import Household, Person


class Category(models.TextChoices):
    """Target groups with their own locations; the same codes as `reserved_for` in the allocation SPEC."""

    VULNERABLE = "vulnerable", _("Vulnerable residents")
    PATIENT = "patient", _("Patients (patient track)")


class Location(models.Model):
    class Kind(models.TextChoices):
        BUILDING = "building", _("Building")
        PAVILION = "pavilion", _("Pavilion town")
        HOTEL = "hotel", _("Hotel")
        FLAT = "flat", _("External flat")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSING = "closing", _("Closing")
        CLOSED = "closed", _("Closed")

    code = models.SlugField(_("code"), max_length=60, unique=True, help_text=_("Short id used in exports, e.g. sjaellandsgade"))
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    serves_ukrainians = models.BooleanField(_("serves displaced Ukrainians"), default=True)
    serves_refugees = models.BooleanField(_("serves refugees"), default=False)
    food_distribution = models.BooleanField(_("reception location with food distribution (madudlevering)"), default=False)
    welcome_house = models.BooleanField(_("Welcome House (Velkomsthus)"), default=False)
    pets_allowed = models.BooleanField(_("pets allowed"), default=False)
    step_free = models.BooleanField(_("step-free access to the building"), default=False)
    shared_kitchen = models.BooleanField(_("shared kitchen"), default=False)
    shared_bath = models.BooleanField(_("shared bath and toilet"), default=False)
    common_room = models.BooleanField(_("common room"), default=False)
    outdoor_area = models.BooleanField(_("outdoor area"), default=False)
    reserved_for = models.CharField(_("reserved for (målgruppespecifik)"), max_length=12, choices=Category.choices, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    closing_on = models.DateField(_("closes on"), null=True, blank=True)
    host_contact = models.CharField(_("host contact"), max_length=200, blank=True)
    hosts = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="hosted_locations", verbose_name=_("housing hosts"))

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(serves_ukrainians=True) | Q(serves_refugees=True), name="location_serves_someone"),
            models.CheckConstraint(condition=~Q(status="closing") | Q(closing_on__isnull=False), name="closing_location_has_date"),
        ]

    def __str__(self):
        return self.name

    @property
    def serves(self) -> list[str]:
        return [p for p, yes in (("ukrainian", self.serves_ukrainians), ("refugee", self.serves_refugees)) if yes]


class Room(models.Model):
    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        BLOCKED = "blocked", _("Blocked")
        CLOSED = "closed", _("Closed")

    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="rooms", verbose_name=_("location"))
    number = models.CharField(_("room number"), max_length=20)
    floor = models.SmallIntegerField(_("floor"), default=0)
    beds = models.PositiveSmallIntegerField(_("beds"))
    accessible = models.BooleanField(_("accessible (step-free)"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.AVAILABLE)
    blocked_reason = models.CharField(_("reason for blocking"), max_length=200, blank=True)
    blocked_until = models.DateField(_("blocked until"), null=True, blank=True)
    has_kitchen = models.BooleanField(_("kitchen in the room"), default=False)
    has_bath = models.BooleanField(_("bath in the room"), default=False)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["location", "floor", "number"]
        constraints = [
            models.UniqueConstraint(fields=["location", "number"], name="room_number_unique_per_location"),
            models.CheckConstraint(condition=Q(beds__gte=1), name="room_has_a_bed"),
            models.CheckConstraint(condition=~Q(status="blocked") | ~Q(blocked_reason=""), name="blocked_room_has_reason"),
        ]

    def __str__(self):
        return f"{self.location.name} {self.number}"

    @property
    def code(self) -> str:
        return f"{self.location.code}/{self.number}"


class MoveOutReason(models.TextChoices):
    PERMANENT_HOUSING = "permanent_housing", _("Permanent housing")
    OTHER_MUNICIPALITY = "other_municipality", _("Moved to another municipality")
    LEFT_DENMARK = "left_denmark", _("Left Denmark")
    INTERNAL_MOVE = "internal_move", _("Moved within temporary housing")
    OTHER = "other", _("Other")


class HouseholdType(models.TextChoices):
    """The rent cap's household types (bekendtgørelse om betaling for midlertidig indkvartering)."""

    SINGLE = "single", _("Single")
    COUPLE = "couple", _("Couple")
    CHILDREN_1_3 = "children_1_3", _("Household with 1–3 children")
    CHILDREN_4_PLUS = "children_4_plus", _("Household with 4 or more children")


class RentCap(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    household_type = models.CharField(_("household type"), max_length=16, choices=HouseholdType.choices)
    monthly_cap = models.DecimalField(_("monthly rent cap (DKK)"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("rent cap")
        verbose_name_plural = _("rent caps")
        ordering = ["-year", "household_type"]
        constraints = [models.UniqueConstraint(fields=["year", "household_type"], name="one_cap_per_year_and_type")]


class TenancyQuerySet(models.QuerySet):
    """What "current" means, in one place. A move-out is recorded on the day it happens (the keys come back);
    one announced for a later day is kept as ``planned_move_out_on`` and the bed stays occupied until then, so
    today's current tenancies are exactly those not moved out, and any day's are ``current_on(day)``."""

    def current(self) -> "TenancyQuerySet":
        return self.filter(tenancy_current())

    def current_on(self, day: date) -> "TenancyQuerySet":
        """The one definition of a tenancy that runs on a day: moved in on or before it and not moved out by then.
        A move-out planned for a later day keeps the bed occupied until that day."""
        return self.filter(tenancy_current_on(day))


def tenancy_current(prefix: str = "") -> Q:
    """`TenancyQuerySet.current` as a condition, for filters that reach tenancies through a relation."""
    return Q(**{f"{prefix}moved_out_on__isnull": True})


def tenancy_current_on(day: date, prefix: str = "") -> Q:
    """`TenancyQuerySet.current_on` as a condition, for filters that reach tenancies through a relation
    (``prefix="household__tenancies__"``) or for subqueries."""
    return Q(**{f"{prefix}moved_in_on__lte": day}) & (Q(**{f"{prefix}moved_out_on__isnull": True}) | Q(**{f"{prefix}moved_out_on__gt": day}))


class Tenancy(models.Model):
    """A household living in a room, from move-in to move-out. Moves between rooms end one tenancy and start the next."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="tenancies", verbose_name=_("household"))
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="tenancies", verbose_name=_("room"))
    moved_in_on = models.DateField(_("moved in"))
    planned_move_out_on = models.DateField(_("planned move-out"), null=True, blank=True)
    moved_out_on = models.DateField(_("moved out"), null=True, blank=True)
    move_out_reason = models.CharField(_("reason for moving out"), max_length=20, choices=MoveOutReason.choices, blank=True)
    persons = models.PositiveSmallIntegerField(_("persons"), help_text=_("Household members living in the room"))
    lease_signed_on = models.DateField(_("lease signed (lejekontrakt)"), null=True, blank=True)
    household_type = models.CharField(_("household type"), max_length=16, choices=HouseholdType.choices)
    monthly_rent = models.DecimalField(_("monthly rent (DKK)"), max_digits=8, decimal_places=2, default=Decimal("0"))
    start_kit_on = models.DateField(_("start kit handed out"), null=True, blank=True)
    keys_handed_out_on = models.DateField(_("keys handed out"), null=True, blank=True)
    keys_returned_on = models.DateField(_("keys returned"), null=True, blank=True)
    house_rules_explained_on = models.DateField(_("house rules explained"), null=True, blank=True)
    food_distribution = models.BooleanField(_("food distribution until the first benefit payment"), default=False)
    transport_ticket_on = models.DateField(_("transport ticket printed"), null=True, blank=True)
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="next", verbose_name=_("moved from"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tenancy")
        verbose_name_plural = _("tenancies")
        ordering = ["-moved_in_on", "-id"]
        constraints = [
            # A household lives in one room at a time.
            models.UniqueConstraint(fields=["household"], condition=Q(moved_out_on__isnull=True), name="one_current_tenancy_per_household"),
            models.CheckConstraint(condition=Q(moved_out_on__isnull=True) | Q(moved_out_on__gte=models.F("moved_in_on")), name="move_out_after_move_in"),
            models.CheckConstraint(condition=Q(moved_out_on__isnull=True) | ~Q(move_out_reason=""), name="move_out_has_reason"),
            models.CheckConstraint(condition=Q(persons__gte=1), name="tenancy_has_persons"),
        ]
        indexes = [models.Index(fields=["room", "moved_out_on"])]

    objects = TenancyQuerySet.as_manager()

    def __str__(self):
        return f"{self.household} → {self.room}"

    @property
    def is_current(self) -> bool:
        return self.moved_out_on is None


class ReservationQuerySet(models.QuerySet):
    def active(self) -> "ReservationQuerySet":
        return self.filter(status=Reservation.Status.ACTIVE)


class Reservation(models.Model):
    """A room held for a household from the moment a placement is confirmed until it arrives (the arrival turns it into a
    tenancy) or the reservation is released. An active reservation's beds are occupied for every other move, proposal,
    relocation and forecast, exactly as a tenancy's are (``housing.spec.current_stays``)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Reserved")
        CONVERTED = "converted", _("Moved in")
        RELEASED = "released", _("Released")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="reservations", verbose_name=_("household"))
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="reservations", verbose_name=_("room"))
    expected_arrival_on = models.DateField(_("expected arrival"))
    persons = models.PositiveSmallIntegerField(_("persons"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    release_reason = models.CharField(_("reason for releasing"), max_length=300, blank=True)
    released_on = models.DateField(_("released on"), null=True, blank=True)
    tenancy = models.OneToOneField(Tenancy, on_delete=models.PROTECT, null=True, blank=True, related_name="reservation",
                                   verbose_name=_("tenancy"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A household holds one room at a time.
            models.UniqueConstraint(fields=["household"], condition=Q(status="active"), name="one_active_reservation_per_household"),
            models.CheckConstraint(condition=Q(persons__gte=1), name="reservation_has_persons"),
            models.CheckConstraint(condition=~Q(status="released") | ~Q(release_reason=""), name="released_reservation_has_reason"),
            models.CheckConstraint(condition=~Q(status="converted") | Q(tenancy__isnull=False), name="converted_reservation_has_tenancy"),
        ]
        indexes = [models.Index(fields=["room", "status"])]

    def __str__(self):
        return f"{self.household} → {self.room}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class RoomOccupancy(models.Model):
    """Who stays in a room now, counted: the occupancy overview's read model (one row per room).

    Why a read model: at ten times Copenhagen the overview counted its ~30,000 stays (current tenancies and active
    reservations, `spec.current_stays`) through their households on every visit (~0.1-0.2 s of SQL); it now sums
    ~14,000 rows of rooms. Kept by `services.room_occupancy_refresh`, in the transaction of every write of a tenancy,
    a reservation or a household's counts (`receivers`). What depends on the day is not stored: a household of one
    is a family while its member is a minor, so the overview counts those lone minors on the day itself."""

    room = models.OneToOneField(Room, on_delete=models.CASCADE, primary_key=True, related_name="occupancy")
    households = models.PositiveIntegerField(default=0)
    larger_households = models.PositiveIntegerField(default=0)  # two or more members: a family, whatever the day
    persons = models.PositiveIntegerField(default=0)
    women = models.PositiveIntegerField(default=0)
    men = models.PositiveIntegerField(default=0)
    pets = models.PositiveIntegerField(default=0)

    COUNTS = ("households", "larger_households", "persons", "women", "men", "pets")


class HouseRules(models.Model):
    """A location's own house rules, versioned: a new version is added, never written over. A letter uses the version
    valid on its date, in Danish and in the letter's language (Ukrainian or English), Danish where a translation is missing."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="house_rules", verbose_name=_("location"))
    version = models.PositiveSmallIntegerField(_("version"))
    valid_from = models.DateField(_("valid from"))
    text = models.TextField(_("text in Danish"))
    text_uk = models.TextField(_("text in Ukrainian"), blank=True)
    text_en = models.TextField(_("text in English"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("house rules")
        verbose_name_plural = _("house rules")
        ordering = ["location", "-version"]
        constraints = [models.UniqueConstraint(fields=["location", "version"], name="house_rules_version_unique")]

    def text_in(self, language: str) -> str:
        """The text in a letter's language: "da", "uk" or "en"; empty when that translation is missing."""
        return {"da": self.text, "uk": self.text_uk, "en": self.text_en}.get(language, "")


class MoveOutInspection(models.Model):
    class Condition(models.TextChoices):
        GOOD = "good", _("Good")
        FAIR = "fair", _("Fair: normal wear")
        POOR = "poor", _("Poor: damages")

    tenancy = models.OneToOneField(Tenancy, on_delete=models.CASCADE, related_name="inspection", verbose_name=_("tenancy"))
    inspected_on = models.DateField(_("inspected on"))
    condition = models.CharField(_("condition"), max_length=6, choices=Condition.choices)
    damages = models.TextField(_("damages"), blank=True)
    estimated_cost = models.DecimalField(_("estimated cost of damages (DKK)"), max_digits=9, decimal_places=2, default=Decimal("0"))
    notes = models.TextField(_("notes"), blank=True)
    inspected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("move-out inspection (flyttesyn)")
        verbose_name_plural = _("move-out inspections")


class Incident(models.Model):
    class Kind(models.TextChoices):
        HOUSE_RULES = "house_rules", _("Breach of the house rules")
        THREAT = "threat", _("Threat")
        VIOLENCE = "violence", _("Violence")
        VANDALISM = "vandalism", _("Vandalism")
        NOISE = "noise", _("Noise")
        HOARDING = "hoarding", _("Hoarding")
        OTHER = "other", _("Other")

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("location"))
    occurred_at = models.DateTimeField(_("occurred"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    severity = models.CharField(_("severity"), max_length=6, choices=Severity.choices)
    description = models.TextField(_("what happened"))
    persons = models.ManyToManyField(Person, related_name="incidents", verbose_name=_("persons involved"))
    follow_up = models.TextField(_("follow-up actions"), blank=True)
    partner_social = models.BooleanField(_("social administration involved"), default=False)
    partner_health = models.BooleanField(_("health administration involved"), default=False)
    partner_police = models.BooleanField(_("police involved"), default=False)
    partner_ssp = models.BooleanField(_("SSP involved"), default=False)
    partner_other = models.CharField(_("other partners involved"), max_length=200, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by"))
    created_at = models.DateTimeField(default=timezone.now)
    # Closing: the follow-up is finished. An open incident has none of the three.
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("closed by"))

    # The partners a host ticks (DOMAIN: help from the social and health administrations; police and SSP in threats).
    PARTNER_FIELDS = ("partner_police", "partner_ssp", "partner_social", "partner_health")

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at", "-id"]

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class IncidentAction(models.Model):
    """One step of an incident's follow-up: what was (or is to be) done, by whom, on which day, and whether it is done."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="actions", verbose_name=_("incident"))
    taken_on = models.DateField(_("date"))
    text = models.TextField(_("what was done"))
    done_by = models.CharField(_("by whom"), max_length=120)
    done = models.BooleanField(_("done"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("incident follow-up action")
        verbose_name_plural = _("incident follow-up actions")
        ordering = ["taken_on", "id"]
