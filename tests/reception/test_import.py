"""Importing referral lists: CSV and XLSX, Danish letters and Cyrillic, all-or-nothing, possible duplicates."""
import io
from datetime import date

import pytest
from openpyxl import Workbook

from tests.factories import make_person
from tests.reception.factories import aware
from velkomst.people.models import Case, Household, Person
from velkomst.reception import importing, services
from velkomst.reception.models import Referral, ReferralImport

TODAY = date(2026, 11, 26)  # the day of the import (the services never read the clock)
NOW = aware(TODAY, 10)
HEADER = ["household", "relation", "first_name", "last_name", "birth_date", "gender", "nationality", "cpr", "asylum_centre",
          "special_considerations", "pets", "step_free", "referral_decision_date", "population"]
GOOD = [
    ["A", "applicant", "Олена", "Шевченко", "17.05.1990", "F", "Ukraine", "", "Center Sandholm", "Astma", "1", "nej", "02.11.2026", "ukrainian"],
    ["A", "child", "Максим", "Шевченко", "03.02.2015", "M", "Ukraine", "", "Center Sandholm", "", "0", "nej", "02.11.2026", "ukrainian"],
    ["B", "", "Søren", "Ærø-Åberg", "01.01.1980", "M", "Ukraine", "", "Center Sjælsmark", "Kørestol", "0", "ja", "03.11.2026", "ukrainian"],
]


