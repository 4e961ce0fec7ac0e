from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from velkomst.accounts import roles
from velkomst.forms import DATE_INPUT, Form, ModelForm
from velkomst.people.models import Case, CaseStatus, Gender, HouseholdMember, LeftReason, Pet, TargetGroup
from velkomst.people.services import MAX_PETS, OWN_ROOM_REASON_MAX, PersonData, household_pet_counts
from velkomst.rules import date_windows


def _input(**attrs):
    return forms.TextInput(attrs={"class": "form-input", **attrs})


class PersonForm(Form):
    date_windows = {"birth_date": date_windows.BIRTH}
    first_name = forms.CharField(label=_("First name(s)"), max_length=100, widget=_input(autocomplete="off"))
    last_name = forms.CharField(label=_("Last name"), max_length=100, widget=_input(autocomplete="off"))
    cpr = forms.CharField(
        label=_("CPR number"),
        required=False,
        max_length=11,
        help_text=_("DDMMYY-SSSS. Leave empty if the person has no CPR number yet."),
        widget=_input(autocomplete="off", inputmode="numeric"),
    )
    birth_date = forms.DateField(
        label=_("Birth date"), required=False, help_text=_("dd.mm.yyyy; filled from the CPR number when given"), widget=DATE_INPUT
    )
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[("", _("From the CPR number"))] + list(Gender.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    nationality = forms.CharField(label=_("Nationality"), required=False, max_length=60, widget=_input())
    languages = forms.CharField(label=_("Languages"), required=False, max_length=200, help_text=_("Separate with commas"), widget=_input())
    interpreter_language = forms.CharField(
        label=_("Interpreter needed in"), required=False, max_length=60, help_text=_("Leave empty if no interpreter is needed"), widget=_input()
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30, widget=_input(type="tel", autocomplete="off"))
    email = forms.EmailField(label=_("Email"), required=False, widget=forms.EmailInput(attrs={"class": "form-input", "autocomplete": "off"}))

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(**{field: data.get(field) or ("" if field != "birth_date" else None) for field in PersonData.__dataclass_fields__})

    @classmethod
    def initial_from(cls, person) -> dict:
        return {field: getattr(person, field) or "" for field in PersonData.__dataclass_fields__}


PET_LABELS = {Pet.Kind.DOG: _("Dogs"), Pet.Kind.CAT: _("Cats"), Pet.Kind.OTHER: _("Other pets")}


def needs_fields_add(form, *, reason_readable: bool = True, reason_recorded: bool = False) -> None:
    """The household's housing needs as fields of ``form``: step-free access, a room of their own with its documented
    reason (restricted: a role that may not read it gets the field empty and keeps the recorded reason by leaving it
    so), and the number of pets of each kind. The register, referral and needs forms share them."""
    form.fields["needs_step_free"] = forms.BooleanField(label=_("The household needs step-free access"), required=False)
    form.fields["needs_own_room"] = forms.BooleanField(label=_("The household needs a room of its own (health)"), required=False)
    hint = _("Restricted: what documents the need, e.g. the doctor's statement of 12.11.2026")
    if not reason_readable and reason_recorded:
        hint = _("A reason is recorded and is hidden from your role; leave the field empty to keep it, or write a new one")
    form.fields["own_room_reason"] = forms.CharField(
        label=_("Documented reason for a room of their own"), required=False, max_length=OWN_ROOM_REASON_MAX, help_text=hint,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 2}))
    for kind in Pet.Kind.values:
        form.fields[f"pets_{kind}"] = forms.IntegerField(
            label=PET_LABELS[kind], required=False, min_value=0, max_value=MAX_PETS,
            widget=forms.NumberInput(attrs={"class": "form-input velkomst-number", "inputmode": "numeric"}))


def pet_kinds_text(household) -> str:
    """ "1 dog, 2 cats" in the interface language (reads ``household.pets.all()``)."""
    texts = {Pet.Kind.DOG: lambda n: ngettext("%(count)d dog", "%(count)d dogs", n),
             Pet.Kind.CAT: lambda n: ngettext("%(count)d cat", "%(count)d cats", n),
             Pet.Kind.OTHER: lambda n: ngettext("%(count)d other", "%(count)d other", n)}
    return ", ".join(texts[kind](number) % {"count": number} for kind, number in household_pet_counts(household).items() if number)


def needs_initial(household, *, reason_readable: bool) -> dict:
    initial = {"needs_step_free": household.needs_step_free, "needs_own_room": household.needs_own_room,
               "own_room_reason": household.own_room_reason if reason_readable else ""}
    return initial | {f"pets_{kind}": number for kind, number in household_pet_counts(household).items()}


def needs_clean(form, cleaned: dict) -> None:
    """The pets together, at most 20; a room of their own with no reason is for the service to refuse (it knows
    whether one is recorded)."""
    if sum(cleaned.get(f"pets_{kind}") or 0 for kind in Pet.Kind.values) > MAX_PETS:
        form.add_error("pets_other", _("Give at most %(max)d pets in all.") % {"max": MAX_PETS})


