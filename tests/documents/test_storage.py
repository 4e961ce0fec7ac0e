"""The documents' storage: a private folder by default, an S3-compatible object store with DOCUMENTS_S3_BUCKET; tested
against a local S3-compatible server (moto's, in this process, on 127.0.0.1) through the pages and retention."""
import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import boto3
import pytest
from django.utils import timezone

from tests.documents.factories import jpeg_with_gps, pdf_bytes, upload
from tests.retention.test_retention import closed_case
from velkomst.accounts import roles
from velkomst.documents import services
from velkomst.documents.models import Document
from velkomst.documents.selectors import storage
from velkomst.retention import services as retention

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "velkomst-documents"


def settings_in_a_fresh_process(**environment) -> dict:
    """STORAGES["documents"] and the static folders, as settings.py reads them from this environment."""
    code = ("import json, velkomst.settings as s; print(json.dumps({'documents': s.STORAGES['documents'], "
            "'static_root': str(s.STATIC_ROOT), 'static_dirs': [str(d if isinstance(d, os.PathLike) else d[1]) for d in s.STATICFILES_DIRS]}))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCUMENTS_")} | {"SECRET_KEY": "x" * 50, **environment}
    result = subprocess.run([sys.executable, "-c", f"import os; {code}"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_by_default_documents_go_to_a_private_folder_outside_the_static_files():
    read = settings_in_a_fresh_process()
    documents = read["documents"]
    assert documents["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    folder = Path(documents["OPTIONS"]["location"])
    assert folder == ROOT / "var" / "documents" and documents["OPTIONS"]["file_permissions_mode"] == 0o600
    for static in [read["static_root"], *read["static_dirs"]]:
        assert not folder.is_relative_to(static) and not Path(static).is_relative_to(folder)
    assert "base_url" not in documents["OPTIONS"]  # nothing maps a URL onto the folder: every download passes a view


def test_with_a_bucket_documents_go_to_an_s3_compatible_store_privately():
    documents = settings_in_a_fresh_process(
        DOCUMENTS_S3_BUCKET="kk-velkomst", DOCUMENTS_S3_ENDPOINT_URL="https://s3.example.invalid", DOCUMENTS_S3_REGION="eu-north-1",
        DOCUMENTS_S3_ACCESS_KEY_ID="AKIA-TEST", DOCUMENTS_S3_SECRET_ACCESS_KEY="secret-test")["documents"]
    assert documents["BACKEND"] == "storages.backends.s3.S3Storage"
    assert documents["OPTIONS"] == {
        "bucket_name": "kk-velkomst", "endpoint_url": "https://s3.example.invalid", "region_name": "eu-north-1",
        "access_key": "AKIA-TEST", "secret_key": "secret-test", "location": "documents", "default_acl": "private",
        "querystring_auth": True, "file_overwrite": False, "object_parameters": {"ServerSideEncryption": "AES256"}}


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3-compatible server, in this process, on a free port of 127.0.0.1 (no traffic leaves the machine)."""
    from moto.server import ThreadedMotoServer  # noqa: I001 - imports Flask: only when this module's S3 tests run

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_documents(s3_server, settings):
    credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "eu-north-1"}
    client = boto3.client("s3", endpoint_url=s3_server, **credentials)
    if BUCKET not in [b["Name"] for b in client.list_buckets()["Buckets"]]:
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"})
    settings.STORAGES = {**settings.STORAGES, "documents": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": BUCKET, "endpoint_url": s3_server, "region_name": "eu-north-1", "access_key": "testing", "secret_key": "testing",
        "location": "documents", "default_acl": "private", "querystring_auth": True, "file_overwrite": False,
        "object_parameters": {"ServerSideEncryption": "AES256"}}}}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


def keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


@pytest.mark.django_db
def test_uploads_and_downloads_go_through_the_s3_compatible_store(s3_documents, client_as, world):
    assert storage().__class__.__name__ == "S3Storage"
    client = client_as(world.staff[roles.HOUSING_HOST])
    response = client.post(f"/documents/tenancies/{world.tenancy.pk}/upload/", {
        "document-kind": "signed_lease", "document-dated_on": "20.11.2026", "document-files": [upload("IMG_7.jpg", jpeg_with_gps())]})
    assert response.status_code == 302
    document = Document.objects.get()
    assert keys(s3_documents) == {f"documents/{document.stored_as}"}
    stored = s3_documents.get_object(Bucket=BUCKET, Key=f"documents/{document.stored_as}")
    assert stored["ServerSideEncryption"] == "AES256" and b"iPhone" not in stored["Body"].read()
    acl = s3_documents.get_object_acl(Bucket=BUCKET, Key=f"documents/{document.stored_as}")
    assert not [g for g in acl["Grants"] if g["Grantee"].get("URI", "").endswith("AllUsers")]  # private
    download = client.get(f"/documents/{document.pk}/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == stored_bytes(s3_documents, document)


def stored_bytes(client, document) -> bytes:
    return client.get_object(Bucket=BUCKET, Key=f"documents/{document.stored_as}")["Body"].read()


@pytest.mark.django_db
def test_retention_deletes_the_objects_from_the_s3_compatible_store(s3_documents, caseworker, tmp_path, settings,
                                                                  django_capture_on_commit_callbacks):
    settings.RETENTION_ARCHIVE_DIR = tmp_path
    case = closed_case(closed_on=date(2025, 5, 1))
    client_documents = []
    outcome = services.documents_upload(by=caseworker, target="case", obj=case, kind="certificate", dated_on=date(2026, 1, 5),
                                        files=[services.Upload("bevis.pdf", pdf_bytes("Bevis"))], today=date(2026, 1, 5))
    client_documents += outcome.documents
    assert keys(s3_documents) == {f"documents/{client_documents[0].stored_as}"}
    with django_capture_on_commit_callbacks(execute=True):
        applied = retention.retention_apply(as_of=date(2031, 6, 1), now=timezone.make_aware(datetime(2031, 6, 1, 2)))
    assert applied.documents == 1 and keys(s3_documents) == set()
    assert settings.RETENTION_ARCHIVE_DIR == tmp_path and retention.archive_verify(applied.archive)["summary"]["documents"] == 1
