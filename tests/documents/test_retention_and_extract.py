"""Documents follow their record: retention puts their files in the archive package and deletes them from the storage;
the subject access extract lists them (JSON, PDF) and holds their files (ZIP)."""
import hashlib
import io
import json
import zipfile
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from tests.documents.conftest import stored_files
from tests.documents.factories import jpeg_with_gps, make_document, pdf_bytes
from tests.factories import make_person
from tests.housing.factories import make_room
from tests.retention.test_retention import closed_case
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog
from velkomst.documents import services
from velkomst.documents.models import Document
from velkomst.housing.models import Incident, Tenancy
from velkomst.people.models import Person
from velkomst.retention import services as retention

AS_OF = date(2031, 6, 1)
NOW = timezone.make_aware(datetime(2031, 6, 1, 2, 30))

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive_dir(tmp_path, settings):
    settings.RETENTION_ARCHIVE_DIR = tmp_path / "archive"
    return settings.RETENTION_ARCHIVE_DIR


@pytest.fixture
def old_record(caseworker):
    """A citizen whose case closed six years before AS_OF, with documents on the person, the case and the tenancy, and
    a younger citizen whose documents must stay."""
    person = make_person(first_name="Olena", last_name="Arkivova")
    case = closed_case(closed_on=date(2025, 5, 1), person=person)
    tenancy = Tenancy.objects.create(household=case.household, room=make_room(beds=1), moved_in_on=date(2022, 4, 1),
                                     moved_out_on=date(2025, 5, 1), move_out_reason="other_municipality", persons=1, household_type="single")
    docs = [
        make_document(person=person, kind="residence_permit", content=pdf_bytes("Opholdskort")),
        make_document(case=case, kind="medical", content=pdf_bytes("Lægeerklæring")),
        make_document(tenancy=tenancy, kind="signed_lease", content=pdf_bytes("Lejekontrakt")),
    ]
    young = closed_case(closed_on=date(2030, 1, 1), person=make_person(first_name="Ny", last_name="Sag"))
    kept = make_document(case=young, kind="certificate")
    return {"person": person, "case": case, "documents": docs, "kept": kept}


def test_retention_archives_the_files_then_deletes_them_from_the_storage(old_record, archive_dir, documents_storage,
                                                                         django_capture_on_commit_callbacks):
    docs = old_record["documents"]
    names = {d.stored_as for d in docs}
    assert names <= stored_files(documents_storage)
    assert retention.due(as_of=AS_OF).documents == 3
    with django_capture_on_commit_callbacks(execute=True):
        outcome = retention.retention_apply(as_of=AS_OF, now=NOW)
    assert outcome.documents == 3
    assert not Document.objects.filter(pk__in=[d.pk for d in docs]).exists()
    assert not names & stored_files(documents_storage), "the files are gone from the storage"
    assert Document.objects.filter(pk=old_record["kept"].pk).exists() and old_record["kept"].stored_as in stored_files(documents_storage)

    manifest = retention.archive_verify(outcome.archive)  # every checksum matches
    with zipfile.ZipFile(outcome.archive) as archive:
        in_package = {name: archive.read(name) for name in archive.namelist() if "/documents/" in name}
        record = json.loads(archive.read(f"persons/person-{old_record['person'].pk}.json"))
        record += json.loads(archive.read(f"households/household-{old_record['case'].household_id}.json"))
    assert sorted(in_package.values()) == sorted([pdf_bytes("Opholdskort"), pdf_bytes("Lægeerklæring"), pdf_bytes("Lejekontrakt")])
    # Beside the record each belongs to: the person's (person, case) and the household's (the tenancy).
    assert sorted(name.split("/documents/")[0] for name in in_package) == sorted([
        f"persons/person-{old_record['person'].pk}", f"persons/person-{old_record['person'].pk}",
        f"households/household-{old_record['case'].household_id}"])
    listed = {entry["name"]: entry["sha256"] for entry in manifest["files"]}
    assert all(listed[name] == hashlib.sha256(data).hexdigest() for name, data in in_package.items())
    assert {row["fields"]["stored_as"] for row in record if row["model"] == "documents.document"} == names
    assert manifest["summary"]["documents"] == 3 and manifest["summary"]["documents_missing_files"] == []
    deleted = AccessLog.objects.filter(action="delete", object_type="document")
    assert {row.object_id for row in deleted} == {str(d.pk) for d in docs}


