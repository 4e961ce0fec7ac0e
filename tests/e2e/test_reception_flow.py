"""Reception in the browser: import a referral list, prepare, register the arrival, book the welcome meeting, download the summons."""
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import make_staff
from tests.e2e.conftest import assert_accessible, log_in
from tests.reception.factories import make_room
from velkomst.accounts import roles
from velkomst.housing.models import Tenancy
from velkomst.people.models import Case


def referral_csv(decision: str) -> bytes:
    lines = [
        "husstand;relation;fornavn;efternavn;fødselsdato;køn;nationalitet;cpr;asylcenter;særlige hensyn;husdyr;niveaufri;visitationsdato;målgruppe",
        f"A;applicant;Олена;Шевченко;17.05.1990;F;Ukraine;;Center Sandholm;Astma;0;nej;{decision};ukrainian",
        f"A;child;Максим;Шевченко;03.02.2015;M;Ukraine;;Center Sandholm;;0;nej;{decision};ukrainian",
    ]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


@pytest.mark.django_db(transaction=True)
def test_reception_imports_prepares_registers_the_arrival_and_summons_to_the_welcome_meeting(page):
    make_staff("jonas", roles.RECEPTION, first_name="Jonas", last_name="Krogh")
    room = make_room(beds=2)
    today = timezone.localdate()
    decision = (today - timedelta(days=10)).strftime("%d.%m.%Y")

    log_in(page, "jonas")
    page.get_by_role("link", name="Visitationer").click()
    page.get_by_role("heading", name="Visitationer", level=1).wait_for()
    assert_accessible(page, "referrals")

    # Import
    page.get_by_role("link", name="Importér en visitationsliste").click()
    assert_accessible(page, "import upload")
    page.get_by_label("Visitationsliste", exact=True).set_input_files(files=[{"name": "liste.csv", "mimeType": "text/csv", "buffer": referral_csv(decision)}])
    page.get_by_role("button", name="Læs listen").click()
    page.get_by_role("heading", name="Tjek visitationslisten").wait_for()
    assert page.get_by_role("cell", name="Олена Шевченко").is_visible()
    assert "Шевченко" not in page.url
    assert_accessible(page, "import preview")
    page.get_by_role("button", name="Importér listen").click()
    page.get_by_role("heading", name="Visitationslisten er importeret").wait_for()
    assert_accessible(page, "import result")
    page.get_by_role("link", name="Husstand fra linje 2").click()

    # Prepare
    page.get_by_role("heading", name="Visitation: Олена Шевченко").wait_for()
    assert_accessible(page, "referral")
    page.get_by_label("Asylcenter kontaktet den").fill(today.strftime("%d.%m.%Y"))
    page.get_by_label("Helbred").fill("Astma; inhalator")
    page.get_by_label("Særlige hensyn registreret den").fill(today.strftime("%d.%m.%Y"))
    page.get_by_label("CPR-nummer aktiveret den").fill(today.strftime("%d.%m.%Y"))
    page.get_by_label("Ankomstdato").fill(today.strftime("%d.%m.%Y"))
    page.get_by_role("button", name="Gem forberedelsen").click()
    page.get_by_text("Forberedelsen er gemt.").wait_for()
    assert_accessible(page, "referral prepared")
    # The room is chosen on the room chooser: the rooms that fit the household, by location.
    page.get_by_role("link", name="Vælg værelset").click()
    page.get_by_role("heading", name="Vælg værelset").wait_for()
    assert_accessible(page, "room chooser")
    page.locator(f'label[for="room-{room.pk}"]').click()
    page.get_by_role("button", name="Vælg værelset").click()
    page.get_by_text("Værelset er valgt").wait_for()

    # Arrival
    page.get_by_role("link", name="Registrér ankomsten").click()
    page.get_by_role("heading", name="Ankomst: Олена Шевченко").wait_for()
    assert_accessible(page, "arrival")
    page.get_by_label("Startkit udleveret").check()
    page.get_by_label("Nøgler udleveret").check()
    page.get_by_label("Lejekontrakt underskrevet").check()
    page.get_by_role("button", name="Registrér ankomsten").click()
    page.get_by_text("Ankomsten er registreret").wait_for()
    tenancy = Tenancy.objects.get()
    assert tenancy.room == room and tenancy.persons == 2
    mother = Case.objects.get(person__first_name="Олена")
    assert mother.status == "arrived"

    # Book the welcome meeting
    page.get_by_role("link", name=f"Samtaler i sag {mother.number}").click()
    page.get_by_role("heading", name=f"Samtaler: Олена Шевченко (sag {mother.number})").wait_for()
    assert_accessible(page, "meetings")
    page.get_by_label("Type samtale").select_option("welcome")
    page.get_by_label("Dato for samtalen").fill((today + timedelta(days=3)).strftime("%d.%m.%Y"))
    page.get_by_label("Starttidspunkt").fill("10:00")
    page.get_by_label("Mødested").fill("Jobcentret, Nyropsgade 1")
    page.get_by_role("button", name="Book samtalen").click()
    page.get_by_text("Samtalen er booket").wait_for()
    assert_accessible(page, "meeting")

    # The summons
    assert page.get_by_label("Borgerens sprog").input_value() == "uk"
    with page.expect_download() as download:
        page.get_by_role("button", name="Dan indkaldelsen (PDF)").click()
    path = download.value.path()
    assert download.value.suggested_filename.endswith(".pdf") and "Шевченко" not in download.value.suggested_filename
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(open(path, "rb").read())).pages)
    assert "Indkaldelse til velkomstsamtale" in text and "Запрошення на вітальну зустріч" in text and "Олена Шевченко" in text

    # The worklist
    page.get_by_role("link", name="Arbejdsliste").click()
    page.get_by_role("heading", name="Arbejdsliste", level=1).wait_for()
    assert_accessible(page, "worklist")
