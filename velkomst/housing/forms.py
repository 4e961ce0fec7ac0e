from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from velkomst.forms import DATE_INPUT, Form, file_within, no_control_characters
from velkomst.housing.models import Category, HouseholdType, Incident, Location, MoveOutInspection, MoveOutReason
from velkomst.housing.selectors import OccupancyFilters
from velkomst.housing.services import (
    HOUSE_RULES_MAX_CHARACTERS,
    LOCATION_FIELDS,
    MAX_BEDS,
    MAX_CAP_YEAR,
    MAX_ROOMS_AT_ONCE,
    MIN_CAP_YEAR,
    ROOM_FIELDS,
    LocationData,
    MoveInChecklist,
    RoomData,
)
from velkomst.rules import date_windows
from velkomst.spreadsheets import MAX_BYTES as MAX_UPLOAD_BYTES

SELECT = {"class": "form-select"}


def _date(label, *, required=False, help_text=_("dd.mm.yyyy")):
    return forms.DateField(label=label, required=required, help_text=help_text, widget=DATE_INPUT)


class OccupancyFilterForm(Form):
    """Filters of the overview. They describe locations, never persons, so they travel in the URL (GET)."""

    population = forms.ChoiceField(
        label=_("Target group"), required=False,
        choices=[("", _("All")), ("ukrainian", _("Displaced Ukrainians")), ("refugee", _("Refugees"))], widget=forms.Select(attrs=SELECT),
    )
    reserved = forms.ChoiceField(
        label=_("Reserved for"), required=False,
        choices=[("", _("All")), ("none", _("Not reserved"))] + list(Category.choices), widget=forms.Select(attrs=SELECT),
    )
    food_distribution = forms.BooleanField(label=_("Food distribution"), required=False)
    pets_allowed = forms.BooleanField(label=_("Pets allowed"), required=False)
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)

    def filters(self) -> OccupancyFilters:
        if not self.is_valid():
            return OccupancyFilters()
        return OccupancyFilters(**self.cleaned_data)


