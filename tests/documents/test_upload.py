"""Uploading: all files of an upload or none, each refusal naming the file and why, the size limit before anything is
stored, the access log and the timeline, and the steps a signed document closes."""
import pytest
from django.utils import timezone

from tests.documents.conftest import TODAY, stored_files
from tests.documents.factories import docx_bytes, elf_program, heic_with_gps, jpeg_with_gps, pdf_bytes, upload, windows_program
from tests.reception.factories import aware, make_appointment, make_referral
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog, FieldChange
from velkomst.documents import services
from velkomst.documents.models import Document
from velkomst.people.models import CaseStatus, JournalEntry
from velkomst.reception.models import Appointment

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(timezone.make_aware(timezone.datetime(2026, 11, 26, 10, 0)))]


def post(client, path, *files, kind="residence_permit", dated_on="20.11.2026", note="", **extra):
    data = {"document-kind": kind, "document-dated_on": dated_on, "document-note": note, "document-files": list(files), **extra}
    return client.post(path, data)


def test_a_caseworker_uploads_two_files_to_a_person_and_both_are_kept_logged_and_noted(client_as, world, documents_storage):
    client = client_as(world.staff[roles.CASEWORKER])
    response = post(client, f"/documents/people/{world.mother.pk}/upload/", upload("tilladelse.pdf", pdf_bytes()),
                    upload("bagside.docx", docx_bytes()), note="Opholdskort, for- og bagside")
    assert response.status_code == 302 and response["Location"] == f"/people/{world.mother.pk}/"
    documents = list(Document.objects.order_by("id"))
    assert [(d.original_name, d.content_type, d.person_id, d.kind) for d in documents] == [
        ("tilladelse.pdf", "application/pdf", world.mother.pk, "residence_permit"),
        ("bagside.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", world.mother.pk, "residence_permit"),
    ]
    assert documents_storage.open(documents[0].stored_as).read() == pdf_bytes()
    assert "Dokumentova" not in documents[0].stored_as and "tilladelse" not in documents[0].stored_as
    created = AccessLog.objects.filter(action="create", object_type="document")
    assert {(row.object_id, row.person_id) for row in created} == {(str(d.pk), world.mother.pk) for d in documents}
    event = JournalEntry.objects.get(case=world.case, kind="event")
    assert "2 dokumenter tilføjet" in event.text and not event.restricted


def test_an_executable_named_pdf_is_refused_by_name_and_nothing_of_the_upload_is_stored(client_as, world, documents_storage):
    before = stored_files(documents_storage)
    client = client_as(world.staff[roles.CASEWORKER])
    response = post(client, f"/documents/people/{world.mother.pk}/upload/", upload("good.pdf", pdf_bytes()),
                    upload("kontrakt.pdf", elf_program()), upload("setup.pdf", windows_program()))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Filen kontrakt.pdf er et program, ikke et dokument" in html and "Filen setup.pdf er et program" in html
    assert "good.pdf" not in html.split("Ret venligst")[1].split("</ul>")[0]  # only the refused files are named
    assert not Document.objects.exists() and stored_files(documents_storage) == before
    assert not AccessLog.objects.filter(action="create").exists()


def test_a_file_over_the_size_limit_is_refused_before_anything_is_stored(client_as, world, settings, documents_storage):
    settings.DOCUMENT_MAX_BYTES = 2 * 1024 * 1024
    settings.FILE_UPLOAD_LIMIT_BYTES = 2 * 1024 * 1024
    before = stored_files(documents_storage)
    big = pdf_bytes() + b"%" + b"0" * (3 * 1024 * 1024)
    client = client_as(world.staff[roles.CASEWORKER])
    response = post(client, f"/documents/people/{world.mother.pk}/upload/", upload("skanning.pdf", big), upload("lille.pdf", pdf_bytes()))
    assert response.status_code == 400
    assert "Filen skanning.pdf er større end 2 MB" in response.content.decode()
    assert not Document.objects.exists() and stored_files(documents_storage) == before


def test_the_service_applies_the_same_size_limit_for_the_api(world, settings):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(services.ValidationError) as refused:
        services.documents_upload(by=world.staff[roles.CASEWORKER], target="person", obj=world.mother, kind="other", dated_on=TODAY,
                                  files=[services.Upload("stor.pdf", pdf_bytes() + b"0" * 1024 * 1024)], today=TODAY)
    assert refused.value.message_dict["files"] == ["Filen stor.pdf er større end 1 MB; skan den i lavere opløsning, eller del den op."]
    assert not Document.objects.exists()


