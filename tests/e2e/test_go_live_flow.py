"""Go-live day in the browser: an administrator sets up an empty installation through the pages, following the checklist
in docs/go-live.md step by step — the first administrator, a password of their own, this year's rent caps, a hotel of 40
rooms from a spreadsheet, a second location by hand, house rules in Danish and Ukrainian, a host and a caseworker, the
existing caseload — and then places the first referral by a proposal; the lease shows the year's cap and the location's
house rules. Every page passes axe-core."""
import io
import re
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook
from pypdf import PdfReader

from tests.e2e.conftest import assert_accessible, log_in
from tests.housing.test_capacity_import import HEADER, hotel_rows
from velkomst.housing.models import HouseRules, Location, RentCap, Room, Tenancy
from velkomst.people.models import Case, Person

CHECKLIST = Path(__file__).resolve().parents[2] / "docs" / "go-live.md"
PASSWORD = "Go-live-dag-2026-peter"
CAPS = {"single": "2650", "couple": "4850", "children_1_3": "5300", "children_4_plus": "5740"}
RULES_DA = "Ro på gangene fra kl. 22 til kl. 7. Cykler stilles i gården."
RULES_UK = "Тиша в коридорах з 22:00 до 7:00. Велосипеди ставлять у дворі."


def checklist_titles() -> list[str]:
    section = CHECKLIST.read_text(encoding="utf-8").split("## Checklist", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\d+\. \*\*(.+?)\*\*", section, flags=re.MULTILINE)


class Checklist:
    """The test's steps are the documentation's, in its order: a step the document does not have next fails."""

    def __init__(self):
        self.titles, self.done = checklist_titles(), []
        assert len(self.titles) >= 10

    def step(self, title: str) -> None:
        expected = self.titles[len(self.done)] if len(self.done) < len(self.titles) else None
        assert title == expected, f"docs/go-live.md has {expected!r} as step {len(self.done) + 1}, the test {title!r}"
        self.done.append(title)

    def finished(self) -> None:
        assert self.done == self.titles


def spreadsheet() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in hotel_rows(40):
        sheet.append([int(cell) if cell.isdigit() else cell for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def caseload_csv(today) -> bytes:
    header = "household;relation;first_name;last_name;birth_date;gender;target_group;referral_decision_date;status;caseworker;" \
             "first_benefit_payment_on;room;moved_in_on"
    row = f"1;applicant;Iryna;Bondarenko;02.03.1979;F;displaced_ukrainian;{(today - timedelta(days=200)):%d.%m.%Y};arrived;mette;" \
          f"{(today - timedelta(days=150)):%d.%m.%Y};hotel-nord/140;{today:%d.%m.%Y}"
    return ("\ufeff" + header + "\r\n" + row + "\r\n").encode("utf-8")


def pdf_pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.mark.django_db(transaction=True)
def test_an_administrator_sets_up_an_empty_installation_through_the_pages_and_places_the_first_referral(page, tmp_path):
    checklist = Checklist()
    today = timezone.localdate()
    # An empty installation is what `migrate` leaves: the role groups and the regulation's 2023 caps, nothing else.
    RentCap.objects.exclude(year=2023).delete()
    assert not Location.objects.exists() and not get_user_model().objects.exists() and not Person.objects.exists()

    checklist.step("The first administrator.")
    out = StringIO()
    call_command("staff_create", "peter", role="admin", first_name="Peter", last_name="Dahl", stdout=out)
    temporary = re.search(r"temporary password (\S+)", out.getvalue()).group(1)

    checklist.step("Log in and choose a password.")
    log_in(page, "peter", temporary)
    page.get_by_role("heading", name="Vælg din adgangskode").wait_for()
    assert_accessible(page, "choose a password")
    page.locator("#id_old_password").fill(temporary)
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.get_by_role("button", name="Gem adgangskoden").click()
    page.get_by_text("Din nye adgangskode er gemt.").wait_for()

    checklist.step("Rent caps for the year.")
    _open_admin_link(page, "Opsætning")
    page.get_by_role("heading", name="Opsætning af midlertidig indkvartering").wait_for()
    assert page.get_by_text("Ingen lokationer endnu.").is_visible()
    assert_accessible(page, "set-up, empty")
    page.get_by_role("link", name="Huslejelofter").click()
    page.get_by_text(f"Huslejelofterne for {today.year} mangler").first.wait_for()
    assert_accessible(page, "rent caps, missing")
    page.locator("#id_year").fill(str(today.year))
    for kind, amount in CAPS.items():
        page.locator(f"#id_{kind}").fill(amount)
    page.get_by_role("button", name="Gem lofterne").click()
    page.get_by_text(f"Huslejelofterne for {today.year} er gemt.").wait_for()
    assert RentCap.objects.filter(year=today.year).count() == 4

    checklist.step("A location with its rooms from a spreadsheet.")
    _open_admin_link(page, "Opsætning")
    page.get_by_role("link", name="Importér værelser fra et regneark").click()
    assert_accessible(page, "import")
    upload = [{"name": "hotel-nord.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "buffer": spreadsheet()}]
    page.get_by_label("Regneark med værelser").set_input_files(files=upload)
    page.get_by_role("button", name="Tjek filen").click()
    page.get_by_role("heading", name="Filen er i orden").wait_for()
    assert page.get_by_text("En import opretter 40 værelser med 80 senge.").is_visible()
    assert_accessible(page, "import checked")
    assert not Location.objects.exists()  # the check keeps nothing
    page.get_by_label("Regneark med værelser").set_input_files(files=upload)
    page.get_by_role("button", name="Importér værelserne").click()
    page.get_by_text("40 værelser med 80 senge er importeret.").wait_for()
    assert Room.objects.filter(location__code="hotel-nord").count() == 40

    checklist.step("A location by hand.")
    page.get_by_role("link", name="Ny lokation").click()
    assert_accessible(page, "new location")
    page.locator("#id_name").fill("Ravnsborggade")
    page.locator("#id_code").fill("ravnsborggade")
    page.locator("#id_address").fill("Ravnsborggade 15, 2200 København N")
    page.locator("#id_kind").select_option("building")
    page.get_by_label("Kæledyr tilladt").check()
    page.get_by_role("button", name="Opret lokationen").click()
    page.get_by_role("heading", name="Tilføj værelser til Ravnsborggade").wait_for()
    assert_accessible(page, "add rooms")
    page.locator("#id_first").fill("1")
    page.locator("#id_last").fill("10")
    page.locator("#id_beds").fill("2")
    page.locator("#id_floor").fill("0")
    page.get_by_role("button", name="Tilføj værelserne").click()
    page.get_by_text("10 værelser er tilføjet til Ravnsborggade.").wait_for()

    checklist.step("House rules.")
    for name in ("Hotel Nord", "Ravnsborggade"):
        _open_admin_link(page, "Opsætning")
        page.get_by_role("link", name=name).click()
        page.get_by_role("link", name="Husorden", exact=True).click()
        page.get_by_role("heading", name=f"Husorden for {name}").wait_for()
        assert_accessible(page, f"house rules {name}")
        page.locator("#id_text").fill(RULES_DA)
        page.locator("#id_text_uk").fill(RULES_UK)
        page.get_by_role("button", name="Gem den nye version").click()
        page.get_by_text("Version 1 af husordenen er gemt.").wait_for()
    assert HouseRules.objects.filter(text_uk=RULES_UK).count() == 2

    checklist.step("Staff accounts.")
    for first, last, username, role in (("Birgitte", "Holm", "birgitte", "housing_host"), ("Mette", "Sørensen", "mette", "caseworker")):
        _open_admin_link(page, "Medarbejdere")
        page.get_by_role("link", name="Ny konto").click()
        assert_accessible(page, "new account")
        page.locator("#id_first_name").fill(first)
        page.locator("#id_last_name").fill(last)
        page.locator("#id_username").fill(username)
        page.locator("#id_role").select_option(role)
        if role == "housing_host":
            page.get_by_label("Hotel Nord").check()
        page.get_by_role("button", name="Opret kontoen").click()
        page.get_by_role("heading", name="Kontoen er oprettet").wait_for()
        assert len(page.locator("#temporary-password").inner_text()) == 14
        assert_accessible(page, "account created")
    host = get_user_model().objects.get(username="birgitte")
    assert host.role == "housing_host" and [loc.code for loc in host.hosted_locations.all()] == ["hotel-nord"]

    checklist.step("The existing caseload.")
    caseload = tmp_path / "caseload.csv"
    caseload.write_bytes(caseload_csv(today))
    call_command("migrate_caseload", str(caseload), dry_run=True, by="peter", stdout=StringIO())
    assert not Person.objects.exists()
    call_command("migrate_caseload", str(caseload), by="peter", stdout=StringIO())
    imported = Tenancy.objects.get(room__number="140")
    assert imported.monthly_rent == int(CAPS["single"]) and Case.objects.get().caseworker.username == "mette"

    checklist.step("The first referral placed.")
    page.get_by_role("link", name="Visitationer", exact=True).click()
    page.get_by_role("link", name="Registrér en visitation").click()
    page.locator("#id_first_name").fill("Олена")
    page.locator("#id_last_name").fill("Шевченко")
    page.locator("#id_birth_date").fill("17.05.1990")
    page.locator("#id_gender").select_option("F")
    page.locator("#id_languages").fill("ukrainsk")
    page.locator("#id_target_group").select_option("displaced_ukrainian")
    page.locator("#id_decision_date").fill((today - timedelta(days=5)).strftime("%d.%m.%Y"))
    page.locator("#id_caseworker").select_option(label="Mette Sørensen")
    page.get_by_role("button", name="Registrér visitationen").click()
    page.get_by_text("Visitationen er registreret.").wait_for()
    page.get_by_role("link", name="Placeringer", exact=True).click()
    page.get_by_role("heading", name="Husstande, der venter på midlertidig indkvartering").wait_for()
    assert_accessible(page, "awaiting")
    olena = Person.objects.get(first_name="Олена")
    page.locator(f"#household-{olena.membership.household_id}").check()
    page.get_by_role("button", name="Foreslå placeringer").click()
    page.get_by_role("heading", name="Placeringsforslag").wait_for()
    assert_accessible(page, "proposal")
    page.get_by_role("link", name="Bekræft reservationerne …").click()
    page.get_by_role("button", name="Reservér værelserne").click()
    page.get_by_text("1 husstand har fået et reserveret værelse.").wait_for()
    # The room is reserved; the arrival moves her in.
    page.goto(f"/reception/referrals/{olena.membership.household.referral.pk}/arrival/")
    page.get_by_role("button", name="Registrér ankomsten").click()
    page.get_by_text("Ankomsten er registreret").wait_for()
    tenancy = Tenancy.objects.get(household=olena.membership.household)
    # A newcomer before the first benefit payment needs food distribution: the hotel has it, the second location not.
    assert tenancy.room.location.code == "hotel-nord" and tenancy.moved_in_on == today
    assert tenancy.monthly_rent == int(CAPS["single"])

    checklist.step("The lease.")
    _open_admin_link(page, "Opsætning")
    page.get_by_role("link", name="Hotel Nord").click()
    page.locator(f'a[href="/housing/tenancies/{tenancy.pk}/checklist/"]').click()  # the room may be shared: this household's
    assert_accessible(page, "checklist")
    page.locator("#id_language").select_option("uk")
    with page.expect_download() as download:
        page.get_by_role("button", name="Lav lejekontrakten (PDF)").click()
    danish, ukrainian = pdf_pages(download.value.path())[:2]
    assert "Lejekontrakt for midlertidig indkvartering" in danish and "2.650,00 kr." in danish
    assert f"Husorden for Hotel Nord, version 1, gældende fra den {today:%d.%m.%Y}:" in danish
    assert "Cykler stilles i gården." in danish
    assert "2 650,00 DKK" in ukrainian and "Велосипеди ставлять у дворі." in ukrainian
    checklist.finished()


def _open_admin_link(page, name: str) -> None:
    """Set-up and staff are in the administrator's Administration submenu: open it, then follow the link."""
    link = page.locator("nav.velkomst-nav").get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        page.locator("nav.velkomst-nav summary", has_text="Administration").click()
    link.click()
