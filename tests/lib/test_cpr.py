from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.dk.cpr import checksum

from velkomst.lib import cpr

TODAY = date(2026, 11, 26)
# Far enough ahead that every century rule can be shown without the
# "future birth date" check getting in the way.
FAR_FUTURE = date(2099, 12, 31)


def test_a_number_born_after_2007_is_accepted_even_though_it_fails_modulus_11():
    assert checksum("1503104001") != 0  # the old check would refuse it

    assert cpr.parse("150310-4001", today=TODAY) == (date(2010, 3, 15), "M")


def test_a_classic_number_that_passes_modulus_11_is_accepted_too():
    assert checksum("2110621038") == 0

    assert cpr.parse("211062-1038", today=TODAY) == (date(1962, 10, 21), "F")


def test_it_reads_the_number_with_a_hyphen():
    assert cpr.parse("211062-0629", today=TODAY)[0] == date(1962, 10, 21)


def test_it_reads_the_number_without_a_hyphen():
    assert cpr.parse("2110620629", today=TODAY)[0] == date(1962, 10, 21)


def test_it_ignores_surrounding_whitespace():
    assert cpr.parse("  211062-0629\n", today=TODAY)[0] == date(1962, 10, 21)


@pytest.mark.parametrize(
    ("number", "birth_date"),
    [
        # 7th digit 0-3: always the 1900s
        ("010100-0000", date(1900, 1, 1)),
        ("010136-1000", date(1936, 1, 1)),
        ("010199-2000", date(1999, 1, 1)),
        ("010158-3000", date(1958, 1, 1)),
        # 7th digit 4 and 9: 2000s up to YY 36, 1900s from YY 37
        ("010100-4000", date(2000, 1, 1)),
        ("010136-4000", date(2036, 1, 1)),
        ("010137-4000", date(1937, 1, 1)),
        ("010199-4000", date(1999, 1, 1)),
        ("010136-9000", date(2036, 1, 1)),
        ("010137-9000", date(1937, 1, 1)),
        # 7th digit 5-8: 2000s up to YY 57, 1800s from YY 58
        ("010100-5000", date(2000, 1, 1)),
        ("010157-5000", date(2057, 1, 1)),
        ("010158-5000", date(1858, 1, 1)),
        ("010157-8000", date(2057, 1, 1)),
        ("010158-8000", date(1858, 1, 1)),
        ("010199-6000", date(1899, 1, 1)),
    ],
)
def test_the_seventh_digit_and_the_year_give_the_century(number, birth_date):
    assert cpr.parse(number, today=FAR_FUTURE)[0] == birth_date


@pytest.mark.parametrize("last_digit", "13579")
def test_an_odd_last_digit_means_a_man(last_digit):
    assert cpr.parse(f"211062-062{last_digit}", today=TODAY)[1] == "M"


@pytest.mark.parametrize("last_digit", "02468")
def test_an_even_last_digit_means_a_woman(last_digit):
    assert cpr.parse(f"211062-062{last_digit}", today=TODAY)[1] == "F"


def test_a_birth_date_in_the_future_is_refused():
    # 7th digit 4, YY 30 -> 2030
    with pytest.raises(ValueError, match="in the future"):
        cpr.parse("010130-4001", today=TODAY)


def test_someone_born_today_is_accepted():
    assert cpr.parse("261126-4001", today=TODAY)[0] == TODAY


def test_the_day_comes_from_the_caller_not_the_clock():
    with pytest.raises(TypeError):
        cpr.parse("010157-5000")  # no `today`: a pure module has no clock to fall back on
    with pytest.raises(ValueError, match="in the future"):
        cpr.parse("010157-5000", today=date(2056, 12, 31))  # 2057
    assert cpr.parse("010157-5000", today=date(2057, 1, 1))[0] == date(2057, 1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "211062",
        "211062-062",
        "211062-06291",
        "21106206291",
        "2110a2-0629",
        "211062 0629",
        "21-10-62-0629",
        "211062--0629",
        "٢١١٠٦٢٠٦٢٩",  # Arabic-Indic digits are digits to Python, not to the CPR register
    ],
)
def test_text_that_is_not_ten_digits_is_refused_with_the_expected_format(text):
    with pytest.raises(ValueError) as error:
        cpr.parse(text, today=TODAY)

    assert str(error.value) == "A CPR number has 10 digits, written DDMMYY-SSSS"


@pytest.mark.parametrize("text", ["320162-0629", "011362-0629", "000162-0629", "290223-0629"])
def test_a_date_that_does_not_exist_is_refused(text):
    with pytest.raises(ValueError) as error:
        cpr.parse(text, today=TODAY)

    assert str(error.value) == "The first six digits must be a valid date (DDMMYY)"


def test_29_february_in_a_leap_year_is_a_real_date():
    assert cpr.parse("290224-4000", today=TODAY)[0] == date(2024, 2, 29)


def test_format_puts_the_hyphen_in():
    assert cpr.format_cpr(" 2110620629 ") == "211062-0629"
    assert cpr.format_cpr("211062-0629") == "211062-0629"


def test_mask_hides_the_sequence_number():
    assert cpr.mask("2110620629") == "211062-XXXX"


def test_format_and_mask_refuse_text_that_is_not_a_cpr_number():
    with pytest.raises(ValueError, match="10 digits"):
        cpr.format_cpr("12345")
    with pytest.raises(ValueError, match="10 digits"):
        cpr.mask("12345")


@pytest.mark.parametrize("text", ["170591 0152", "170591–0152", "170591/0152", "CPR 170591-0152", "1705910152", "17.05.91-0152",
                                  "find 170591 - 0152 please", "170591—0152"])
def test_a_cpr_number_in_any_shape_is_masked_in_free_text(text):
    masked = cpr.mask_in_text(text)
    assert "0152" not in masked and "170591-XXXX" in masked


@pytest.mark.parametrize("text", ["2026-00001", "26.11.2026", "Olena Koval", "+45 12 34 56 78", "2026-11-26 10:00"])
def test_other_numbers_are_left_as_they_are(text):
    assert cpr.mask_in_text(text) == text


@given(birth=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), serial=st.integers(min_value=0, max_value=9999),
       separator=st.sampled_from(["", "-", " ", "–", "/", " - ", ".", "_"]), before=st.sampled_from(["", "CPR ", "nr. ", "x"]))
def test_no_cpr_number_survives_masking_whatever_its_separator(birth, serial, separator, before):
    number = f"{birth:%d%m%y}{separator}{serial:04d}"
    masked = cpr.mask_in_text(f"{before}{number} søgning")
    assert f"{birth:%d%m%y}-XXXX" in masked and number not in masked