@pytest.mark.parametrize("field, value, message", [
    ("kind", "", "Dette felt er påkrævet"),
    ("kind", "unknown", "Marker en gyldig valgmulighed"),
    ("dated_on", "31.02.2026", "Indtast en gyldig dato"),
    ("dated_on", "01.12.2026", "Skriv en dato fra"),  # after the day the test runs on
    ("note", "a\x00b", "kontroltegn"),
])
def test_bad_input_names_the_field_and_stores_nothing(client_as, world, field, value, message):
    client = client_as(world.staff[roles.CASEWORKER])
    values = {"kind": "other", "dated_on": "20.11.2026", "note": "", field: value}
    response = post(client, f"/documents/people/{world.mother.pk}/upload/", upload("a.pdf", pdf_bytes()), **values)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Document.objects.exists()


def test_no_file_is_refused(client_as, world):
    response = post(client_as(world.staff[roles.CASEWORKER]), f"/documents/people/{world.mother.pk}/upload/")
    assert response.status_code == 400 and "Dette felt er påkrævet" in response.content.decode()


def test_an_empty_date_is_today(client_as, world):
    post(client_as(world.staff[roles.CASEWORKER]), f"/documents/people/{world.mother.pk}/upload/", upload("a.pdf", pdf_bytes()), dated_on="")
    assert Document.objects.get().dated_on == TODAY


def test_a_document_attached_to_one_of_the_person_s_cases(client_as, world):
    client = client_as(world.staff[roles.CASEWORKER])
    response = post(client, f"/documents/people/{world.mother.pk}/upload/", upload("bevis.pdf", pdf_bytes()), kind="certificate",
                    **{"document-case": str(world.case.pk)})
    assert response.status_code == 302
    assert Document.objects.get().case == world.case
    other = post(client, f"/documents/people/{world.mother.pk}/upload/", upload("b.pdf", pdf_bytes()),
                 **{"document-case": str(world.outsider_case.pk)})
    assert other.status_code == 400  # not one of the person's cases


def test_medical_documentation_may_only_be_added_by_roles_that_see_restricted_information(client_as, world):
    client = client_as(world.staff[roles.RECEPTION])
    page = client.get(f"/documents/people/{world.mother.pk}/upload/").content.decode()
    assert 'value="medical"' not in page
    response = post(client, f"/documents/people/{world.mother.pk}/upload/", upload("a.pdf", pdf_bytes()), kind="medical")
    assert response.status_code == 400 and not Document.objects.exists()
    with pytest.raises(services.ValidationError):
        services.documents_upload(by=world.staff[roles.RECEPTION], target="person", obj=world.mother, kind="medical", dated_on=TODAY,
                                  files=[services.Upload("a.pdf", pdf_bytes())], today=TODAY)
    caseworker = client_as(world.staff[roles.CASEWORKER])
    assert post(caseworker, f"/documents/people/{world.mother.pk}/upload/", upload("læge.pdf", pdf_bytes()), kind="medical").status_code == 302
    event = JournalEntry.objects.get(case=world.case, kind="event")
    assert event.restricted  # the timeline shows it only to roles with restricted access


def test_a_tenancy_takes_only_the_signed_lease_house_rules_and_photos(client_as, world):
    client = client_as(world.staff[roles.HOUSING_HOST])
    response = post(client, f"/documents/tenancies/{world.tenancy.pk}/upload/", upload("pas.pdf", pdf_bytes()), kind="residence_permit")
    assert response.status_code == 400 and not Document.objects.exists()


