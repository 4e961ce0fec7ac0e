"""The idle timeout of a staff session, without a database write on every request."""
import time

from django.conf import settings

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
