"""Downloads pass through a view that checks the role and the scope, logs the export for each person concerned, and
serves the file as an attachment that is never cached or sniffed. Medical documentation exists only for roles with
restricted access; lists cost the same number of queries at any size."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_staff
from tests.documents.factories import make_document, pdf_bytes
from tests.factories import make_case, make_household, make_person
from tests.housing.factories import house, make_room
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_download_is_an_attachment_never_cached_or_sniffed_and_logged_for_the_person(client_as, world):
    document = make_document(person=world.mother, kind="residence_permit", content=pdf_bytes("Opholdskort"), original_name="Olena pas.pdf")
    response = client_as(world.staff[roles.CASEWORKER]).get(f"/documents/{document.pk}/file/")
    assert response.status_code == 200 and body(response) == pdf_bytes("Opholdskort")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="opholdstilladelse-{document.pk}.pdf"'  # no name of a person
    assert "no-store" in response["Cache-Control"] and response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    log = AccessLog.objects.get(action="export")
    assert (log.object_type, log.object_id, log.person_id, log.user_id) == ("document", str(document.pk), world.mother.pk,
                                                                             world.staff[roles.CASEWORKER].pk)


def test_a_tenancy_document_is_logged_for_every_member_of_the_household(client_as, world):
    document = make_document(tenancy=world.tenancy, kind="signed_lease")
    assert client_as(world.staff[roles.HOUSING_HOST]).get(f"/documents/{document.pk}/file/").status_code == 200
    assert set(AccessLog.objects.filter(action="export").values_list("person_id", flat=True)) == {world.mother.pk, world.child.pk}


# Who may download what: (attached to, kind) -> the roles that get the file; every other role gets 403 (no capability)
# or 404 (outside the scope: the document does not exist for them).
WHO = [
    ("person", "residence_permit", {roles.CASEWORKER, roles.RECEPTION, roles.ADMIN, "colleague"}),
    ("case", "employment_contract", {roles.CASEWORKER, roles.RECEPTION, roles.ADMIN, "colleague"}),
    ("person", "medical", {roles.CASEWORKER, roles.ADMIN, "colleague"}),
    ("case", "medical", {roles.CASEWORKER, roles.ADMIN, "colleague"}),
    ("tenancy", "signed_lease", {roles.CASEWORKER, roles.HOUSING_HOST, roles.ADMIN, "colleague"}),
    ("incident", "other", {roles.CASEWORKER, roles.HOUSING_HOST, roles.ADMIN}),  # incidents: the case's own caseworker
    ("other_tenancy", "signed_lease", {roles.CASEWORKER, roles.ADMIN, "colleague"}),  # not this host's location
]


@pytest.mark.parametrize("target, kind, allowed", WHO, ids=lambda v: v if isinstance(v, str) else None)
def test_each_role_downloads_exactly_what_its_scope_and_restricted_access_allow(client_as, world, target, kind, allowed):
    attached = {"person": {"person": world.mother}, "case": {"case": world.case}, "tenancy": {"tenancy": world.tenancy},
                "incident": {"incident": world.incident}, "other_tenancy": {"tenancy": world.outsider_tenancy}}[target]
    document = make_document(kind=kind, **attached)
    for principal, user in world.staff.items():
        response = client_as(user).get(f"/documents/{document.pk}/file/")
        role = user.role
        if principal in allowed:
            assert response.status_code == 200, principal
        elif role in roles.roles_with("view_documents"):
            assert response.status_code == 404, principal
        else:
            assert response.status_code == 403, principal
    assert AccessLog.objects.filter(action="export").count() == len(allowed) * (1 if target != "tenancy" else 2)


def test_medical_documentation_does_not_exist_on_the_person_page_for_roles_without_restricted_access(client_as, world):
    make_document(person=world.mother, kind="medical", original_name="laegeerklaering-skaanebehov.pdf", note="Eget værelse")
    make_document(person=world.mother, kind="residence_permit", original_name="opholdskort.pdf")
    reception = client_as(world.staff[roles.RECEPTION]).get(f"/people/{world.mother.pk}/").content.decode()
    assert "opholdskort.pdf" in reception
    assert "laegeerklaering" not in reception and "Eget værelse" not in reception and "Lægelig dokumentation" not in reception
    caseworker = client_as(world.staff[roles.CASEWORKER]).get(f"/people/{world.mother.pk}/").content.decode()
    assert "laegeerklaering-skaanebehov.pdf" in caseworker and "Lægelig dokumentation (fortrolig)" in caseworker


def test_roles_without_documents_see_no_documents_section(client_as, world):
    make_document(person=world.mother, kind="certificate", original_name="dansk-modul-3.pdf")
    teacher = client_as(world.staff[roles.TEACHER]).get(f"/people/{world.mother.pk}/")
    assert teacher.status_code == 200  # the citizen is in the programme: the teacher may open the person
    assert "dansk-modul-3.pdf" not in teacher.content.decode() and "Dokumenter" not in teacher.content.decode()


def test_a_host_sees_the_tenancy_s_documents_on_the_checklist_and_the_person_page_but_not_the_person_s_own(client_as, world):
    make_document(tenancy=world.tenancy, kind="signed_lease", original_name="lejekontrakt-foto.jpg")
    make_document(person=world.mother, kind="residence_permit", original_name="opholdskort.pdf")
    host = client_as(world.staff[roles.HOUSING_HOST])
    checklist = host.get(f"/housing/tenancies/{world.tenancy.pk}/checklist/").content.decode()
    assert "lejekontrakt-foto.jpg" in checklist and "opholdskort.pdf" not in checklist
    person_page = host.get(f"/people/{world.mother.pk}/").content.decode()
    assert "lejekontrakt-foto.jpg" in person_page and "opholdskort.pdf" not in person_page
    # Listing the tenancy's documents names the household: the read is logged for each member.
    assert set(AccessLog.objects.filter(action="read", object_type="tenancy").values_list("person_id", flat=True)) == {
        world.mother.pk, world.child.pk}


def test_the_incident_page_shows_its_photos_to_its_host_and_not_to_a_manager(client_as, world):
    make_document(incident=world.incident, kind="other", original_name="knust-rude.jpg")
    assert "knust-rude.jpg" in client_as(world.staff[roles.HOUSING_HOST]).get(f"/housing/incidents/{world.incident.pk}/").content.decode()
    manager = client_as(world.staff[roles.MANAGER]).get(f"/housing/incidents/{world.incident.pk}/")
    assert manager.status_code == 200 and "knust-rude.jpg" not in manager.content.decode()


def test_a_missing_stored_file_is_a_404_not_a_server_error(client_as, world, documents_storage):
    document = make_document(person=world.mother)
    documents_storage.delete(document.stored_as)
    assert client_as(world.staff[roles.CASEWORKER]).get(f"/documents/{document.pk}/file/").status_code == 404


def test_a_download_refuses_post(client_as, world):
    document = make_document(person=world.mother)
    assert client_as(world.staff[roles.CASEWORKER]).post(f"/documents/{document.pk}/file/").status_code == 405


# --- the same number of queries at any size ------------------------------------------------------------------------

def _family_with_documents(world, n: int):
    person = make_person(first_name="Mange", last_name=f"Dokumenter{n}")
    household = make_household((person, "applicant"), (make_person(first_name="Barn", last_name=f"Dokumenter{n}"), "child"))
    case = make_case(person=person, household=household)
    tenancy = house(household, make_room(world.location, beds=3))
    uploader = make_staff(f"uploader{n}", roles.CASEWORKER)
    for i in range(n):
        make_document(person=person, uploaded_by=uploader)
        make_document(case=case, kind="certificate", uploaded_by=uploader)
        make_document(tenancy=tenancy, kind="signed_lease", uploaded_by=uploader)
    return person, tenancy


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [roles.CASEWORKER, roles.HOUSING_HOST])
def test_the_person_page_and_the_checklist_cost_the_same_queries_with_more_documents(client_as, world, role):
    client = client_as(world.staff[role])
    few_person, few_tenancy = _family_with_documents(world, 1)
    many_person, many_tenancy = _family_with_documents(world, 12)
    assert _queries(client, f"/people/{many_person.pk}/") == _queries(client, f"/people/{few_person.pk}/")
    if role == roles.HOUSING_HOST:
        # The tenancy's list logs its read once per member (two in both households).
        assert _queries(client, f"/housing/tenancies/{many_tenancy.pk}/checklist/") == _queries(
            client, f"/housing/tenancies/{few_tenancy.pk}/checklist/")
