from datetime import datetime

from django import forms
from django.db.models import Case as DbCase
from django.db.models import Q, When
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from velkomst import spreadsheets
from velkomst.forms import DATE_INPUT, Form, file_within
from velkomst.housing.models import Location, Reservation, Room, Tenancy
from velkomst.housing.services import MoveInChecklist
from velkomst.people.forms import PersonForm, caseworker_choices, needs_clean, needs_fields_add
from velkomst.people.models import Case, Readiness, TargetGroup
from velkomst.reception.models import Appointment, Referral
from velkomst.rules import date_windows

SELECT = {"class": "form-select"}
REFERRAL_GROUPS = [(value, label) for value, label in TargetGroup.choices if Case(target_group=value).population]


def _text(**attrs):
    return forms.TextInput(attrs={"class": "form-input", **attrs})


def _area(rows=3):
    return forms.Textarea(attrs={"class": "form-input", "rows": rows})


class ReferralForm(PersonForm):
    """The applicant and the referral; further household members are added from the person's page."""
    date_windows = {"birth_date": date_windows.BIRTH, "decision_date": date_windows.DECISION}

    target_group = forms.ChoiceField(label=_("Target group"), choices=REFERRAL_GROUPS, widget=forms.Select(attrs=SELECT))
    decision_date = forms.DateField(label=_("Referral decision date"), help_text=_("dd.mm.yyyy"), widget=DATE_INPUT)
    asylum_centre = forms.CharField(label=_("Asylum centre"), required=False, max_length=120, widget=_text())
    special_considerations = forms.CharField(label=_("Special considerations"), required=False, max_length=4000, widget=_area(),
                                             help_text=_("Health, disability, family, pets: what the referral says"))
    caseworker = forms.TypedChoiceField(label=_("Caseworker"), required=False, coerce=int, empty_value=None, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = caseworker_choices()
        needs_fields_add(self)

    def clean(self):
        cleaned = super().clean()
        needs_clean(self, cleaned)
        return cleaned


class ImportForm(Form):
    file = forms.FileField(label=_("Referral list"), help_text=_("CSV (UTF-8, separated by ; or ,) or Excel (.xlsx) with the columns in the guide"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-input", "accept": ".csv,.xlsx,text/csv"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        file_within(upload, spreadsheets.MAX_BYTES)
        return upload


def room_choices(population: str):
    """Available rooms at open locations that take the population, grouped by location."""
    served = {"ukrainian": {"serves_ukrainians": True}, "refugee": {"serves_refugees": True}}.get(population, {})
    rooms = (Room.objects.filter(status=Room.Status.AVAILABLE, **{f"location__{k}": v for k, v in served.items()})
             .exclude(location__status=Location.Status.CLOSED).select_related("location").order_by("location__name", "floor", "number"))
    return rooms


class RoomChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, room):
        return ngettext("%(location)s, room %(number)s (%(beds)s bed%(accessible)s)", "%(location)s, room %(number)s (%(beds)s beds%(accessible)s)",
                        room.beds) % {"location": room.location.name, "number": room.number, "beds": room.beds,
                                      "accessible": _(", step-free") if room.accessible else ""}


class PreparationForm(Form):
    date_windows = {"asylum_centre_contacted_on": date_windows.EVENT, "considerations_recorded_on": date_windows.EVENT, "cpr_activated_on": date_windows.EVENT, "expected_arrival_on": date_windows.PLANNED}
    asylum_centre_contacted_on = forms.DateField(label=_("Asylum centre contacted on"), required=False, widget=DATE_INPUT)
    considerations_health = forms.CharField(label=_("Health"), required=False, max_length=4000, widget=_area(2))
    considerations_disability = forms.CharField(label=_("Disability and accessibility"), required=False, max_length=4000, widget=_area(2))
    considerations_pets = forms.CharField(label=_("Pets"), required=False, max_length=4000, widget=_area(2))
    considerations_family = forms.CharField(label=_("Family"), required=False, max_length=4000, widget=_area(2))
    considerations_recorded_on = forms.DateField(label=_("Special considerations recorded on"), required=False, widget=DATE_INPUT)
    cpr_activated_on = forms.DateField(label=_("CPR number activated on"), required=False, widget=DATE_INPUT)
    expected_arrival_on = forms.DateField(label=_("Arrival date"), required=False, widget=DATE_INPUT)
    caseworker = forms.TypedChoiceField(label=_("Caseworker"), required=False, coerce=int, empty_value=None, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = caseworker_choices()

    @classmethod
    def initial_from(cls, referral: Referral) -> dict:
        initial = {name: getattr(referral, name) for name in Referral.PREPARATION_FIELDS if name != "planned_room"}
        cases = list(referral.household.cases.all())
        initial["caseworker"] = cases[0].caseworker_id if cases else None
        return initial

    def changes(self) -> dict:
        """The planned room is chosen on its own page (the room chooser), not here."""
        return {name: self.cleaned_data[name] for name in Referral.PREPARATION_FIELDS if name != "planned_room"}


class ArrivalRoomField(RoomChoiceField):
    """The rooms to move into, the reserved one first and named as such."""

    reserved_room_id = None

    def label_from_instance(self, room):
        label = super().label_from_instance(room)
        return _("%(room)s — reserved for this household") % {"room": label} if room.pk == self.reserved_room_id else label


class ArrivalForm(Form):
    date_windows = {"arrived_on": date_windows.EVENT}
    room = ArrivalRoomField(label=_("Room"), queryset=Room.objects.none(), widget=forms.Select(attrs=SELECT))
    arrived_on = forms.DateField(label=_("Arrival date"), help_text=_("dd.mm.yyyy"), widget=DATE_INPUT)
    start_kit = forms.BooleanField(label=_("Start kit handed out"), required=False)
    keys = forms.BooleanField(label=_("Keys handed out"), required=False)
    lease_signed = forms.BooleanField(label=_("Lease signed"), required=False)
    house_rules = forms.BooleanField(label=_("House rules explained"), required=False)
    food_distribution = forms.BooleanField(label=_("Food distribution until the first benefit payment"), required=False)
    transport_ticket = forms.BooleanField(label=_("Transport ticket for the welcome meeting printed"), required=False)

    def __init__(self, *args, referral: Referral, reservation: Reservation | None = None, housed: Tenancy | None = None,
                 locations=None, **kwargs):
        """``reservation``: the household's active reservation (its room comes first, chosen); ``housed``: the tenancy the
        household already has (a host moved it in), so no room is asked for; ``locations``: those the user may see (a
        host's own), the only ones whose rooms are offered."""
        super().__init__(*args, **kwargs)
        if housed is not None:
            del self.fields["room"]
            return
        rooms = room_choices(referral.population)
        if locations is not None:
            rooms = rooms.filter(location__in=locations)
        if reservation is not None:
            reserved = Q(pk=reservation.room_id) if locations is None else Q(pk=reservation.room_id, location__in=locations)
            rooms = (Room.objects.filter(Q(pk__in=rooms.values("pk")) | reserved).select_related("location")
                     .order_by(DbCase(When(pk=reservation.room_id, then=0), default=1), "location__name", "floor", "number"))
            self.fields["room"].reserved_room_id = reservation.room_id
            self.fields["room"].help_text = _("The room reserved when the placement was confirmed comes first; choosing another "
                                              "room releases the reservation.")
        self.fields["room"].queryset = rooms

    def chosen_room(self) -> Room | None:
        return self.cleaned_data.get("room")

    def checklist(self) -> MoveInChecklist:
        data, day = self.cleaned_data, self.cleaned_data["arrived_on"]
        return MoveInChecklist(
            lease_signed_on=day if data["lease_signed"] else None,
            start_kit_on=day if data["start_kit"] else None,
            keys_handed_out_on=day if data["keys"] else None,
            house_rules_explained_on=day if data["house_rules"] else None,
            food_distribution=data["food_distribution"],
            transport_ticket_on=day if data["transport_ticket"] else None,
        )


class BookingForm(Form):
    date_windows = {"day": date_windows.PLANNED}
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Appointment.Kind.choices, widget=forms.Select(attrs=SELECT))
    day = forms.DateField(label=_("Meeting date"), help_text=_("dd.mm.yyyy"), widget=DATE_INPUT)
    start_time = forms.TimeField(label=_("Start time"), help_text=_("hh:mm, e.g. 10:00"), input_formats=["%H:%M", "%H.%M"],
                                 widget=forms.TimeInput(format="%H:%M", attrs={"class": "form-input", "inputmode": "numeric"}))
    minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=15, max_value=480, initial=60,
                                 widget=forms.NumberInput(attrs={"class": "form-input"}))
    place = forms.CharField(label=_("Meeting place"), max_length=200, widget=_text())
    interpreter_language = forms.CharField(label=_("Interpreter language"), required=False, max_length=60, widget=_text(),
                                           help_text=_("Leave empty if no interpreter is needed"))
    caseworker = forms.TypedChoiceField(label=_("Caseworker"), required=False, coerce=int, empty_value=None, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = caseworker_choices()

    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.cleaned_data["day"], self.cleaned_data["start_time"]))


