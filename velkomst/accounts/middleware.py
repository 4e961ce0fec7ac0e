"""The idle timeout of a staff session, without a database write on every request; the lock-out of an address."""
import time
from datetime import timedelta

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

REFRESH_KEY = "_refreshed"


def now_seconds() -> int:
    return int(time.time())


class SessionIdleMiddleware:
    """Slide a logged-in session's expiry (`SESSION_COOKIE_AGE` idle) at most once per `SESSION_REFRESH_SECONDS`.

    Saving the session on every request (Django's `SESSION_SAVE_EVERY_REQUEST`) costs a write per page; marking it
    changed once a minute keeps the same idle timeout, give or take that minute.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = now_seconds()
            if now - request.session.get(REFRESH_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session[REFRESH_KEY] = now  # changed: saved with a new expiry on the way out
        return self.get_response(request)


def mark_refreshed_at_login(sender, request, user, **kwargs):
    """Login writes the session anyway: the next minute of requests need not (connected to `user_logged_in`)."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESH_KEY] = now_seconds()


class AddressLockoutMiddleware:
    """Many failed logins from one address, whatever the usernames, stop logins from that address for the
    cool-off time (django-axes locks one username from one address after five; this catches someone trying
    many usernames). The limit is higher than one user's, so a shared office address is not locked by a few typos."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == reverse("login") and self._address_is_locked(request):
            return render(request, "registration/locked_out.html", {"address_locked": True}, status=429)
        return self.get_response(request)

    @staticmethod
    def _address_is_locked(request) -> bool:
        since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
        failures = (AccessAttempt.objects.filter(ip_address=get_client_ip_address(request), attempt_time__gte=since)
                    .aggregate(n=Sum("failures_since_start"))["n"] or 0)
        return failures >= settings.LOGIN_ADDRESS_FAILURE_LIMIT
