"""Every API error as `{"errors": {"<field>": ["<what to do>"]}}`.

Validation errors name the field (nested fields as `members.0.birth_date`); other
errors use the key `detail`. Domain refusals from the services (Django's
ValidationError, a refused move) come out as 400s the same way.
"""
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from velkomst.housing.services import MoveRefused


def _flatten(data, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error data as flat `field.sub.0.name -> [messages]`."""
    if isinstance(data, dict):
        flat: dict[str, list[str]] = {}
        for key, value in data.items():
            name = "detail" if key == "non_field_errors" and not prefix else str(key)
            flat.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
        return flat
    if isinstance(data, list):
        if all(not isinstance(item, (dict, list)) for item in data):
            return {prefix or "detail": [str(item) for item in data]} if data else {}
        flat = {}
        for index, item in enumerate(data):
            flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix or "detail": [str(data)]}


def errors_body(errors: dict[str, list[str]], **extra) -> dict:
    return {"errors": errors, **extra}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(errors_body({("detail" if k == "__all__" else k): v for k, v in errors.items()}), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, MoveRefused):
        return Response(errors_body({"room": [refusal.message for refusal in exc.refusals]}), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found: check the id, and that your role may see it."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real server error: Django's 500 handling (no personal data in the page)
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        rows = getattr(exc, "rows", None)
        response.data = errors_body(_flatten(data), **({"rows": rows} if rows else {}))
    else:
        detail = data.get("detail", data) if isinstance(data, dict) else data
        response.data = errors_body({"detail": [str(detail)]})
    return response
