"""Municipal staff sign on through OpenID Connect: the whole code flow against a provider the tests start on 127.0.0.1."""
import http.client
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model

from tests.accounts.oidc_provider import TestProvider
from tests.conftest import make_staff
from velkomst.accounts import oidc, roles

CASEWORKERS = "KK-Velkomst-Sagsbehandler"
HOSTS = "KK-Velkomst-Indkvartering"


@pytest.fixture
def idp(settings, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with TestProvider() as provider:
        settings.OIDC_RP_CLIENT_ID = provider.client_id
        settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
        settings.OIDC_OP_ISSUER = provider.issuer
        settings.OIDC_GROUP_ROLES = ""
        yield provider


def provider_redirect(url: str) -> str:
    """GET a URL of the loopback provider without following the redirect; return where it sends the browser."""
    parts = urlparse(url)
    assert parts.hostname == "127.0.0.1"
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", f"{parts.path}?{parts.query}")
    response = connection.getresponse()
    assert response.status == 302
    location = response.getheader("Location")
    connection.close()
    return location


def sign_on(client, idp, **user):
    """Login page -> municipality's login -> provider -> back to Velkomst with a code; the callback's response."""
    idp.next_user = {"sub": user.get("preferred_username", "x"), "given_name": "Mette", "family_name": "Sørensen",
                     "email": "mette@kk.dk"} | user
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302 and start["Location"].startswith(idp.issuer + "/authorize?")
    back = provider_redirect(start["Location"])
    assert back.startswith("http://testserver/oidc/callback/?")
    return client.get(urlparse(back).path + "?" + urlparse(back).query)


@pytest.mark.django_db
def test_the_login_page_offers_the_municipality_s_login_only_when_configured(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert "/oidc/authenticate/" not in client.get("/login/").content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404
    settings.OIDC_RP_CLIENT_ID = "velkomst"
    html = client.get("/login/").content.decode()
    assert "/oidc/authenticate/" in html and "Log ind med kommunens login" in html


@pytest.mark.django_db
def test_a_new_member_of_staff_signs_on_and_gets_the_role_of_their_group(client, idp, staff):
    response = sign_on(client, idp, preferred_username="ab12cd", groups=["Alle-ansatte", CASEWORKERS])
    assert response.status_code == 302 and response["Location"] == "/"
    user = get_user_model().objects.get(username="ab12cd")
    assert user.role == roles.CASEWORKER
    assert (user.first_name, user.email) == ("Mette", "mette@kk.dk")
    assert not user.has_usable_password()  # the municipality's login only
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get("/", follow=True).status_code == 200
    # The provider was asked through its discovery document, with a PKCE challenge.
    assert "/.well-known/openid-configuration" in idp.requests and "/jwks" in idp.requests


@pytest.mark.django_db
def test_an_existing_user_s_role_follows_the_groups_at_the_next_sign_on(client, idp, staff):
    user = make_staff("ab12cd", roles.CASEWORKER)
    sign_on(client, idp, preferred_username="ab12cd", groups=[HOSTS])
    user.refresh_from_db()
    assert get_user_model().objects.get(pk=user.pk).role == roles.HOUSING_HOST
    assert list(user.groups.values_list("name", flat=True)) == [roles.HOUSING_HOST]  # one role, not two
    assert get_user_model().objects.filter(username="ab12cd").count() == 1


@pytest.mark.django_db
def test_someone_in_no_known_group_is_refused_with_a_page_that_says_whom_to_ask(client, idp, staff):
    response = sign_on(client, idp, preferred_username="zz99zz", groups=["Alle-ansatte"])
    assert response.status_code == 403
    html = response.content.decode()
    assert "ikke i nogen af Velkomsts brugergrupper" in html
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(username="zz99zz").exists()


@pytest.mark.django_db
def test_an_existing_user_removed_from_every_group_is_refused_and_keeps_no_new_role(client, idp, staff):
    make_staff("ab12cd", roles.CASEWORKER)
    response = sign_on(client, idp, preferred_username="ab12cd", groups=[])
    assert response.status_code == 403 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_tampered_id_token_signature_is_refused(client, idp, staff):
    idp.tamper = True
    response = sign_on(client, idp, preferred_username="ab12cd", groups=[CASEWORKERS])
    assert response.status_code == 403
    assert "kunne ikke bekræftes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(username="ab12cd").exists()


@pytest.mark.django_db
def test_a_token_for_another_client_or_from_another_issuer_is_refused(idp):
    from django.core.exceptions import SuspiciousOperation

    backend = oidc.StaffOIDCBackend()
    assert backend._verify_jws(_signed(idp, aud=idp.client_id), _jwk(idp))["aud"] == idp.client_id
    with pytest.raises(SuspiciousOperation):
        backend._verify_jws(_signed(idp, aud="another-system"), _jwk(idp))
    with pytest.raises(SuspiciousOperation):
        backend._verify_jws(_signed(idp, aud=idp.client_id, iss="http://127.0.0.1:1"), _jwk(idp))
    with pytest.raises(SuspiciousOperation):
        backend._verify_jws(_signed(idp, aud=idp.client_id, exp=1), _jwk(idp))


def _signed(idp, **claims):
    import time

    import jwt

    now = int(time.time())
    return jwt.encode({"iss": idp.issuer, "iat": 1, "exp": now + 60} | claims, idp.key, algorithm="RS256", headers={"kid": "k"})


def _jwk(idp):
    import jwt

    return jwt.PyJWK(idp.jwks()["keys"][0])


def test_the_group_to_role_mapping_reads_from_the_environment_with_defaults():
    assert oidc.parse_group_roles("")["KK-Velkomst-Sagsbehandler"] == roles.CASEWORKER
    mapping = oidc.parse_group_roles("Team-Modtagelse=reception, Team-Admin=admin")
    assert mapping == {"Team-Modtagelse": roles.RECEPTION, "Team-Admin": roles.ADMIN}
    assert oidc.role_for_groups(["Team-Admin", "Team-Modtagelse"], mapping) == roles.RECEPTION  # the mapping's order decides
    assert oidc.role_for_groups(["Other"], mapping) is None
    assert oidc.role_for_groups(None, mapping) is None
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        oidc.parse_group_roles("Team=superuser")
