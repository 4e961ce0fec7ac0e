from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from velkomst.accounts import roles
from velkomst.forms import Form, ModelForm
from velkomst.people.models import Case, CaseStatus, Gender, HouseholdMember, LeftReason, TargetGroup
from velkomst.people.services import PersonData
from velkomst.rules import date_windows

DATE_INPUT = forms.DateInput(format="%d.%m.%Y", attrs={"class": "form-input", "placeholder": _("dd.mm.yyyy"), "inputmode": "numeric"})


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


def caseworker_choices():
    users = get_user_model().objects.filter(groups__name=roles.CASEWORKER, is_active=True).order_by("first_name", "last_name")
    return [("", "—")] + [(user.pk, user.get_full_name() or user.username) for user in users]


class RegisterForm(PersonForm):
    date_windows = {"birth_date": date_windows.BIRTH, "referral_decision_date": date_windows.DECISION}
    target_group = forms.ChoiceField(label=_("Target group"), choices=TargetGroup.choices, widget=forms.Select(attrs={"class": "form-select"}))
    referral_decision_date = forms.DateField(label=_("Referral decision date"), help_text=_("dd.mm.yyyy"), widget=DATE_INPUT)
    needs_step_free = forms.BooleanField(label=_("The household needs step-free access"), required=False)
    needs_own_room = forms.BooleanField(label=_("The household needs a room of its own (health)"), required=False)
    pets = forms.IntegerField(label=_("Pets"), min_value=0, max_value=20, initial=0, widget=forms.NumberInput(attrs={"class": "form-input"}))
    caseworker = forms.TypedChoiceField(label=_("Caseworker"), required=False, coerce=int, empty_value=None,
                                        widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = caseworker_choices()


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