@pytest.mark.parametrize("role, path, status", [
    (roles.HOUSING_HOST, "/documents/tenancies/{outsider_tenancy}/upload/", 404),  # another location's tenancy
    (roles.HOUSING_HOST, "/documents/people/{mother}/upload/", 404),  # hosts add to tenancies and incidents only
    (roles.HOUSING_HOST, "/documents/cases/{case}/upload/", 404),
    (roles.RECEPTION, "/documents/tenancies/{tenancy}/upload/", 404),  # reception: what comes with the referral
    (roles.TEACHER, "/documents/people/{mother}/upload/", 403),
    (roles.COMPANY_CONSULTANT, "/documents/cases/{case}/upload/", 403),
    (roles.MANAGER, "/documents/incidents/{incident}/upload/", 403),
])
def test_uploads_outside_the_role_s_scope_are_refused(client_as, world, role, path, status):
    ids = {"outsider_tenancy": world.outsider_tenancy.pk, "mother": world.mother.pk, "case": world.case.pk, "tenancy": world.tenancy.pk,
           "incident": world.incident.pk}
    client = client_as(world.staff[role])
    response = post(client, path.format(**ids), upload("a.pdf", pdf_bytes()), kind="other")
    assert response.status_code == status
    assert client.get(path.format(**ids)).status_code == status
    assert not Document.objects.exists()


def test_a_host_adds_photos_to_an_incident_at_their_location(client_as, world):
    response = post(client_as(world.staff[roles.HOUSING_HOST]), f"/documents/incidents/{world.incident.pk}/upload/",
                    upload("rude.jpg", jpeg_with_gps()), kind="other")
    assert response.status_code == 302 and response["Location"] == f"/housing/incidents/{world.incident.pk}/"
    document = Document.objects.get()
    assert document.incident == world.incident and document.metadata_stripped
    assert AccessLog.objects.get(action="create", object_type="document").person == world.mother  # the person involved


# --- the steps a signed document closes --------------------------------------------------------------------------

def test_a_host_s_photo_of_the_signed_lease_ticks_the_checklist_step_through_the_housing_service(client_as, world, documents_storage):
    client = client_as(world.staff[roles.HOUSING_HOST])
    response = post(client, f"/documents/tenancies/{world.tenancy.pk}/upload/", upload("IMG_0042.HEIC", heic_with_gps()),
                    kind="signed_lease", dated_on="24.11.2026")
    assert response.status_code == 302 and response["Location"] == f"/housing/tenancies/{world.tenancy.pk}/checklist/"
    world.tenancy.refresh_from_db()
    assert world.tenancy.lease_signed_on == TODAY.replace(day=24) and world.tenancy.house_rules_explained_on is None
    document = Document.objects.get()
    assert document.content_type == "image/heic" and document.metadata_stripped
    assert b"iPhone" not in documents_storage.open(document.stored_as).read()
    assert FieldChange.objects.filter(object_type="tenancy", field="lease_signed_on").exists()
    # Both members of the household are concerned by the tenancy's document.
    assert set(AccessLog.objects.filter(action="create", object_type="document").values_list("person_id", flat=True)) == {
        world.mother.pk, world.child.pk}
    page = client.get(response["Location"]).content.decode()
    assert "IMG_0042.HEIC" in page and "Indflytningstjekliste: “Lejekontrakt underskrevet” er sat til 24.11.2026." in page


def test_signed_house_rules_tick_their_step_and_an_earlier_tick_is_kept(world):
    world.tenancy.lease_signed_on = TODAY.replace(day=2)
    world.tenancy.save()
    host = world.staff[roles.HOUSING_HOST]
    for kind in ("signed_lease", "signed_house_rules"):
        services.documents_upload(by=host, target="tenancy", obj=world.tenancy, kind=kind, dated_on=TODAY, files=[services.Upload("a.pdf", pdf_bytes())],
                                  today=TODAY)
    world.tenancy.refresh_from_db()
    assert world.tenancy.lease_signed_on == TODAY.replace(day=2) and world.tenancy.house_rules_explained_on == TODAY


def test_a_signed_lease_on_the_person_ticks_the_household_s_current_tenancy(world):
    outcome = services.documents_upload(by=world.staff[roles.CASEWORKER], target="person", obj=world.mother, kind="signed_lease",
                                        dated_on=TODAY, files=[services.Upload("a.pdf", pdf_bytes())], today=TODAY)
    world.tenancy.refresh_from_db()
    assert world.tenancy.lease_signed_on == TODAY and len(outcome.closed) == 1