def csv_bytes(rows, *, header=HEADER, delimiter=";", bom=False) -> bytes:
    text = "\r\n".join(delimiter.join(cells) for cells in [header, *rows]) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def xlsx_bytes(rows, *, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run_import(user, name, content):
    batch = services.referral_import_upload(by=user, file_name=name, content=content, today=TODAY)
    return services.referral_import(by=user, batch=batch, now=NOW)


@pytest.mark.django_db
def test_a_good_csv_creates_households_persons_cases_and_referrals(staff):
    batch = run_import(staff["reception"], "liste.csv", csv_bytes(GOOD))
    assert batch.status == ReferralImport.Status.IMPORTED and batch.imported_persons == 3 and batch.imported_at == NOW
    assert Referral.objects.count() == 2 and Household.objects.count() == 2 and Case.objects.count() == 3
    olena = Person.objects.get(first_name="Олена")
    assert olena.membership.relation == "applicant"
    referral = olena.membership.household.referral
    assert (referral.decision_date, referral.population, referral.asylum_centre) == (date(2026, 11, 2), "ukrainian", "Center Sandholm")
    assert "Astma" in referral.special_considerations
    assert olena.membership.household.pets.count() == 1
    assert Person.objects.get(first_name="Максим").membership.relation == "child"
    case = olena.cases.get()
    assert case.takeover_date == date(2026, 11, 23) and case.status == "referred"
    assert batch.parsed == {}  # nothing of the list is kept once imported


@pytest.mark.django_db
def test_danish_letters_and_cyrillic_survive_csv_and_xlsx(staff):
    run_import(staff["reception"], "a.csv", csv_bytes(GOOD[2:]))
    soren = Person.objects.get()
    assert (soren.first_name, soren.last_name) == ("Søren", "Ærø-Åberg")
    assert soren.membership.household.needs_step_free is True
    run_import(staff["reception"], "b.xlsx", xlsx_bytes(GOOD[:2]))
    assert Person.objects.filter(last_name="Шевченко").count() == 2


@pytest.mark.django_db
def test_a_comma_separated_file_with_an_excel_bom_is_read(staff):
    batch = run_import(staff["reception"], "excel.csv", csv_bytes(GOOD, delimiter=",", bom=True))
    assert batch.imported_persons == 3


def test_xlsx_date_cells_and_cpr_numbers_without_leading_zero_are_understood():
    rows = [["", "", "Iryna", "Bondar", date(1990, 5, 1), "F", "", 105901234, "", "", 0, "nej", date(2026, 11, 2), "ukrainian"]]
    parsed = importing.parse("liste.xlsx", xlsx_bytes(rows), today=TODAY)
    assert parsed.errors == []
    assert parsed.rows[0].cpr == "010590-1234" and parsed.rows[0].birth_date == date(1990, 5, 1)


@pytest.mark.django_db
def test_a_file_with_bad_rows_imports_nothing_and_reports_every_bad_row_with_line_and_column(staff):
    bad = [
        GOOD[0],
        ["A", "child", "Максим", "Шевченко", "31.02.2015", "M", "", "", "Center Sandholm", "", "0", "nej", "02.11.2026", "ukrainian"],
        ["C", "", "", "Melnyk", "01.01.1980", "M", "", "", "", "", "0", "nej", "03.11.2026", "ukrainian"],
        ["D", "", "Ivan", "Melnyk", "01.01.1981", "M", "", "", "", "", "to", "nej", "03.11.2026", "marsboer"],
    ]
    batch = services.referral_import_upload(by=staff["reception"], file_name="bad.csv", content=csv_bytes(bad), today=TODAY)
    with pytest.raises(services.ImportRefused) as refused:
        services.referral_import(by=staff["reception"], batch=batch, now=NOW)
    found = {(e.line, e.column) for e in refused.value.errors}
    assert found == {(3, "birth_date"), (4, "first_name"), (5, "pets"), (5, "population")}
    assert all(e.message for e in refused.value.errors)
    assert "17.05.1990" in next(e.message for e in refused.value.errors if e.column == "birth_date")  # an example of the format
    assert Person.objects.count() == 0 and Referral.objects.count() == 0


def test_a_birth_date_after_the_day_of_the_import_is_a_bad_row():
    tomorrow = [["", "", "Iryna", "Bondar", "27.11.2026", "F", "", "", "", "", "0", "nej", "02.11.2026", "ukrainian"]]
    assert [(e.line, e.column) for e in importing.parse("x.csv", csv_bytes(tomorrow), today=TODAY).errors] == [(2, "birth_date")]
    assert importing.parse("x.csv", csv_bytes(tomorrow), today=date(2026, 11, 27)).errors == []


def test_a_missing_column_is_reported_on_the_header_line():
    parsed = importing.parse("x.csv", csv_bytes([], header=["first_name", "last_name"]), today=TODAY)
    assert {(e.line, e.column) for e in parsed.errors} == {(1, "birth_date"), (1, "referral_decision_date"), (1, "population")}


def test_a_file_that_is_not_utf8_says_how_to_save_it():
    parsed = importing.parse("x.csv", ";".join(HEADER).encode() + "\nSøren".encode("latin-1"), today=TODAY)
    assert parsed.errors[0].line == 1 and "UTF-8" in parsed.errors[0].message


def test_one_household_with_two_decision_dates_is_refused_on_the_later_line():
    rows = [GOOD[0], [*GOOD[1][:12], "05.11.2026", "ukrainian"]]
    parsed = importing.parse("x.csv", csv_bytes(rows), today=TODAY)
    assert [(e.line, e.column) for e in parsed.errors] == [(3, "referral_decision_date")]


def test_the_same_person_twice_in_one_file_in_cyrillic_and_latin_is_an_error_in_the_file():
    rows = [GOOD[0], ["Z", "", "Olena", "Shevchenko", "17.05.1990", "F", "", "", "", "", "0", "nej", "02.11.2026", "ukrainian"]]
    parsed = importing.parse("x.csv", csv_bytes(rows), today=TODAY)
    assert [(e.line, e.column) for e in parsed.errors] == [(3, "last_name")]
    assert "2" in parsed.errors[0].message  # points at the first line


@pytest.mark.django_db
def test_a_person_with_a_known_cpr_is_flagged_and_the_household_is_not_created_again(staff):
    known = make_person(first_name="Iryna", last_name="Bondar", birth_date=date(1990, 5, 1), cpr="010590-1234")
    rows = [["", "", "Iryna", "Bondarenko", "", "", "", "0105901234", "", "", "0", "nej", "02.11.2026", "ukrainian"], GOOD[2]]
    batch = run_import(staff["reception"], "x.csv", csv_bytes(rows))
    assert batch.report["duplicates"] == [{"line": 2, "person": known.pk}]
    assert batch.imported_persons == 1 and batch.skipped_duplicates == 1
    assert Person.objects.filter(cpr="010590-1234").count() == 1


@pytest.mark.django_db
def test_a_cyrillic_and_a_latin_spelling_of_one_person_are_a_possible_duplicate(staff):
    known = make_person(first_name="Олена", last_name="Шевченко", birth_date=date(1990, 5, 17))
    latin = [["A", "applicant", "OLENA", "Shevchenko", "17.05.1990", "F", "", "", "", "", "0", "nej", "02.11.2026", "ukrainian"],
             ["A", "child", "Maksym", "Shevchenko", "03.02.2015", "M", "", "", "", "", "0", "nej", "02.11.2026", "ukrainian"]]
    batch = services.referral_import_upload(by=staff["reception"], file_name="x.csv", content=csv_bytes(latin), today=TODAY)
    check = services.import_check(parsed=importing.Parsed.from_json(batch.parsed))
    assert check.duplicates == {2: known}
    assert check.skipped_lines == {2, 3}  # the whole household waits for the coordinator
    services.referral_import(by=staff["reception"], batch=batch, now=NOW)
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_the_upload_page_shows_the_preview_and_confirming_imports(client, staff):
    client.force_login(staff["reception"])
    upload = io.BytesIO(csv_bytes(GOOD))
    upload.name = "liste.csv"
    response = client.post("/reception/import/", {"file": upload})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert "Олена Шевченко" in html and "Søren Ærø-Åberg" in html
    assert Person.objects.count() == 0
    assert client.post(response["Location"]).status_code == 302
    assert Person.objects.count() == 3


@pytest.mark.django_db
def test_confirming_a_bad_list_lists_the_rows_and_saves_nothing(client, staff):
    client.force_login(staff["reception"])
    client.cookies.load({"django_language": "en"})
    upload = io.BytesIO(csv_bytes([GOOD[0], ["", "", "Ivan", "", "01.01.1980", "M", "", "", "", "", "0", "nej", "03.11.2026", "ukrainian"]]))
    upload.name = "liste.csv"
    location = client.post("/reception/import/", {"file": upload})["Location"]
    response = client.post(location)
    assert response.status_code == 400
    assert "The last name is empty" in response.content.decode()
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_an_upload_without_a_file_names_the_field(client, staff):
    client.force_login(staff["reception"])
    response = client.post("/reception/import/", {})
    assert response.status_code == 400 and "file" in response.context["form"].errors


def test_a_control_character_in_a_cell_is_a_bad_row_named_by_line_and_column():
    content = ("first_name;last_name;birth_date;gender;referral_decision_date;population\n"
               "Olena;Koval;17.05.1990;F;16.11.2026;ukrainian\n"
               "Iva\x0bn;Koval;01.01.1980;M;16.11.2026;ukrainian\n").encode()
    parsed = importing.parse("list.csv", content, today=date(2026, 11, 26))
    assert [(e.line, e.column) for e in parsed.errors] == [(3, "first_name")]


def test_the_list_is_read_once_and_only_its_rows_are_kept(staff, monkeypatch):
    batch = services.referral_import_upload(by=staff["reception"], file_name="liste.csv", content=csv_bytes(GOOD), today=TODAY)
    assert not hasattr(batch, "content") and len(batch.parsed["rows"]) == batch.rows > 0

    def no_second_reading(*args, **kwargs):
        raise AssertionError("the file was parsed again")

    monkeypatch.setattr(importing, "parse", no_second_reading)
    services.referral_import(by=staff["reception"], batch=batch, now=NOW)


def test_a_file_over_5_mb_is_refused_before_anything_is_stored(client, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff["reception"])
    big = SimpleUploadedFile("liste.csv", b"first_name\n" + b"x" * (5 * 1024 * 1024 + 10), content_type="text/csv")
    response = client.post("/reception/import/", {"file": big})
    assert response.status_code == 400 and "file" in response.context["form"].errors
    assert not ReferralImport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("decided", ["01.01.1900", "31.12.2999", "01.01.2000"])
def test_a_decision_date_outside_its_window_is_a_bad_row_in_the_preview_and_at_confirmation(client, staff, decided):
    """The import reads the same decision window as the referral form and the API; before, the preview let 01.01.1900
    and 31.12.2999 through and the confirmation answered 500."""
    client.force_login(staff["reception"])
    client.cookies.load({"django_language": "en"})
    upload = io.BytesIO(csv_bytes([GOOD[2][:12] + [decided, "ukrainian"]]))
    upload.name = "liste.csv"
    location = client.post("/reception/import/", {"file": upload})["Location"]
    preview = client.get(location).content.decode()
    assert "referral_decision_date" in preview and "Write a date from" in preview
    response = client.post(location)
    assert response.status_code == 400
    assert Person.objects.count() == 0 and Referral.objects.count() == 0


def test_the_parser_refuses_a_decision_date_outside_its_window_naming_the_column():
    rows = [GOOD[2][:12] + ["31.12.2999", "ukrainian"]]
    assert [(e.line, e.column) for e in importing.parse("x.csv", csv_bytes(rows), today=TODAY).errors] == [(2, "referral_decision_date")]


@pytest.mark.django_db
def test_confirming_a_list_imports_it_as_a_background_job_whose_page_leads_to_the_report(client, staff):
    from velkomst.jobs.models import Job

    client.force_login(staff["reception"])
    upload = io.BytesIO(csv_bytes(GOOD))
    upload.name = "liste.csv"
    preview = client.post("/reception/import/", {"file": upload})["Location"]
    response = client.post(preview)
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/" and job.kind == "referral_import"
    assert (job.status, job.result_url) == ("done", preview)  # the test suite's worker runs it at once
    report = client.get(response["Location"], follow=True)
    assert report.redirect_chain[-1][0] == preview and Person.objects.count() == 3
    assert ReferralImport.objects.get().status == ReferralImport.Status.IMPORTED


@pytest.mark.django_db
def test_an_import_job_that_cannot_import_says_why_and_saves_nothing(staff):
    from velkomst.jobs import services as jobs
    from velkomst.jobs.models import Job

    user = staff["reception"]
    batch = services.referral_import_upload(by=user, file_name="liste.csv", content=csv_bytes(GOOD), today=TODAY)
    services.referral_import(by=user, batch=batch, now=NOW)  # imported meanwhile (another tab)
    job = Job.objects.create(kind=Job.Kind.REFERRAL_IMPORT, capability="manage_referrals", role=user.role, started_by=user,
                             params={"import": batch.pk}, created_at=NOW)
    jobs.run_job(str(job.pk), services.referral_import_run)
    job.refresh_from_db()
    assert job.status == "failed" and job.failure.startswith("Listen er allerede importeret")  # in the language of the centre
    assert Person.objects.count() == 3  # the first import's, not twice
