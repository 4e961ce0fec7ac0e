"""Documents through the API: the same scope, restricted kinds, content check, size limit and access log as the pages."""
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.api.conftest import token_for
from tests.documents.factories import docx_bytes, elf_program, jpeg_with_gps, make_document, pdf_bytes, upload
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog
from velkomst.documents.models import Document

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(timezone.make_aware(timezone.datetime(2026, 11, 26, 10, 0)))]


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
        return client
    return as_user


def test_the_list_is_scoped_hides_medical_documentation_and_is_logged_as_a_search(api, world):
    lease = make_document(tenancy=world.tenancy, kind="signed_lease")
    permit = make_document(person=world.mother, kind="residence_permit")
    medical = make_document(person=world.mother, kind="medical")
    make_document(tenancy=world.outsider_tenancy, kind="signed_lease")

    def ids(user, **query):
        response = api(user).get("/api/documents/", query)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids(world.staff[roles.HOUSING_HOST]) == {lease.pk}
    assert ids(world.staff[roles.RECEPTION]) == {permit.pk}
    assert ids(world.staff[roles.CASEWORKER], person=world.mother.pk) == {permit.pk, medical.pk}
    assert ids(world.staff[roles.CASEWORKER], person=world.mother.pk, kind="medical") == {medical.pk}
    log = AccessLog.objects.filter(action="search", user=world.staff[roles.CASEWORKER]).order_by("id").last()
    assert log.criteria == {"kind": "documents", "filters": {"person": world.mother.pk, "kind": "medical"}, "results": 1, "via": "api"}
    assert api(world.staff[roles.TEACHER]).get("/api/documents/").status_code == 403


def test_a_row_says_what_it_is_without_the_stored_name(api, world):
    make_document(person=world.mother, kind="residence_permit", original_name="kort.pdf", note="Forside")
    row = api(world.staff[roles.CASEWORKER]).get("/api/documents/").json()["results"][0]
    assert row["attached_to"] == "person" and row["person"] == world.mother.pk and row["original_name"] == "kort.pdf"
    assert row["file"] == f"/api/documents/{row['id']}/file/" and "stored_as" not in row


def test_a_host_uploads_a_photo_of_the_signed_lease_and_the_checklist_step_closes(api, world):
    response = api(world.staff[roles.HOUSING_HOST]).post("/api/documents/", {
        "tenancy": world.tenancy.pk, "kind": "signed_lease", "dated_on": "2026-11-25", "files": [upload("IMG_1.jpg", jpeg_with_gps())]},
        format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert [d["content_type"] for d in body["documents"]] == ["image/jpeg"] and body["documents"][0]["metadata_stripped"]
    assert body["closed"] == ["Indflytningstjekliste: “Lejekontrakt underskrevet” er sat til 25.11.2026."]
    world.tenancy.refresh_from_db()
    assert str(world.tenancy.lease_signed_on) == "2026-11-25"


def test_several_files_in_one_upload_and_the_date_defaults_to_today(api, world):
    response = api(world.staff[roles.CASEWORKER]).post("/api/documents/", {
        "case": world.case.pk, "kind": "certificate", "files": [upload("a.pdf", pdf_bytes()), upload("b.docx", docx_bytes())]},
        format="multipart")
    assert response.status_code == 201, response.content
    assert {d.case_id for d in Document.objects.all()} == {world.case.pk}
    assert {str(d.dated_on) for d in Document.objects.all()} == {"2026-11-26"}


@pytest.mark.parametrize("payload, field", [
    ({"kind": "other"}, "detail"),  # attached to nothing
    ({"kind": "other", "person": 1, "case": 1}, "detail"),  # to two things
    ({"kind": "unknown", "person": 1}, "kind"),
    ({"kind": "other", "person": 1, "dated_on": "2026-12-24"}, "dated_on"),
])
def test_bad_uploads_name_the_field(api, world, payload, field):
    payload = {**payload, **({"person": world.mother.pk} if "person" in payload else {}), **({"case": world.case.pk} if "case" in payload else {})}
    response = api(world.staff[roles.CASEWORKER]).post("/api/documents/", {**payload, "files": [upload("a.pdf", pdf_bytes())]},
                                                       format="multipart")
    assert response.status_code == 400 and field in response.json()["errors"], response.content
    assert not Document.objects.exists()


def test_an_executable_is_refused_by_name_and_nothing_is_stored(api, world):
    response = api(world.staff[roles.CASEWORKER]).post("/api/documents/", {
        "person": world.mother.pk, "kind": "other", "files": [upload("ok.pdf", pdf_bytes()), upload("faktura.pdf", elf_program())]},
        format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"]["files"] == ["Filen faktura.pdf er et program, ikke et dokument; den modtages ikke, uanset hvad den hedder."]
    assert not Document.objects.exists()


def test_a_file_cut_at_the_limit_while_received_is_refused_by_name(api, world, settings):
    settings.FILE_UPLOAD_LIMIT_BYTES = settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    big = pdf_bytes() + b"0" * (2 * 1024 * 1024)
    response = api(world.staff[roles.CASEWORKER]).post("/api/documents/", {
        "person": world.mother.pk, "kind": "other", "files": [upload("stor.pdf", big)]}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"]["files"] == ["Filen stor.pdf er større end 1 MB; skan den i lavere opløsning, eller del den op."]


def test_out_of_scope_targets_are_refused_as_unknown(api, world):
    host = api(world.staff[roles.HOUSING_HOST])
    for payload in ({"tenancy": world.outsider_tenancy.pk}, {"person": world.mother.pk}):
        response = host.post("/api/documents/", {**payload, "kind": "other", "files": [upload("a.pdf", pdf_bytes())]}, format="multipart")
        assert response.status_code == 400 and set(response.json()["errors"]) == set(payload)
    assert not Document.objects.exists()


def test_the_download_is_the_file_as_an_attachment_and_is_logged(api, world):
    document = make_document(person=world.mother, kind="residence_permit", content=pdf_bytes("API"))
    response = api(world.staff[roles.CASEWORKER]).get(f"/api/documents/{document.pk}/file/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf_bytes("API")
    assert response["Content-Disposition"].startswith("attachment;") and response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert AccessLog.objects.filter(action="export", object_type="document", person=world.mother).exists()
    medical = make_document(person=world.mother, kind="medical")
    refused = api(world.staff[roles.RECEPTION]).get(f"/api/documents/{medical.pk}/file/")
    assert refused.status_code == 404 and list(refused.json()["errors"]) == ["detail"]