def test_a_signed_contract_records_the_contract_meeting_s_outcome_through_reception(world):
    world.case.readiness = "job_ready"
    world.case.status = CaseStatus.ARRIVED
    world.case.save()
    meeting = make_appointment(case=world.case, kind="contract", status="planned", starts_at=aware(TODAY.replace(day=23)))
    outcome = services.documents_upload(by=world.staff[roles.CASEWORKER], target="case", obj=world.case, kind="signed_contract",
                                        dated_on=TODAY.replace(day=24), files=[services.Upload("kontrakt.pdf", pdf_bytes())], today=TODAY)
    meeting.refresh_from_db()
    assert meeting.contract_signed_on == TODAY.replace(day=24) and meeting.status == Appointment.Status.COMPLETED
    assert meeting.readiness == "job_ready" and outcome.closed and not outcome.left_open
    world.case.refresh_from_db()
    assert world.case.status == CaseStatus.IN_PROGRAMME  # as the contract meeting's outcome does


def test_a_signed_contract_without_a_readiness_assessment_is_kept_and_says_why_the_meeting_stays_open(client_as, world):
    meeting = make_appointment(case=world.case, kind="contract", status="planned", starts_at=aware(TODAY.replace(day=23)))
    client = client_as(world.staff[roles.CASEWORKER])
    response = post(client, f"/documents/cases/{world.case.pk}/upload/", upload("kontrakt.pdf", pdf_bytes()), kind="signed_contract")
    assert response.status_code == 302 and Document.objects.count() == 1
    meeting.refresh_from_db()
    assert meeting.contract_signed_on is None
    page = client.get(response["Location"]).content.decode()
    assert "Kontraktsamtalen mangler sin parathedsvurdering" in page


def test_a_signed_contract_dated_before_the_meeting_is_kept_and_the_meeting_stays_open_with_the_reason(world):
    world.case.readiness = "job_ready"
    world.case.save()
    meeting = make_appointment(case=world.case, kind="contract", status="planned", starts_at=aware(TODAY.replace(day=25)))
    outcome = services.documents_upload(by=world.staff[roles.CASEWORKER], target="case", obj=world.case, kind="signed_contract",
                                        dated_on=TODAY.replace(day=20), files=[services.Upload("k.pdf", pdf_bytes())], today=TODAY)
    meeting.refresh_from_db()
    assert meeting.contract_signed_on is None and Document.objects.count() == 1
    assert outcome.left_open == ["Kontraktsamtalen blev ikke afsluttet: Kontrakten kan ikke være underskrevet før samtalen (25.11.2026)."]


def test_reception_adds_the_papers_of_a_referral_from_the_referral_page(client_as, world):
    referral = make_referral(case=world.case)
    page = client_as(world.staff[roles.RECEPTION]).get(f"/reception/referrals/{referral.pk}/").content.decode()
    assert f'href="/documents/people/{world.mother.pk}/upload/"' in page
    assert "Tilføj et dokument fra henvisningen" in page


def test_photos_of_the_move_out_inspection_are_added_on_the_move_out_page_and_lead_back_to_it(client_as, world):
    client = client_as(world.staff[roles.HOUSING_HOST])
    page = client.get(f"/housing/tenancies/{world.tenancy.pk}/move-out/").content.decode()
    assert f'action="/documents/tenancies/{world.tenancy.pk}/upload/?back=move_out"' in page
    response = post(client, f"/documents/tenancies/{world.tenancy.pk}/upload/?back=move_out", upload("skade.jpg", jpeg_with_gps()),
                    kind="other", note="Flyttesyn: skade på dør")
    assert response.status_code == 302 and response["Location"] == f"/housing/tenancies/{world.tenancy.pk}/move-out/"
    assert Document.objects.get().note == "Flyttesyn: skade på dør"
    # Any other `back` is not followed.
    other = post(client, f"/documents/tenancies/{world.tenancy.pk}/upload/?back=https://example.com", upload("b.jpg", jpeg_with_gps()),
                 kind="other")
    assert other["Location"] == f"/housing/tenancies/{world.tenancy.pk}/checklist/"


def test_the_upload_page_names_the_person_and_logs_the_read(client_as, world):
    page = client_as(world.staff[roles.RECEPTION]).get(f"/documents/cases/{world.case.pk}/upload/")
    assert page.status_code == 200 and "Olena Dokumentova" in page.content.decode()
    log = AccessLog.objects.get(action="read", user=world.staff[roles.RECEPTION])
    assert (log.object_type, log.object_id, log.person_id) == ("case", str(world.case.pk), world.mother.pk)
