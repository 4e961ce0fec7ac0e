"""The go-live caseload import: a good file, a file with bad rows (nothing imported), a dry run."""
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import make_staff
from tests.housing.factories import make_location, make_room
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog
from velkomst.housing.models import Tenancy
from velkomst.migration import columns
from velkomst.migration.services import CaseloadRefused, caseload_import
from velkomst.people.models import Case, Household, Person

GO_LIVE = date(2026, 11, 26)  # the import's day: the housing rules and birth dates are checked on it
HEADER = ("household;relation;first_name;last_name;cpr;birth_date;gender;target_group;referral_decision_date;status;arrival_date;"
          "caseworker;patient;needs_step_free;pets;first_benefit_payment_on;room;moved_in_on\n")
GOOD = HEADER + (
    "A1;applicant;Олена;Шевченко;170590-1234;;;displaced_ukrainian;02.03.2026;in_programme;20.03.2026;mette;no;no;0;15.04.2026;solterrasserne/101;20.03.2026\n"
    "A1;child;Андрій;Шевченко;;01.02.2015;M;displaced_ukrainian;02.03.2026;arrived;20.03.2026;;no;;;;;\n"
    "B7;applicant;Ahmad;Karimi;;12.12.1979;M;un_quota;10.01.2025;employed;01.03.2025;;no;no;0;01.04.2025;solterrasserne/102;01.03.2025\n"
    "C3;applicant;Iryna;Bondarenko;;02.03.1985;F;displaced_ukrainian;16.11.2026;referred;;;no;no;0;;;\n"
)


@pytest.fixture
def setup(db):
    admin = make_staff("admin", roles.ADMIN)
    make_staff("mette", roles.CASEWORKER)
    location = make_location(code="solterrasserne", name="Solterrasserne", serves_refugees=True, food_distribution=True)
    make_room(location, number="101", beds=3)
    make_room(location, number="102", beds=2)
    return admin


def test_a_good_file_creates_persons_households_cases_and_current_tenancies(setup):
    report = caseload_import(by=setup, file_name="caseload.csv", content=GOOD.encode(), as_of=GO_LIVE)
    assert (report.persons, report.households, report.cases, report.tenancies) == (4, 3, 4, 2)
    olena = Person.objects.get(cpr="170590-1234")
    assert olena.birth_date == date(1990, 5, 17) and olena.gender == "F"
    case = olena.cases.get()
    assert case.status == "in_programme" and case.caseworker.username == "mette" and case.arrival_date == date(2026, 3, 20)
    tenancy = Tenancy.objects.get(household=olena.membership.household, moved_out_on=None)
    assert tenancy.room.code == "solterrasserne/101" and tenancy.persons == 2
    assert olena.membership.household.first_benefit_payment_on == date(2026, 4, 15)
    assert list(case.status_changes.values_list("status", flat=True)) == ["referred", "in_programme"]


def test_a_file_with_bad_rows_imports_nothing_and_reports_every_bad_row(setup):
    bad = GOOD + (
        "D1;applicant;Petro;Koval;;31.02.1980;M;displaced_ukrainian;02.03.2026;;;;no;no;0;;;\n"  # no such date
        "E1;applicant;Ivan;Franko;;01.01.1970;M;displaced_ukrainian;02.03.2026;;;;no;no;0;;solterrasserne/999;01.03.2026\n"  # no room
        "F1;applicant;Maria;Tkachenko;;01.01.1990;F;displaced_ukrainian;02.03.2026;left;;;no;no;0;;;\n"  # left without a reason
        "G1;applicant;Oleh;Lysenko;;01.01.1991;M;displaced_ukrainian;02.03.2026;;;;no;no;0;;solterrasserne/102;01.03.2026\n"  # a man in a family-free shared room with a man: fine
        "H1;applicant;Olha;Lysenko;;01.01.1992;F;displaced_ukrainian;02.03.2026;;;;no;no;0;;solterrasserne/102;01.03.2026\n"  # mixed gender
    )
    with pytest.raises(CaseloadRefused) as refused:
        caseload_import(by=setup, file_name="caseload.csv", content=bad.encode(), as_of=GO_LIVE)
    found = {(e.line, e.column) for e in refused.value.report.errors}
    assert found == {(6, "birth_date"), (7, "room"), (8, "left_reason"), (10, "room")}
    assert not Person.objects.exists() and not Household.objects.exists() and not Tenancy.objects.exists()


def test_a_file_without_the_required_columns_names_them(setup):
    with pytest.raises(CaseloadRefused) as refused:
        caseload_import(by=setup, file_name="caseload.csv", content=b"first_name;last_name\nOlena;Shevchenko\n", as_of=GO_LIVE)
    assert {e.column for e in refused.value.report.errors} == {"household", "relation"}


def test_a_dry_run_reports_what_would_be_created_and_writes_nothing(setup):
    report = caseload_import(by=setup, file_name="caseload.csv", content=GOOD.encode(), dry_run=True, as_of=GO_LIVE)
    assert (report.persons, report.households, report.cases, report.tenancies) == (4, 3, 4, 2)
    assert not Person.objects.exists() and not Case.objects.exists()
    log = AccessLog.objects.get(user=setup)
    assert log.criteria["dry_run"] is True and log.criteria["persons"] == 0


def test_the_command_imports_and_refuses_with_every_line(setup, tmp_path, capsys):
    good = tmp_path / "caseload.csv"
    good.write_text(GOOD)
    call_command("migrate_caseload", str(good), "--dry-run", "--by", "admin")
    assert "would create 4 persons in 3 households" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "X;applicant;Olena;;;;;displaced_ukrainian;02.03.2026;;;;no;no;0;;;\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("migrate_caseload", str(bad), "--by", "admin")
    assert "line 2, last_name" in capsys.readouterr().err
    call_command("migrate_caseload", str(good), "--by", "admin")
    assert Person.objects.count() == 4


def test_the_documentation_names_every_column():
    from pathlib import Path

    documentation = (Path(__file__).resolve().parents[2] / "docs" / "go-live.md").read_text()
    assert columns.as_markdown() in documentation


def test_a_current_tenancy_from_a_year_without_rent_caps_is_a_bad_row_naming_the_year(setup):
    from velkomst.housing.models import RentCap

    RentCap.objects.filter(year=2025).delete()
    with pytest.raises(CaseloadRefused) as refused:
        caseload_import(by=setup, file_name="caseload.csv", content=GOOD.encode(), as_of=GO_LIVE)
    [error] = refused.value.report.errors
    assert (error.line, error.column) == (4, "room") and "2025" in error.message  # Ahmad's lease started in 2025
    assert not Tenancy.objects.exists() and not Person.objects.exists()
