from django import template

from velkomst.accounts import oidc

register = template.Library()


@register.simple_tag
def sso_enabled() -> bool:
    """Whether the municipality's single sign-on is configured (OIDC_RP_CLIENT_ID is set)."""
    return oidc.enabled()