def test_a_rolled_back_deletion_keeps_the_files(old_record, archive_dir, documents_storage, monkeypatch):
    names = {d.stored_as for d in old_record["documents"]}

    def fail(objects):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(retention, "_delete_all", fail)
    with pytest.raises(RuntimeError):
        retention.retention_apply(as_of=AS_OF, now=NOW)
    assert names <= stored_files(documents_storage) and Document.objects.count() == 4


def test_a_missing_file_is_named_in_the_package_and_does_not_stop_the_deletion(old_record, archive_dir, documents_storage):
    lost = old_record["documents"][0]
    documents_storage.delete(lost.stored_as)
    outcome = retention.retention_apply(as_of=AS_OF, now=NOW)
    assert retention.archive_verify(outcome.archive)["summary"]["documents_missing_files"] == [lost.pk]
    assert not Person.objects.filter(pk=old_record["person"].pk).exists()


def test_the_dry_run_counts_the_documents(old_record, capsys):
    call_command("retention", "--dry-run", "--as-of", AS_OF.isoformat())
    assert "3 documents with their files" in capsys.readouterr().out


# --- the subject access extract -----------------------------------------------------------------------------------

@pytest.fixture
def citizen(world):
    """The world's mother with a document on herself, her case, the tenancy and the incident she was involved in."""
    caseworker = world.staff[roles.CASEWORKER]
    for target, obj, kind, content in [("person", world.mother, "residence_permit", pdf_bytes("Pas")),
                                       ("case", world.case, "medical", pdf_bytes("Læge")),
                                       ("tenancy", world.tenancy, "signed_lease", jpeg_with_gps()),
                                       ("incident", world.incident, "other", jpeg_with_gps((20, 20)))]:
        services.documents_upload(by=caseworker if target != "tenancy" else world.staff[roles.HOUSING_HOST], target=target, obj=obj,
                                  kind=kind, dated_on=date(2026, 11, 20), note=f"note-{kind}", files=[services.Upload(f"{kind}.bin", content)],
                                  today=date(2026, 11, 26))
    # A document of someone else's incident is not the citizen's.
    other = Incident.objects.create(location=world.location, occurred_at=world.incident.occurred_at, kind="noise", severity="low",
                                    description="Musik", reported_by=world.staff[roles.HOUSING_HOST])
    make_document(incident=other, kind="other", original_name="andens-haendelse.jpg")
    return world


def test_the_json_extract_lists_every_document_of_the_record_once(client_as, citizen):
    response = client_as(citizen.staff[roles.CASEWORKER]).get(f"/people/{citizen.mother.pk}/extract/json/")
    data = json.loads(response.content)
    listed = {row["kind"]: row for row in data["documents"]}
    assert set(listed) == {"Opholdstilladelse", "Lægelig dokumentation (fortrolig)", "Underskrevet lejekontrakt", "Andet"}
    assert {row["attached_to"] for row in data["documents"]} == {"person", "case", "tenancy", "incident"}
    assert all(row["file"].startswith("documents/") and "stored_as" not in row for row in data["documents"])
    assert "andens-haendelse.jpg" not in response.content.decode()
    assert "documents" not in data["person_related"] and all("documents" not in case for case in data["cases"])  # listed once


def test_the_zip_extract_holds_the_json_the_pdf_and_every_document_s_file(client_as, citizen, documents_storage):
    client = client_as(citizen.staff[roles.CASEWORKER])
    response = client.get(f"/people/{citizen.mother.pk}/extract/zip/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        data = json.loads(archive.read("extract.json"))
        for row in data["documents"]:
            stored = Document.objects.get(pk=row["id"])
            assert archive.read(row["file"]) == documents_storage.open(stored.stored_as).read()
        pdf_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(archive.read("extract.pdf"))).pages)
    assert len(data["documents"]) == 4
    assert "Indleverede dokumenter" in pdf_text and "note-medical" in pdf_text
    assert AccessLog.objects.filter(action="export", person=citizen.mother, criteria__format="zip").exists()


def test_the_zip_extract_is_refused_to_roles_without_the_extract(client_as, citizen):
    assert client_as(citizen.staff[roles.RECEPTION]).get(f"/people/{citizen.mother.pk}/extract/zip/").status_code == 403