def needs_values(cleaned: dict) -> dict:
    """The service's arguments: ``household_needs_change`` / ``household_register``."""
    return {"needs_step_free": cleaned.get("needs_step_free") or False, "needs_own_room": cleaned.get("needs_own_room") or False,
            "own_room_reason": (cleaned.get("own_room_reason") or "").strip(),
            "pets": {kind: cleaned.get(f"pets_{kind}") or 0 for kind in Pet.Kind.values}}


class HouseholdNeedsForm(Form):
    def __init__(self, *args, reason_readable: bool, reason_recorded: bool, **kwargs):
        super().__init__(*args, **kwargs)
        needs_fields_add(self, reason_readable=reason_readable, reason_recorded=reason_recorded)

    def clean(self):
        cleaned = super().clean()
        needs_clean(self, cleaned)
        return cleaned


class BenefitPaymentForm(Form):
    date_windows = {"first_benefit_payment_on": date_windows.EVENT}
    first_benefit_payment_on = forms.DateField(
        label=_("First benefit payment"), required=False, widget=DATE_INPUT,
        help_text=_("dd.mm.yyyy. Food distribution ends on this day; leave empty if it has not been paid yet"))


def caseworker_choices():
    # The names only, as `get_full_name` joins them: 240 users at 10x made as model instances cost the meetings page and
    # every booking ~2 ms (issue 18).
    users = (get_user_model().objects.filter(groups__name=roles.CASEWORKER, is_active=True).order_by("first_name", "last_name")
             .values_list("pk", "first_name", "last_name", "username"))
    return [("", "—")] + [(pk, f"{first} {last}".strip() or username) for pk, first, last, username in users]


class RegisterForm(PersonForm):
    date_windows = {"birth_date": date_windows.BIRTH, "referral_decision_date": date_windows.DECISION}
    target_group = forms.ChoiceField(label=_("Target group"), choices=TargetGroup.choices, widget=forms.Select(attrs={"class": "form-select"}))
    referral_decision_date = forms.DateField(label=_("Referral decision date"), help_text=_("dd.mm.yyyy"), widget=DATE_INPUT)
    caseworker = forms.TypedChoiceField(label=_("Caseworker"), required=False, coerce=int, empty_value=None,
                                        widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = caseworker_choices()
        needs_fields_add(self)

    def clean(self):
        cleaned = super().clean()
        needs_clean(self, cleaned)
        return cleaned


class MemberForm(PersonForm):
    relation = forms.ChoiceField(label=_("Relation"), choices=HouseholdMember.Relation.choices[1:],
                                 widget=forms.Select(attrs={"class": "form-select"}))


class CaseForm(ModelForm):
    date_windows = {"permit_expires": date_windows.EXPIRY, "referral_decision_date": date_windows.DECISION,
                    "takeover_date": date_windows.RECORD, "arrival_date": date_windows.EVENT}
    caseworker = forms.TypedChoiceField(label=_("Caseworker"), required=False, coerce=int, empty_value=None,
                                        widget=forms.Select(attrs={"class": "form-select"}))

    class Meta:
        model = Case
        fields = ["target_group", "readiness", "permit_type", "permit_expires", "referral_decision_date", "takeover_date", "arrival_date"]
        widgets = {
            "target_group": forms.Select(attrs={"class": "form-select"}),
            "readiness": forms.Select(attrs={"class": "form-select"}),
            "permit_type": forms.TextInput(attrs={"class": "form-input"}),
            "permit_expires": DATE_INPUT,
            "referral_decision_date": DATE_INPUT,
            "takeover_date": DATE_INPUT,
            "arrival_date": DATE_INPUT,
        }

    def __init__(self, *args, show_sensitive: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = caseworker_choices()
        self.fields["caseworker"].initial = self.instance.caseworker_id
        if show_sensitive:
            for name in Case.SENSITIVE_FIELDS:
                self.fields[name] = forms.BooleanField(label=capfirst(Case._meta.get_field(name).verbose_name), required=False,
                                                       initial=getattr(self.instance, name))

    def changes(self) -> dict:
        get_user = get_user_model().objects.filter
        changes = {name: self.cleaned_data[name] for name in self.Meta.fields}
        caseworker_id = self.cleaned_data.get("caseworker")
        changes["caseworker"] = get_user(pk=caseworker_id).first() if caseworker_id else None
        for name in Case.SENSITIVE_FIELDS:
            if name in self.fields:
                changes[name] = self.cleaned_data[name]
        return changes


class StatusForm(Form):
    date_windows = {"on": date_windows.EVENT}
    status = forms.ChoiceField(label=_("New status"), choices=CaseStatus.choices, widget=forms.Select(attrs={"class": "form-select"}))
    on = forms.DateField(label=_("From date"), help_text=_("dd.mm.yyyy"), widget=DATE_INPUT)
    left_reason = forms.ChoiceField(label=_("Reason for leaving"), required=False, choices=[("", "—")] + list(LeftReason.choices),
                                    widget=forms.Select(attrs={"class": "form-select"}))
    reason = forms.CharField(label=_("Note"), required=False, max_length=200, widget=_input())


class NoteForm(Form):
    text = forms.CharField(label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}))


class SearchForm(Form):
    q = forms.CharField(label=_("Name, CPR number or case number"), max_length=100,
                        widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off", "type": "search"}))
