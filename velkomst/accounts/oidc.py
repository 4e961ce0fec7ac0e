"""Single sign-on for municipal staff through OpenID Connect (mozilla-django-oidc).

Off unless `OIDC_RP_CLIENT_ID` is set; local accounts keep working beside it (the demo logins).
The identity provider's groups claim decides the role (`OIDC_GROUP_ROLES`, one role per user): at
every sign-on the user's role is set from the groups, so a change in the municipal directory takes
effect at the next login. A user in no known group is refused with a page saying whom to ask.

The provider's endpoints come from `OIDC_OP_ISSUER` + `/.well-known/openid-configuration` (fetched
once per process), unless each endpoint is set on its own. The id_token must be signed (RS256 by
default) by a key of the provider's JWKS, issued by that issuer, for this client, and not expired.
"""
import functools
import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from velkomst.accounts import roles

logger = logging.getLogger(__name__)

# The directory groups of Københavns Kommune's Velkomst staff, unless OIDC_GROUP_ROLES says otherwise.
DEFAULT_GROUP_ROLES = {
    "KK-Velkomst-Sagsbehandler": roles.CASEWORKER,
    "KK-Velkomst-Modtagelse": roles.RECEPTION,
    "KK-Velkomst-Indkvartering": roles.HOUSING_HOST,
    "KK-Velkomst-Virksomhedskonsulent": roles.COMPANY_CONSULTANT,
    "KK-Velkomst-Underviser": roles.TEACHER,
    "KK-Velkomst-Leder": roles.MANAGER,
    "KK-Velkomst-Administrator": roles.ADMIN,
}

ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def parse_group_roles(text) -> dict[str, str]:
    """ "Group-A=caseworker,Group-B=admin" -> {"Group-A": "caseworker", ...}; the order is kept (the first match wins).

    An empty text gives the defaults; an unknown role is a configuration error, not a silent refusal.
    """
    if isinstance(text, dict):
        return text
    if not text.strip():
        return dict(DEFAULT_GROUP_ROLES)
    mapping = {}
    for pair in text.split(","):
        if not pair.strip():
            continue
        group, sep, role = pair.rpartition("=")
        group, role = group.strip(), role.strip()
        if not sep or not group or role not in roles.ROLES:
            raise ImproperlyConfigured(f"OIDC_GROUP_ROLES: {pair.strip()!r} is not GROUP=ROLE with a role of {', '.join(roles.ROLES)}")
        mapping[group] = role
    return mapping


def role_for_groups(groups, mapping: dict[str, str]) -> str | None:
    """The role of the first mapped group the user is in, in the mapping's order; None when no group is known."""
    if isinstance(groups, str):
        groups = [groups]
    member_of = {str(g) for g in groups or [] if g is not None}
    return next((role for group, role in mapping.items() if group in member_of), None)


@functools.cache
def _discovery(issuer: str) -> dict:
    response = requests.get(issuer.rstrip("/") + "/.well-known/openid-configuration", timeout=getattr(settings, "OIDC_TIMEOUT", 10))
    response.raise_for_status()
    return response.json()


def endpoint(name: str) -> str:
    """An endpoint set on its own, or the one the issuer's discovery document names."""
    explicit = getattr(settings, name, "")
    if explicit:
        return explicit
    issuer = getattr(settings, "OIDC_OP_ISSUER", "")
    if not issuer:
        raise ImproperlyConfigured(f"Set OIDC_OP_ISSUER or {name}.")
    return _discovery(issuer)[ENDPOINTS[name]]


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


class RefusedSignOn(Exception):
    """The identity provider vouched for the user, but no group of theirs gives a role in Velkomst."""