class HouseholdSearchForm(Form):
    q = forms.CharField(label=_("Name or case number"), max_length=100, required=False,
                        widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off", "type": "search"}))


class ChecklistFieldsMixin:
    def checklist(self) -> MoveInChecklist:
        data = self.cleaned_data
        return MoveInChecklist(
            lease_signed_on=data.get("lease_signed_on"),
            start_kit_on=data.get("start_kit_on"),
            keys_handed_out_on=data.get("keys_handed_out_on"),
            house_rules_explained_on=data.get("house_rules_explained_on"),
            food_distribution=bool(data.get("food_distribution")),
            transport_ticket_on=data.get("transport_ticket_on"),
        )


class MoveInForm(Form):
    """Move-in on one day: the ticked items are recorded as done on the move-in date."""
    date_windows = {"moved_in_on": date_windows.EVENT}

    household = forms.TypedChoiceField(label=_("Household"), coerce=int, widget=forms.RadioSelect,
                                       error_messages={"required": _("Search for the household and choose it in the list.")})
    moved_in_on = _date(_("Move-in date"), required=True)
    lease_signed = forms.BooleanField(label=_("The lease is signed"), required=False)
    start_kit = forms.BooleanField(label=_("The start kit is handed out"), required=False)
    keys = forms.BooleanField(label=_("The keys are handed out"), required=False)
    house_rules = forms.BooleanField(label=_("The house rules are explained"), required=False)
    food_distribution = forms.BooleanField(label=_("Food distribution until the first benefit payment"), required=False)
    transport_ticket = forms.BooleanField(label=_("Transport ticket printed for the welcome meeting"), required=False)

    def __init__(self, *args, households=(), today: date, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.fields["household"].choices = [(h.pk, h.pk) for h in households]
        self.fields["moved_in_on"].initial = today

    def checklist(self) -> MoveInChecklist:
        data, day = self.cleaned_data, self.cleaned_data["moved_in_on"]
        return MoveInChecklist(
            lease_signed_on=day if data["lease_signed"] else None,
            start_kit_on=day if data["start_kit"] else None,
            keys_handed_out_on=day if data["keys"] else None,
            house_rules_explained_on=day if data["house_rules"] else None,
            food_distribution=data["food_distribution"],
            transport_ticket_on=day if data["transport_ticket"] else None,
        )


class MoveForm(Form):
    date_windows = {"moved_on": date_windows.EVENT}
    room = forms.TypedChoiceField(label=_("New room"), coerce=int, widget=forms.RadioSelect,
                                  error_messages={"required": _("Choose the room the household moves to.")})
    moved_on = _date(_("Moving date"), required=True)
    keys = forms.BooleanField(label=_("The keys to the new room are handed out"), required=False)

    def __init__(self, *args, rooms=(), today: date, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.fields["room"].choices = [(r.pk, str(r.pk)) for r in rooms]
        self.fields["moved_on"].initial = today


class ReservationChangeForm(Form):
    date_windows = {"expected_arrival_on": date_windows.PLANNED}
    room = forms.TypedChoiceField(label=_("Room to reserve"), coerce=int, widget=forms.RadioSelect,
                                  error_messages={"required": _("Choose the room to reserve.")})
    expected_arrival_on = _date(_("Expected arrival"), required=True)
    reason = forms.CharField(label=_("Reason for the change"), max_length=300, widget=forms.TextInput(attrs={"class": "form-input"}),
                             validators=[no_control_characters])

    def __init__(self, *args, rooms=(), today: date, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.fields["room"].choices = [(r.pk, str(r.pk)) for r in rooms]


class ReservationReleaseForm(Form):
    reason = forms.CharField(label=_("Reason for releasing the room"), max_length=300, widget=forms.TextInput(attrs={"class": "form-input"}),
                             validators=[no_control_characters], help_text=_("E.g. the household will not come, or lives elsewhere"))


class MoveOutForm(Form):
    date_windows = {"moved_out_on": date_windows.RECORD, "keys_returned_on": date_windows.EVENT, "inspected_on": date_windows.EVENT}
    moved_out_on = _date(_("Move-out date"), required=True)
    reason = forms.ChoiceField(
        label=_("Reason for moving out"),
        choices=[("", "—")] + [c for c in MoveOutReason.choices if c[0] != MoveOutReason.INTERNAL_MOVE],
        widget=forms.Select(attrs=SELECT),
    )
    keys_returned_on = _date(_("Keys returned"))
    inspected_on = _date(_("Inspection date (flyttesyn)"), help_text=_("dd.mm.yyyy; leave empty if the inspection has not been held"))
    condition = forms.ChoiceField(label=_("Condition of the room"), required=False,
                                  choices=[("", "—")] + list(MoveOutInspection.Condition.choices), widget=forms.Select(attrs=SELECT))
    damages = forms.CharField(label=_("Damages"), required=False, max_length=2000, widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}))
    estimated_cost = forms.DecimalField(label=_("Estimated cost of damages (DKK)"), required=False, min_value=0, max_digits=9, decimal_places=2,
                                        widget=forms.TextInput(attrs={"class": "form-input", "inputmode": "decimal"}))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}))

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.fields["moved_out_on"].initial = today

    def clean(self):
        data = super().clean()
        if data.get("inspected_on") and not data.get("condition"):
            self.add_error("condition", _("Choose the condition the room was found in."))
        if data.get("condition") and not data.get("inspected_on"):
            self.add_error("inspected_on", _("Give the date of the inspection."))
        if data.get("condition") == MoveOutInspection.Condition.POOR and not data.get("damages", "").strip():
            self.add_error("damages", _("Describe the damages."))
        return data

    def inspection(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("inspected_on"):
            return None
        return {"inspected_on": data["inspected_on"], "condition": data["condition"], "damages": data["damages"].strip(),
                "estimated_cost": data["estimated_cost"] or 0, "notes": data["notes"].strip()}


class ChecklistForm(ChecklistFieldsMixin, Form):
    date_windows = {name: date_windows.EVENT for name in ("lease_signed_on", "start_kit_on", "keys_handed_out_on",
                                                          "house_rules_explained_on", "transport_ticket_on")}
    lease_signed_on = _date(_("Lease signed"))
    start_kit_on = _date(_("Start kit handed out"))
    keys_handed_out_on = _date(_("Keys handed out"))
    house_rules_explained_on = _date(_("House rules explained"))
    food_distribution = forms.BooleanField(label=_("Food distribution until the first benefit payment"), required=False)
    transport_ticket_on = _date(_("Transport ticket printed"))

    @classmethod
    def initial_from(cls, tenancy) -> dict:
        return {name: getattr(tenancy, name) for name in cls.base_fields}


class BlockForm(Form):
    date_windows = {"blocked_until": date_windows.PLANNED}
    blocked_reason = forms.CharField(label=_("Reason for blocking"), max_length=200,
                                     help_text=_("E.g. water damage, renovation, kept free for a family arriving on Monday"),
                                     widget=forms.TextInput(attrs={"class": "form-input"}))
    blocked_until = _date(_("Blocked until"), help_text=_("dd.mm.yyyy; leave empty if not known"))


class IncidentForm(Form):
    date_windows = {"occurred_on": date_windows.EVENT}
    occurred_on = _date(_("Date"), required=True)
    occurred_time = forms.TimeField(label=_("Time"), help_text=_("hh:mm"), widget=forms.TimeInput(format="%H:%M", attrs={"class": "form-input"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—")] + list(Incident.Kind.choices), widget=forms.Select(attrs=SELECT))
    severity = forms.ChoiceField(label=_("Severity"), choices=[("", "—")] + list(Incident.Severity.choices), widget=forms.Select(attrs=SELECT))
    description = forms.CharField(label=_("What happened"), max_length=5000, widget=forms.Textarea(attrs={"class": "form-input", "rows": 4}))
    persons = forms.TypedMultipleChoiceField(label=_("Residents involved"), required=False, coerce=int,
                                              widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}))
    follow_up = forms.CharField(label=_("Follow-up actions"), required=False, max_length=5000,
                                widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}))
    partner_social = forms.BooleanField(label=_("The social administration is involved"), required=False)
    partner_health = forms.BooleanField(label=_("The health administration is involved"), required=False)
    partner_police = forms.BooleanField(label=_("The police are involved"), required=False)

    def __init__(self, *args, residents=(), now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].choices = [(p.pk, f"{p.last_name}, {p.first_name}") for p in residents]
        now = timezone.localtime(now)
        self.fields["occurred_on"].initial = now.date()
        self.fields["occurred_time"].initial = now.strftime("%H:%M")


