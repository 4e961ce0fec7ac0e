"""What every app's views share about forms."""
from django.core.exceptions import ValidationError


def attach_errors(form, error: ValidationError) -> None:
    """Put a service's field errors on the form, so each message stands beside its field."""
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)
