"""A document handed to the browser or an API client: always as an attachment, never cached, never sniffed."""
import logging

from django.http import FileResponse, Http404

from velkomst.documents.models import Document
from velkomst.documents.selectors import open_file

log = logging.getLogger(__name__)


def document_response(document: Document) -> FileResponse:
    try:
        handle = open_file(document)
    except FileNotFoundError:
        log.error("documents: the stored file of document %s is missing", document.pk)
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=document.download_name, content_type=document.content_type)
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    # Were it ever opened in place (it is not: attachment), it could run nothing and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
