"""What every response gets, whatever the page: no copies of personal data in caches, and a clear "try again"
when the database is momentarily busy."""
from django.db import OperationalError
from django.shortcuts import render
from django.utils.cache import patch_cache_control

# SQLite: another writer held the lock longer than the busy timeout. PostgreSQL: a serialisation failure or deadlock.
BUSY_SIGNS = ("database is locked", "database table is locked", "could not serialize access", "deadlock detected")


class NoStoreMiddleware:
    """Every page, API answer and download may name a person, so none is kept by a browser or a proxy
    (static files are served before this, by WhiteNoise, and stay cacheable)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response


class DatabaseBusyMiddleware:
    """A write that could not get the database in time is answered "try again" (503), never a server error;
    the transaction was rolled back, so nothing is half-saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError) and any(sign in str(exception).lower() for sign in BUSY_SIGNS):
            response = render(request, "busy.html", status=503)
            response["Retry-After"] = "2"
            return response
        return None
