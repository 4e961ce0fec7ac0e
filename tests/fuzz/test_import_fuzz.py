"""The referral import parser turns any file into rows or row errors; it never raises."""
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from velkomst.reception import importing

HEADERS = [alias for aliases in importing.COLUMNS.values() for alias in aliases]
CELL = st.one_of(
    st.sampled_from(["", "ja", "nej", "x", "ukrainian", "F", "M", "child", "2026-11-26", "26.11.2026", "31-02-2026",
                     "0101901234", "010190-1234", "\x00", "Олена", '"', '""', ";", ",", "\r", "=cmd|' /C calc'!A0", "9" * 400]),
    st.text(max_size=30),
)
TODAY = date(2026, 11, 26)
SETTINGS = settings(max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", 60)), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])


def _check(parsed, *, lines: int | None = None):
    """True of every file: each error names a line of the file, a known column (or none) and a fix; a file without
    errors gives complete rows, one applicant per household; with errors, the import would import nothing."""
    assert isinstance(parsed, importing.Parsed)
    for error in parsed.errors:
        assert isinstance(error, importing.RowError) and str(error.message).strip()
        assert error.line >= 1 and (lines is None or error.line <= lines)
        assert error.column == "" or error.column in importing.COLUMNS
    if parsed.errors:
        return
    assert parsed.rows, "a file without errors has persons"
    for row in parsed.rows:
        assert row.first_name and row.last_name and row.birth_date and row.referral_decision_date and row.target_group
        assert row.population in ("ukrainian", "refugee")
    for rows in parsed.households().values():
        assert [row.relation for row in rows].count("applicant") == 1


@pytest.mark.django_db
@SETTINGS
@given(content=st.binary(max_size=4000), name=st.sampled_from(["list.csv", "list.xlsx", "list.txt", "LIST.CSV", ""]))
def test_random_bytes_give_row_errors_not_exceptions(content, name):
    _check(importing.parse(name, content, today=TODAY))


@pytest.mark.django_db
@SETTINGS
@given(
    headers=st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=12)), min_size=1, max_size=18),
    rows=st.lists(st.lists(CELL, max_size=20), max_size=15),
    separator=st.sampled_from([",", ";", "\t"]),
    bom=st.booleans(),
)
def test_random_csv_text_gives_rows_or_row_errors(headers, rows, separator, bom):
    text = "\n".join(separator.join(line) for line in [headers, *rows])
    content = ("\ufeff" if bom else "").encode() + text.encode("utf-8", "surrogatepass")
    _check(importing.parse("list.csv", content, today=TODAY), lines=len(text.splitlines()) + 1)


NAMES = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzæøåАБВГДЕЖОлена -"), min_size=1, max_size=12).filter(str.strip)
PERSON = st.fixed_dictionaries({
    "first_name": NAMES, "last_name": NAMES,
    "birth_date": st.dates(min_value=__import__("datetime").date(1940, 1, 1), max_value=__import__("datetime").date(2025, 12, 31)),
    "gender": st.sampled_from(["F", "M"]),
})
BAD_CELLS = {"birth_date": "31.02.1990", "referral_decision_date": "not a date", "gender": "Q", "population": "tourist", "pets": "many"}


@pytest.mark.django_db
@SETTINGS
@given(households=st.lists(st.lists(PERSON, min_size=1, max_size=4), min_size=1, max_size=5),
       population=st.sampled_from(["ukrainian", "refugee", "municipal_quota"]),
       corrupt=st.one_of(st.none(), st.tuples(st.integers(min_value=0, max_value=100), st.sampled_from(sorted(BAD_CELLS)))))
def test_a_valid_list_imports_whole_and_one_bad_cell_names_its_line(households, population, corrupt):
    header = ["household", "relation", "first_name", "last_name", "birth_date", "gender", "referral_decision_date", "population", "pets"]
    lines = []
    for number, members in enumerate(households, start=1):
        for index, person in enumerate(members):
            lines.append({"household": f"H{number}", "relation": "applicant" if index == 0 else "other",
                          "first_name": person["first_name"], "last_name": f"{person['last_name']}{number}x{index}",
                          "birth_date": person["birth_date"].strftime("%d.%m.%Y"), "gender": person["gender"],
                          "referral_decision_date": "16.11.2026", "population": population, "pets": "0"})
    bad_line = None
    if corrupt:
        position, column = corrupt
        position %= len(lines)
        lines[position][column] = BAD_CELLS[column]
        bad_line = position + 2  # the header is line 1
    content = "\n".join(";".join(row[name] for name in header) for row in [dict(zip(header, header)), *lines]).encode()
    parsed = importing.parse("list.csv", content, today=TODAY)
    _check(parsed, lines=1 + len(lines))
    if bad_line is None:
        assert parsed.errors == [] and len(parsed.rows) == len(lines)
    else:
        assert bad_line in {error.line for error in parsed.errors}
