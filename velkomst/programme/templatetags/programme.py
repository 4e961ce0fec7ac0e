from django import template

from velkomst.accounts.permissions import can

register = template.Library()


@register.inclusion_tag("programme/_compliance_flags.html", takes_context=True)
def compliance_flags(context) -> dict:
    """The place of the user's red and amber attendance flags, for those who follow programme participants: a link to
    the flags' page, which the browser replaces with the counts once they are counted (`views.compliance_counts`).
    No query here: the page that shows it does not wait for the counting."""
    request = context.get("request")
    return {"show": request is not None and can(request.user, "manage_programme")}