class IncidentActionForm(Form):
    date_windows = {"taken_on": date_windows.PLANNED}
    taken_on = _date(_("Date"), required=True)
    text = forms.CharField(label=_("What was done"), max_length=2000, validators=[no_control_characters],
                           error_messages={"required": _("Write what was done or is to be done.")},
                           widget=forms.Textarea(attrs={"class": "form-input", "rows": 2}))
    done_by = forms.CharField(label=_("By whom"), max_length=120, validators=[no_control_characters],
                              error_messages={"required": _("Write who does it, e.g. the host, SSP or the caseworker.")},
                              help_text=_("E.g. the host, SSP, the caseworker, the police"), widget=forms.TextInput(attrs={"class": "form-input"}))
    done = forms.BooleanField(label=_("Done"), required=False, help_text=_("Leave unticked for an action that is planned"))


PARTNER_LABELS = {
    "partner_police": _("Police"),
    "partner_ssp": _("SSP (schools, social services and police)"),
    "partner_social": _("Social administration"),
    "partner_health": _("Health administration"),
}


class IncidentPartnersForm(Form):
    partners = forms.MultipleChoiceField(label=_("Partners involved"), required=False, choices=list(PARTNER_LABELS.items()),
                                         widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}))
    partner_other = forms.CharField(label=_("Other partners"), max_length=200, required=False, validators=[no_control_characters],
                                    help_text=_("E.g. the psychiatry, a crisis centre"), widget=forms.TextInput(attrs={"class": "form-input"}))


class IncidentCloseForm(Form):
    date_windows = {"closed_on": date_windows.EVENT}
    closed_on = _date(_("Closed on"), required=True)
    outcome = forms.CharField(label=_("Outcome"), max_length=5000, validators=[no_control_characters],
                              error_messages={"required": _("Write the outcome: what came of the follow-up.")},
                              widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}))


# -- set-up ----------------------------------------------------------------------------------------------------------
# Every text field takes the one text rule (no control characters); the services check what needs the database.

def _text(label, *, max_length, required=True, help_text="", **attrs):
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text,
                           validators=[no_control_characters], widget=forms.TextInput(attrs={"class": "form-input", **attrs}))


def _flag(label):
    return forms.BooleanField(label=label, required=False)


