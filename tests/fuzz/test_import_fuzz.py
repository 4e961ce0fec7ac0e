"""The referral import parser turns any file into rows or row errors; it never raises."""
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

importing = pytest.importorskip("velkomst.reception.importing")

HEADERS = [alias for aliases in importing.COLUMNS.values() for alias in aliases]
CELL = st.one_of(
    st.sampled_from(["", "ja", "nej", "x", "ukrainian", "F", "M", "child", "2026-11-26", "26.11.2026", "31-02-2026",
                     "0101901234", "010190-1234", "\x00", "Олена", '"', '""', ";", ",", "\r", "=cmd|' /C calc'!A0", "9" * 400]),
    st.text(max_size=30),
)
TODAY = date(2026, 11, 26)
SETTINGS = settings(max_examples=60, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])


def _check(parsed):
    assert isinstance(parsed, importing.Parsed)
    for error in parsed.errors:
        assert isinstance(error, importing.RowError) and str(error.message)


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
    parsed = importing.parse("list.csv", content, today=TODAY)
    _check(parsed)
    assert not (parsed.rows and parsed.errors) or parsed.errors  # either clean rows, or errors that say why
