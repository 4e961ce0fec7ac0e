"""Login: lockout after repeated failures, session expiry, secure cookies in production, security headers."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_staff

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client):
    make_staff("mette", "caseworker")
    for _ in range(5):
        response = client.post("/login/", {"username": "mette", "password": "wrong-password"})
    assert response.status_code in (403, 429)
    response = client.post("/login/", {"username": "mette", "password": "test-password-123"})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_right_password_after_a_few_failures_logs_in(client):
    make_staff("mette", "caseworker")
    for _ in range(3):
        client.post("/login/", {"username": "mette", "password": "wrong-password"})
    response = client.post("/login/", {"username": "mette", "password": "test-password-123"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_the_session_expires_after_an_hour_idle_and_at_browser_close(client, settings, monkeypatch):
    from django.contrib.sessions.models import Session

    from velkomst.accounts import middleware

    assert settings.SESSION_COOKIE_AGE <= 60 * 60 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    clock = {"now": 1_800_000_000}
    monkeypatch.setattr(middleware, "now_seconds", lambda: clock["now"])
    client.force_login(make_staff("mette", "caseworker"))

    def expiry():
        return Session.objects.get(session_key=client.session.session_key).expire_date

    client.get("/my-cases/")
    first = expiry()
    clock["now"] += 30  # within the refresh interval: no write, the expiry stays
    client.get("/my-cases/")
    assert expiry() == first
    clock["now"] += settings.SESSION_REFRESH_SECONDS  # a minute later the idle hour starts again
    client.get("/my-cases/")
    assert expiry() > first
    # An expired session is a logged-out one.
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=first.replace(year=2000))
    assert client.get("/my-cases/").status_code == 302


@pytest.mark.django_db
def test_capabilities_come_from_the_role_table_without_permission_queries(django_assert_max_num_queries):
    from django.contrib.auth.models import Permission

    from velkomst.accounts import roles

    user = make_staff("mette", "caseworker")
    user.user_permissions.add(Permission.objects.get(codename="browse_access_log"))  # not a caseworker's: ignored
    user = type(user).objects.get(pk=user.pk)
    with django_assert_max_num_queries(1):  # the role (the user's group), once
        allowed = {name for name in roles.CAPABILITIES if user.has_perm(f"accounts.{name}")}
    assert allowed == set(roles.capabilities_of(roles.CASEWORKER))


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_and_security_headers(client):
    response = client.get("/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"

    assert "unsafe-inline" not in policy and "style-src 'self'" in policy  # no inline styles (issue 14: 15)


@pytest.mark.django_db
@pytest.mark.parametrize("role, url", [
    ("caseworker", "/my-cases/"), ("caseworker", "/api/persons/"), ("manager", "/housing/export.csv"),
    ("manager", "/housing/export.xlsx"), ("housing_host", "/housing/"), ("admin", "/audit/"),
])
def test_pages_api_answers_and_downloads_are_never_kept_by_a_browser_or_proxy(client_as, staff, role, url):
    """Each of them may name a person: `Cache-Control: no-store, private` on every one (issue 14: 15)."""
    response = client_as(staff[role]).get(url)
    assert response.status_code == 200, url
    cache = response["Cache-Control"]
    assert "no-store" in cache and "private" in cache


PRODUCTION = {
    "DEBUG": "false",
    "HTTPS": "true",
    "SECRET_KEY": "k" * 20 + "a-long-random-value-for-the-deploy-check-9f8e7d6c5b4a",
    "ALLOWED_HOSTS": "velkomst.kk.dk",
}


def run_manage(*args, env):
    # The browser tests allow sync ORM calls in their event loop; a deployment never does.
    base = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True)


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_there_is_no_shared_demo_key_and_the_deploy_check_asks_for_one_in_the_environment():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    base = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                            env={**base, **env}, capture_output=True, text=True)
    assert result.returncode != 0 and "velkomst.W001" in result.stderr + result.stdout
    assert "velkomst-demo-only" not in (ROOT / "velkomst" / "settings.py").read_text()


def test_every_installation_makes_its_own_random_key_once(tmp_path):
    from velkomst.settings import installation_secret_key

    first = installation_secret_key(tmp_path / "var" / "secret-key")
    assert len(first) >= 50 and installation_secret_key(tmp_path / "var" / "secret-key") == first
    assert installation_secret_key(tmp_path / "other" / "secret-key") != first
    assert oct((tmp_path / "var" / "secret-key").stat().st_mode)[-3:] == "600"


def test_without_https_false_the_settings_are_those_of_production():
    env = {"DEBUG": "false", "SECRET_KEY": PRODUCTION["SECRET_KEY"]}
    base = {k: v for k, v in os.environ.items() if k not in ("HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'velkomst.settings'; django.setup(); "
            "from django.conf import settings as s; "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True)
    assert result.stdout.split() == ["True", "True", "True", "True"], result.stderr


@pytest.mark.django_db
def test_many_usernames_tried_from_one_address_stop_logins_from_it(client, settings):
    make_staff("mette", "caseworker")
    for attempt in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        client.post("/login/", {"username": f"guess{attempt}", "password": "wrong-password"})
    response = client.post("/login/", {"username": "mette", "password": "test-password-123"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_few_typos_by_colleagues_on_one_address_lock_no_one_else(client, settings):
    make_staff("mette", "caseworker")
    for attempt in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - 1):
        client.post("/login/", {"username": f"colleague{attempt}", "password": "wrong-password"})
    assert client.post("/login/", {"username": "mette", "password": "test-password-123"}).status_code == 302
