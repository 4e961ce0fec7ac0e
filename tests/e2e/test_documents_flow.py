"""A host photographs the signed lease with a phone (390×844) on the tenancy's checklist and uploads it; the checklist
step closes; the caseworker sees and downloads it on the person's page; a teacher is refused. axe-core on every page."""
import io
import re

import pytest
from PIL import Image

from tests.conftest import make_staff
from tests.documents.factories import jpeg_with_gps
from tests.e2e.conftest import ARTIFACTS, assert_accessible, fits_its_width, log_in
from tests.factories import make_case, make_household, make_person
from tests.housing.factories import house, make_location, make_room
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog
from velkomst.documents.models import Document
from velkomst.documents.selectors import read_file

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


def new_page(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, locale="da-DK", bypass_csp=True, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.mark.django_db(transaction=True)
def test_a_host_s_phone_photo_of_the_signed_lease_reaches_the_caseworker_and_not_a_teacher(browser, live_server):
    host = make_staff("birgitte", roles.HOUSING_HOST, first_name="Birgitte", last_name="Holm")
    mette = make_staff("mette", roles.CASEWORKER, first_name="Mette", last_name="Sørensen")
    make_staff("oksana", roles.TEACHER, first_name="Oksana", last_name="Melnyk")
    location = make_location(name="Sjællandsgade")
    location.hosts.add(host)
    olena = make_person(first_name="Olena", last_name="Kovalenko")
    household = make_household((olena, "applicant"))
    make_case(person=olena, household=household, caseworker=mette, status="in_programme")  # in the teacher's scope of persons
    tenancy = house(household, make_room(location, number="101", beds=2))
    assert tenancy.lease_signed_on is None

    # The host, on a phone.
    phone = new_page(browser, live_server, **PHONE)
    log_in(phone, "birgitte")
    phone.goto(f"/housing/locations/{location.pk}/")
    phone.get_by_role("link", name="Tjekliste for værelse 101", exact=True).click()
    phone.get_by_role("heading", name="Tjekliste for indflytning", level=1).wait_for()
    assert_accessible(phone, "checklist on a phone")
    upload = phone.get_by_label("Filer")
    assert "image/*" in upload.get_attribute("accept")  # the phone's browser offers its camera
    upload.set_input_files(files=[{"name": "IMG_0042.JPG", "mimeType": "image/jpeg", "buffer": jpeg_with_gps(size=(120, 80))}])
    phone.get_by_label("Dokumenttype").select_option("signed_lease")
    phone.get_by_role("button", name="Upload", exact=True).click()
    phone.get_by_text("Dokumentet er gemt.").wait_for()
    assert phone.get_by_text("Indflytningstjekliste: “Lejekontrakt underskrevet” er sat til").is_visible()
    assert phone.get_by_role("link", name="IMG_0042.JPG").is_visible()
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", phone.get_by_label("Lejekontrakt underskrevet").input_value())
    assert_accessible(phone, "checklist after the upload, on a phone")
    # Nothing of the page is wider than the phone.
    assert fits_its_width(phone)
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "documents_host_phone.png"), full_page=True)
    phone.context.close()

    document = Document.objects.get()
    tenancy.refresh_from_db()
    assert document.tenancy == tenancy and document.kind == "signed_lease" and tenancy.lease_signed_on == document.dated_on
    kept = Image.open(io.BytesIO(read_file(document)))
    assert dict(kept.getexif()) == {} and kept.size == (80, 120)  # no GPS, no camera; turned upright

    # The caseworker sees it on the person's page, with the case, and downloads it.
    desk = new_page(browser, live_server, viewport={"width": 1280, "height": 900})
    log_in(desk, "mette")
    desk.goto(f"/people/{olena.pk}/")
    desk.get_by_role("heading", name="Dokumenter", level=2).wait_for()
    row = desk.get_by_role("row").filter(has_text="IMG_0042.JPG")
    assert row.get_by_text("Underskrevet lejekontrakt").is_visible() and row.get_by_text("Sjællandsgade, værelse 101").is_visible()
    assert_accessible(desk, "person page with documents")
    with desk.expect_download() as download:
        desk.get_by_role("link", name="IMG_0042.JPG").click()
    assert download.value.suggested_filename == f"lejekontrakt-underskrevet-{document.pk}.jpg"
    assert AccessLog.objects.filter(user=mette, action="export", object_type="document", person=olena).exists()
    desk.context.close()

    # A teacher may open the citizen (in the programme) but sees no documents, and the file is refused.
    teacher = new_page(browser, live_server, viewport={"width": 1280, "height": 900})
    log_in(teacher, "oksana")
    teacher.goto(f"/people/{olena.pk}/")
    teacher.get_by_role("heading", name="Olena Kovalenko", level=1).wait_for()
    assert teacher.get_by_text("IMG_0042.JPG").count() == 0 and teacher.get_by_role("heading", name="Dokumenter").count() == 0
    assert_accessible(teacher, "person page for a teacher")
    response = teacher.goto(f"/documents/{document.pk}/file/")
    assert response.status == 403
    teacher.get_by_role("heading", name="Adgang nægtet").wait_for()
    assert_accessible(teacher, "refused download")
    assert not AccessLog.objects.filter(user__username="oksana", action="export").exists()
    teacher.context.close()
