"""The one upload handler: a file past the largest limit is cut while it is received (at most the limit is kept), the
request says which, and each form refuses it with its own limit before anything is stored."""
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from velkomst import spreadsheets, uploads
from velkomst.reception.models import ReferralImport


def parse(files: dict, limit: int):
    """Parse a multipart request through the configured handlers, as Django does for request.FILES."""
    request = RequestFactory().post("/", data=files)
    handler = request.upload_handlers[0]
    assert isinstance(handler, uploads.LimitedUploadHandler)
    handler.limit = limit
    return request, request.FILES


def test_the_handler_is_the_first_and_its_limit_is_the_largest_of_every_upload():
    assert settings.FILE_UPLOAD_HANDLERS[0] == "velkomst.uploads.LimitedUploadHandler"
    assert uploads.upload_limit() >= settings.DOCUMENT_MAX_BYTES
    assert uploads.upload_limit() >= spreadsheets.MAX_BYTES  # the referral list


def test_a_file_past_the_limit_is_cut_one_byte_over_and_the_request_names_it():
    request, files = parse({"big": SimpleUploadedFile("stor.pdf", b"x" * 50_000), "small": SimpleUploadedFile("lille.pdf", b"y" * 100)},
                           limit=10_000)
    assert files["big"].size == 10_001 and len(files["big"].read()) == 10_001
    assert files["small"].size == 100 and files["small"].read() == b"y" * 100
    assert uploads.files_cut(request) == {"stor.pdf"}


def test_a_file_within_the_limit_passes_whole():
    request, files = parse({"file": SimpleUploadedFile("a.pdf", b"z" * 10_000)}, limit=10_000)
    assert files["file"].size == 10_000 and uploads.files_cut(request) == set()


@pytest.mark.django_db
def test_the_referral_list_upload_is_cut_too_and_its_own_preview_says_its_5_mb_limit(client_as, staff, settings):
    settings.FILE_UPLOAD_LIMIT_BYTES = 6 * 1024 * 1024
    huge = SimpleUploadedFile("henvisninger.csv", b"first_name;last_name\n" + b"a;b\n" * (2 * 1024 * 1024))  # 8 MB
    response = client_as(staff["reception"]).post("/reception/import/", {"file": huge}, follow=True)
    assert "Filen er større end 5 MB" in response.content.decode()  # the referral page's own check, as it was
    assert not ReferralImport.objects.exists()  # refused by its size before anything was stored
