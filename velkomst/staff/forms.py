from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.translation import gettext_lazy as _

from velkomst.accounts import roles
from velkomst.accounts.context_processors import ROLE_LABELS
from velkomst.forms import Form, no_control_characters
from velkomst.staff.services import StaffData

SELECT = {"class": "form-select"}


def _text(label, *, max_length, required=True, help_text="", **attrs):
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text, validators=[no_control_characters],
                           widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off", **attrs}))


class StaffForm(Form):
    """An account's names, e-mail and role; a housing host's locations. Without the role field when single sign-on decides it."""

    first_name = _text(_("First name"), max_length=150)
    last_name = _text(_("Last name"), max_length=150)
    username = _text(_("User name"), max_length=150, help_text=_("What the staff member logs in with, e.g. mette.soerensen; letters, digits and @ . + - _"))
    email = forms.EmailField(label=_("Email"), required=False, widget=forms.EmailInput(attrs={"class": "form-input", "autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—")] + [(role, ROLE_LABELS[role]) for role in roles.ROLES],
                             help_text=_("What the role may see and do is in the table of roles (docs/roles.md)."), widget=forms.Select(attrs=SELECT))
    locations = forms.TypedMultipleChoiceField(label=_("Locations the housing host runs"), required=False, coerce=int,
                                               widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}))

    def __init__(self, *args, locations=(), role_from_sign_on: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.location_objects = {location.pk: location for location in locations}
        self.fields["locations"].choices = [(location.pk, location.name) for location in locations]
        if role_from_sign_on:
            del self.fields["role"]

    @classmethod
    def initial_from(cls, row) -> dict:
        user = row.user
        return {"first_name": user.first_name, "last_name": user.last_name, "username": user.username, "email": user.email,
                "role": row.role or "", "locations": [location.pk for location in row.locations]}

    def staff_data(self) -> StaffData:
        data = self.cleaned_data
        return StaffData(username=data["username"], first_name=data["first_name"], last_name=data["last_name"], email=data["email"])

    def chosen_role(self) -> str | None:
        return self.cleaned_data.get("role") or None

    def chosen_locations(self) -> list:
        return [self.location_objects[pk] for pk in self.cleaned_data["locations"] if pk in self.location_objects]


class ActiveForm(Form):
    active = forms.TypedChoiceField(choices=[("0", "0"), ("1", "1")], coerce=lambda value: value == "1")


class HandOverForm(Form):
    """Step 1: whose cases, to whom, which ones. Step 2 (`confirm`): the same values, confirmed with their count."""

    from_user = forms.TypedChoiceField(label=_("Hand over the cases of"), coerce=int, widget=forms.Select(attrs=SELECT))
    to_user = forms.TypedChoiceField(label=_("To the caseworker"), coerce=int, widget=forms.Select(attrs=SELECT))
    cases = forms.TypedMultipleChoiceField(label=_("Cases"), coerce=int, required=False,
                                           widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}))
    all_cases = forms.BooleanField(label=_("All open cases"), required=False)

    def __init__(self, *args, from_users=(), to_users=(), cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_user"].choices = [("", "—")] + [(u.pk, f"{u.get_full_name() or u.username} ({u.open_cases})") for u in from_users]
        self.fields["to_user"].choices = [("", "—")] + [(u.pk, u.get_full_name() or u.username) for u in to_users]
        self.fields["cases"].choices = [(case.pk, f"{case.number} {case.person.full_name}") for case in cases]
        self.open_case_ids = [case.pk for case in cases]

    def clean(self):
        data = super().clean()
        if data.get("from_user") and data.get("from_user") == data.get("to_user"):
            self.add_error("to_user", _("Choose another caseworker than the one the cases are with."))
        if self.open_case_ids and not data.get("all_cases") and not data.get("cases"):
            self.add_error("cases", _("Choose the cases to hand over, or all open cases."))
        return data

    def chosen_case_ids(self) -> list[int]:
        """The cases ticked one by one, if any (they win over "all"); else every open case when "all" is ticked."""
        chosen = list(self.cleaned_data.get("cases") or [])
        return chosen or (list(self.open_case_ids) if self.cleaned_data.get("all_cases") else [])


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's own (the current password, the new one twice, the settings' validators), in the design system's markup."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(user, *args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-input"
        self.fields["new_password1"].help_text = " ".join(str(text) for text in password_validators_help_texts())

    def save(self, commit=True):
        raise NotImplementedError("the view saves through staff.services.password_change")
