from django import template

from velkomst.accounts.permissions import can
from velkomst.programme.selectors import compliance_flag_counts

register = template.Library()


@register.inclusion_tag("programme/_compliance_link.html", takes_context=True)
def compliance_flags(context) -> dict:
    """The red and amber attendance flags of the user's programme participants, as a link (a fixed number of queries).
    The day is the view's: it puts ``today`` in the context (a tag does not read the clock)."""
    request = context.get("request")
    if request is None or not can(request.user, "manage_programme"):
        return {"flags": None}
    return {"flags": compliance_flag_counts(request.user, context["today"])}
