"""A staff member with a temporary password chooses their own before anything else."""
from django.shortcuts import redirect
from django.urls import reverse

# The pages such a staff member may still reach: the change itself, logging out and the language switch.
ALLOWED = ("staff:password_change", "logout", "set_language")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "password_must_change", False):
            if request.path_info not in {reverse(name) for name in ALLOWED}:
                return redirect("staff:password_change")
        return self.get_response(request)