class LocationForm(Form):
    """Every field of a location but its status (see LocationStatusForm); the hosts among the active housing hosts."""

    name = _text(_("Name"), max_length=120)
    code = forms.RegexField(label=_("Code"), max_length=60, regex=r"^[a-z0-9][a-z0-9-]*$",
                            help_text=_("Short id used in exports and spreadsheets: lower-case letters, digits and hyphens, e.g. hotel-nord"),
                            error_messages={"invalid": _("Use lower-case letters, digits and hyphens, e.g. hotel-nord.")},
                            widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off"}))
    address = _text(_("Address"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—")] + list(Location.Kind.choices), widget=forms.Select(attrs=SELECT))
    serves_ukrainians = _flag(_("Takes displaced Ukrainians"))
    serves_refugees = _flag(_("Takes refugees"))
    reserved_for = forms.ChoiceField(label=_("Reserved for a target group (målgruppespecifik)"), required=False,
                                     choices=[("", _("Not reserved"))] + list(Category.choices), widget=forms.Select(attrs=SELECT))
    food_distribution = _flag(_("Reception location with food distribution (madudlevering)"))
    welcome_house = _flag(_("Welcome House (Velkomsthus)"))
    pets_allowed = _flag(_("Pets allowed"))
    step_free = _flag(_("Step-free access to the building"))
    shared_kitchen = _flag(_("Shared kitchen"))
    shared_bath = _flag(_("Shared bath and toilet"))
    common_room = _flag(_("Common room"))
    outdoor_area = _flag(_("Outdoor area"))
    host_contact = _text(_("Host contact"), max_length=200, required=False, help_text=_("Name and phone number, e.g. Birgitte Holm, tlf. 33 66 12 34"))
    hosts = forms.TypedMultipleChoiceField(label=_("Housing hosts"), required=False, coerce=int,
                                           widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}))

    def __init__(self, *args, hosts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.host_users = {user.pk: user for user in hosts}
        self.fields["hosts"].choices = [(user.pk, user.get_full_name() or user.username) for user in hosts]

    @classmethod
    def initial_from(cls, location: Location) -> dict:
        initial = {name: getattr(location, name) for name in LOCATION_FIELDS}
        initial["hosts"] = [user.pk for user in location.hosts.all()]
        return initial

    def clean(self):
        data = super().clean()
        if not data.get("serves_ukrainians") and not data.get("serves_refugees"):
            self.add_error("serves_ukrainians", _("Choose at least one target group the location takes."))
        return data

    def location_data(self) -> LocationData:
        return LocationData(**{name: self.cleaned_data[name] for name in LOCATION_FIELDS})

    def chosen_hosts(self) -> list:
        return [self.host_users[pk] for pk in self.cleaned_data["hosts"]]


class LocationStatusForm(Form):
    status = forms.ChoiceField(label=_("New status"), choices=Location.Status.choices, widget=forms.Select(attrs=SELECT))
    closing_on = _date(_("Closes on"), help_text=_("dd.mm.yyyy; required when the location is closing"))
    date_windows = {"closing_on": date_windows.PLANNED}

    def clean(self):
        data = super().clean()
        if data.get("status") == Location.Status.CLOSING and not data.get("closing_on") and "closing_on" not in self.errors:
            self.add_error("closing_on", _("Give the day the location closes (dd.mm.yyyy)."))
        return data


class RoomsAddForm(Form):
    """Rooms in bulk: "rooms 101–140, 2 beds, floor 1" — numbers from first to last, with an optional prefix."""

    first = forms.IntegerField(label=_("First room number"), min_value=0, max_value=99999, widget=forms.NumberInput(attrs={"class": "form-input"}))
    last = forms.IntegerField(label=_("Last room number"), min_value=0, max_value=99999, widget=forms.NumberInput(attrs={"class": "form-input"}),
                              help_text=_("The same as the first number for one room"))
    prefix = forms.RegexField(label=_("Before each number"), required=False, max_length=8, regex=r"^[\w.-]*$",
                              help_text=_("E.g. A- for rooms A-101 to A-140; leave empty for plain numbers"),
                              error_messages={"invalid": _("Use letters, digits, full stops and hyphens.")},
                              widget=forms.TextInput(attrs={"class": "form-input"}))
    beds = forms.IntegerField(label=_("Beds in each room"), min_value=1, max_value=MAX_BEDS, widget=forms.NumberInput(attrs={"class": "form-input"}))
    floor = forms.IntegerField(label=_("Floor"), min_value=-5, max_value=200, initial=0, help_text=_("0 = the ground floor"),
                               widget=forms.NumberInput(attrs={"class": "form-input"}))
    accessible = _flag(_("The rooms are step-free"))
    has_kitchen = _flag(_("Kitchen in each room"))
    has_bath = _flag(_("Bath in each room"))

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first is not None and last is not None:
            if last < first:
                self.add_error("last", _("The last number is lower than the first."))
            elif last - first + 1 > MAX_ROOMS_AT_ONCE:
                self.add_error("last", _("At most %(max)d rooms at a time; add them in parts.") % {"max": MAX_ROOMS_AT_ONCE})
        return data

    def rooms(self) -> list[RoomData]:
        data = self.cleaned_data
        return [RoomData(number=f"{data['prefix']}{n}", beds=data["beds"], floor=data["floor"], accessible=data["accessible"],
                         has_kitchen=data["has_kitchen"], has_bath=data["has_bath"]) for n in range(data["first"], data["last"] + 1)]


class RoomForm(Form):
    number = _text(_("Room number"), max_length=20)
    floor = forms.IntegerField(label=_("Floor"), min_value=-5, max_value=200, help_text=_("0 = the ground floor"),
                               widget=forms.NumberInput(attrs={"class": "form-input"}))
    beds = forms.IntegerField(label=_("Beds"), min_value=1, max_value=MAX_BEDS, widget=forms.NumberInput(attrs={"class": "form-input"}))
    accessible = _flag(_("Accessible (step-free)"))
    has_kitchen = _flag(_("Kitchen in the room"))
    has_bath = _flag(_("Bath in the room"))

    @classmethod
    def initial_from(cls, room) -> dict:
        return {name: getattr(room, name) for name in ROOM_FIELDS}

    def room_data(self) -> RoomData:
        return RoomData(**{name: self.cleaned_data[name] for name in ROOM_FIELDS})


class CapacityImportForm(Form):
    file = forms.FileField(label=_("Spreadsheet of rooms"), help_text=_("CSV (UTF-8, ; or ,) or Excel (.xlsx), one line per room"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-input", "accept": ".csv,.xlsx"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        file_within(upload, MAX_UPLOAD_BYTES)
        return upload


def _kroner(label):
    # Localized: Danish 2467,50 and plain 2467.50 both read.
    return forms.DecimalField(label=label, min_value=1, max_value=Decimal("99999.99"), max_digits=7, decimal_places=2, localize=True,
                              help_text=_("Kroner a month, e.g. 2467"),
                              widget=forms.TextInput(attrs={"class": "form-input", "inputmode": "decimal"}))


class RentCapsForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_CAP_YEAR, max_value=MAX_CAP_YEAR,
                              widget=forms.NumberInput(attrs={"class": "form-input"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in HouseholdType.choices:
            self.fields[kind] = _kroner(label)

    def caps(self) -> dict:
        return {kind: self.cleaned_data[kind] for kind in HouseholdType.values}


class HouseRulesForm(Form):
    valid_from = _date(_("Valid from"), required=True)
    text = forms.CharField(label=_("House rules in Danish"), max_length=HOUSE_RULES_MAX_CHARACTERS, validators=[no_control_characters],
                           help_text=_("The Danish text is the one that applies"),
                           widget=forms.Textarea(attrs={"class": "form-input", "rows": 8}))
    text_uk = forms.CharField(label=_("House rules in Ukrainian"), max_length=HOUSE_RULES_MAX_CHARACTERS, required=False,
                              validators=[no_control_characters], help_text=_("Printed in letters in Ukrainian; without it those letters refer to the Danish text"),
                              widget=forms.Textarea(attrs={"class": "form-input", "rows": 8, "lang": "uk"}))
    text_en = forms.CharField(label=_("House rules in English"), max_length=HOUSE_RULES_MAX_CHARACTERS, required=False,
                              validators=[no_control_characters], help_text=_("Printed in letters in English; without it those letters refer to the Danish text"),
                              widget=forms.Textarea(attrs={"class": "form-input", "rows": 8, "lang": "en"}))

    date_windows = {"valid_from": date_windows.PLANNED}

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.fields["valid_from"].initial = today
