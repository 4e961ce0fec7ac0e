"""The project's select widget template (velkomst/templates/django/forms/widgets/select.html) writes what Django's
writes: it only leaves out the include per option that made a select of 240 caseworkers slow to render."""
import re

from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer


class ChoicesForm(forms.Form):
    single = forms.ChoiceField(choices=[("", "—"), (1, "Ann & <b>"), ("A group", [(2, "x"), (3, "y")])],
                               widget=forms.Select(attrs={"class": "form-select", "data-note": 'say "hi"'}))
    several = forms.MultipleChoiceField(choices=[(1, "p"), (2, "q"), (3, "r")])
    maybe = forms.NullBooleanField()


def _markup(form) -> str:
    """The form's HTML without the blank lines and indentation, which differ (Django's option template ends in a newline)."""
    return re.sub(r"\s*\n\s*", "\n", form.as_div()).strip()


def test_the_project_renders_selects_with_its_own_template():
    template = get_default_renderer().get_template("django/forms/widgets/select.html")
    assert template.origin.name.endswith("velkomst/templates/django/forms/widgets/select.html")


def test_each_select_reads_as_django_s_own_bound_or_not():
    for data in (None, {"single": "3", "several": ["1", "3"], "maybe": "true"}, {"single": "1", "maybe": "false"}):
        ours = ChoicesForm(data, renderer=get_default_renderer())
        django_s = ChoicesForm(data, renderer=DjangoTemplates())
        assert _markup(ours) == _markup(django_s)
        assert "<optgroup" in _markup(ours) and "Ann &amp; &lt;b&gt;" in _markup(ours)
