"""``{% load formats %}``: the formats helpers as template filters (registered in settings.TEMPLATES' libraries)."""
from django import template

from velkomst import formats

register = template.Library()


@register.filter
def plural_number(value) -> int:
    """The count a ``{% blocktranslate count %}`` chooses its form by (see `formats.plural_number`)."""
    return formats.plural_number(value)


@register.filter
def number(value) -> str:
    """1.600, 37,5, 30 (see `formats.number_text`); an empty value stays empty."""
    if value is None or value == "":
        return ""
    return formats.number_text(value)
