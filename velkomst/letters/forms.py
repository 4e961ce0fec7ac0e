from django import forms
from django.utils.translation import gettext_lazy as _

from velkomst.forms import Form
from velkomst.letters.texts import citizen_language


class LetterLanguageForm(Form):
    """The second language of a letter; the Danish text comes first and is the one that applies."""

    language = forms.ChoiceField(label=_("The citizen's language"), choices=[("uk", _("Ukrainian")), ("en", _("English"))],
                                 widget=forms.Select(attrs={"class": "form-select"}),
                                 help_text=_("The letter is in Danish first, then in this language"))

    @classmethod
    def for_person(cls, person, **kwargs):
        """Unbound, with the language the person's record suggests."""
        return cls(initial={"language": citizen_language(languages=person.languages, nationality=person.nationality,
                                                         interpreter_language=person.interpreter_language)}, **kwargs)
