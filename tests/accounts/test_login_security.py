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


def test_production_refuses_the_demo_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    env["SECRET_KEY"] = "velkomst-demo-only-not-secret-7c1f0e9a2b4d"
    result = run_manage("check", env=env)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