class StaffOIDCBackend(OIDCAuthenticationBackend):
    """Finds or creates the staff member by the username claim and sets the one role their groups give."""

    def __init__(self, *args, **kwargs):
        # No network and no settings checks here: Django builds every backend for every local login too.
        self.UserModel = get_user_model()

    # The endpoints and keys are read when a sign-on happens, so discovery and test settings apply.
    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: endpoint("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: endpoint("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: endpoint("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        if not enabled():
            return None
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload, key):
        """Signature, algorithm and expiry (the library), plus the issuer and the audience (not checked by the library)."""
        try:
            claims = super()._verify_jws(payload, key)
        except jwt.InvalidTokenError as error:  # expired, not yet valid, ...: the library lets these through
            raise SuspiciousOperation(f"id_token refused: {type(error).__name__}") from error
        issuer = getattr(settings, "OIDC_OP_ISSUER", "")
        try:
            jwt.decode(payload, key, algorithms=[self.OIDC_RP_SIGN_ALGO], audience=self.OIDC_RP_CLIENT_ID,
                       issuer=issuer or None, options={"verify_iss": bool(issuer)})
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"id_token refused: {type(error).__name__}") from error
        return claims

    def get_user(self, user_id):
        """The session's user, unless the account was deactivated since (as Django's own backend does)."""
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    def verify_claims(self, claims):
        return bool(claims.get(settings.OIDC_USERNAME_CLAIM))

    def _username(self, claims) -> str:
        return str(claims[settings.OIDC_USERNAME_CLAIM])[:150]

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(username=self._username(claims))

    def _role(self, claims) -> str:
        role = role_for_groups(claims.get(settings.OIDC_GROUPS_CLAIM), parse_group_roles(settings.OIDC_GROUP_ROLES))
        if role is None:
            self.request.velkomst_sso_refused = True
            raise RefusedSignOn
        return role

    @transaction.atomic
    def create_user(self, claims):
        role = self._role(claims)
        user = self.UserModel(username=self._username(claims))
        user.set_unusable_password()  # signs on through the municipality only
        self._copy_claims(user, claims)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        return self.UserModel.objects.get(pk=user.pk)

    @transaction.atomic
    def update_user(self, user, claims):
        role = self._role(claims)
        self._copy_claims(user, claims)
        user.save(update_fields=["first_name", "last_name", "email"])
        # One role per user: the role groups are replaced; any non-role group stays.
        other_groups = user.groups.exclude(name__in=roles.ROLES)
        user.groups.set([*other_groups, Group.objects.get(name=role)])
        return self.UserModel.objects.get(pk=user.pk)  # fresh: no stale permission cache

    @staticmethod
    def _copy_claims(user, claims):
        user.first_name = str(claims.get("given_name") or user.first_name)[:150]
        user.last_name = str(claims.get("family_name") or user.last_name)[:150]
        user.email = str(claims.get("email") or user.email)[:254]

    def get_or_create_user(self, access_token, id_token, payload):
        try:
            return super().get_or_create_user(access_token, id_token, payload)
        except RefusedSignOn:
            return None


class SignOnStart(OIDCAuthenticationRequestView):
    """Sends the browser to the municipality's login (404 while single sign-on is not configured)."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = getattr(settings, "OIDC_RP_CLIENT_ID", "")

    def get(self, request):
        if not enabled():
            raise Http404
        self.OIDC_OP_AUTH_ENDPOINT = endpoint("OIDC_OP_AUTHORIZATION_ENDPOINT")
        return super().get(request)


class SignOnReturn(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code; a refusal gets a page that says why, never a bare error."""

    def get(self, request):
        if not enabled():
            raise Http404
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException) as error:
            # No claims or tokens in the log line: the kind of failure only.
            logger.warning("single sign-on refused: %s", type(error).__name__)
            return self.refused("invalid")

    def login_failure(self):
        return self.refused("no_role" if getattr(self.request, "velkomst_sso_refused", False) else "failed")

    def refused(self, reason: str):
        return render(self.request, "accounts/sso_refused.html", {"reason": reason}, status=403)


urlpatterns = [
    path("authenticate/", login_not_required(SignOnStart.as_view()), name="oidc_authentication_init"),
    path("callback/", login_not_required(SignOnReturn.as_view()), name="oidc_authentication_callback"),
]
