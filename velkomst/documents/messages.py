"""The refusals of an upload in words, each naming the file and why (the reason codes of `documents.content`)."""
from django.conf import settings
from django.utils.translation import gettext as _

from velkomst.documents import content


def max_megabytes() -> int:
    return settings.DOCUMENT_MAX_BYTES // (1024 * 1024)


def too_large_text(name: str) -> str:
    return _("The file %(name)s is larger than %(mb)d MB; scan it at a lower resolution or split it.") % {"name": name, "mb": max_megabytes()}


def refusal_text(name: str, refused: content.Refused) -> str:
    reason = refused.reason
    if reason == content.EMPTY:
        return _("The file %(name)s is empty.") % {"name": name}
    if reason == content.EXECUTABLE:
        return _("The file %(name)s is a program, not a document; it is not taken, whatever its name says.") % {"name": name}
    if reason == content.NOT_AN_IMAGE:
        return _("The file %(name)s cannot be read as an image; take the photo again or save it as JPEG or PNG.") % {"name": name}
    if reason == content.TOO_MANY_PIXELS:
        return _("The image %(name)s has too many pixels; save it at a lower resolution.") % {"name": name}
    if reason == content.NOT_A_DOCX:
        return _("The file %(name)s is not a Word document (.docx); save it as PDF or DOCX.") % {"name": name}
    if reason == content.MACROS:
        return _("The file %(name)s is a Word document with macros; save it as PDF or as a DOCX without macros.") % {"name": name}
    if refused.detected:
        return _("The file %(name)s is not a PDF, JPEG, PNG, HEIC or DOCX file: its content is %(detected)s. Save it as one of those.") % {
            "name": name, "detected": refused.detected.upper()}
    return _("The file %(name)s is not a PDF, JPEG, PNG, HEIC or DOCX file by its content. Save it as one of those.") % {"name": name}