class MoveForm(BookingForm):
    """A new time (and place) for the one meeting: its kind stays."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


class MeetingResultForm(Form):
    # No default: whether the meeting was held is a fact someone states, not a pre-selected answer.
    status = forms.ChoiceField(label=_("The meeting was"), widget=forms.Select(attrs=SELECT), choices=[
        ("", _("Choose the outcome")), (Appointment.Status.COMPLETED, _("Held")),
        (Appointment.Status.MISSED, _("Missed: the citizen did not come")), (Appointment.Status.CANCELLED, _("Cancelled"))],
        error_messages={"required": _("Choose whether the meeting was held, missed or cancelled.")})
    notes = forms.CharField(label=_("Notes"), required=False, max_length=4000, widget=_area())

    def __init__(self, *args, appointment: Appointment, **kwargs):
        super().__init__(*args, **kwargs)
        # What was recorded stays in view: saving again edits it rather than writing beside it unseen.
        self.fields["notes"].initial = appointment.notes
        if appointment.status in dict(self.fields["status"].choices):
            self.fields["status"].initial = appointment.status
        if appointment.kind == Appointment.Kind.WELCOME:
            for name in Appointment.WELCOME_CHECKLIST:
                self.fields[name] = forms.BooleanField(label=capfirst(Appointment._meta.get_field(name).verbose_name), required=False,
                                                       initial=getattr(appointment, name))
        if appointment.kind == Appointment.Kind.CONTRACT:
            self.fields["status"].choices = [c for c in self.fields["status"].choices if c[0] != Appointment.Status.COMPLETED]

    def checklist(self) -> dict:
        return {name: self.cleaned_data[name] for name in Appointment.WELCOME_CHECKLIST if name in self.fields}


class ContractOutcomeForm(Form):
    date_windows = {"contract_signed_on": date_windows.EVENT, "programme_start_on": date_windows.PLANNED}
    readiness = forms.ChoiceField(label=_("Readiness assessment"), choices=[("", "—")] + list(Readiness.choices), widget=forms.Select(attrs=SELECT))
    contract_signed_on = forms.DateField(label=_("Contract signed on"), help_text=_("dd.mm.yyyy"), widget=DATE_INPUT)
    programme_start_on = forms.DateField(label=_("Programme start"), required=False, widget=DATE_INPUT,
                                         help_text=_("Leave empty for the first working day of the week after the meeting"))

