
import pytest

from velkomst.rules.danish import FINAL_EXAMS, MODULES, module_count, suggest_track


def suggest(years=None, literate=True, latin=True, higher=False):
    return suggest_track(
        years_of_schooling=years,
        literate_in_own_language=literate,
        knows_latin_alphabet=latin,
        has_medium_or_long_education=higher,
    )


def test_a_learner_with_no_schooling_who_cannot_read_their_own_language_is_du1():
    track, reason = suggest(years=0, literate=False, latin=False)

    assert track == "DU1"
    assert reason == "Cannot read and write their own language. Has little or no schooling."


def test_a_learner_who_cannot_read_their_own_language_is_du1_even_with_some_school_years():
    assert suggest(years=6, literate=False)[0] == "DU1"


def test_a_learner_with_short_schooling_who_reads_their_own_language_is_du2():
    track, reason = suggest(years=8, literate=True, latin=True)

    assert track == "DU2"
    assert reason == "Can read and write their own language and has 8 years of schooling."


def test_a_du2_learner_without_the_latin_alphabet_is_still_du2_and_the_reason_says_so():
    track, reason = suggest(years=9, literate=True, latin=False)

    assert track == "DU2"
    assert reason.endswith("Will need to learn the Latin alphabet.")


def test_unknown_years_of_schooling_still_give_a_suggestion():
    assert suggest(years=None, literate=True)[0] == "DU2"
    assert suggest(years=None, literate=False)[0] == "DU1"


def test_a_learner_with_medium_or_long_education_is_du3():
    track, reason = suggest(years=16, literate=True, latin=True, higher=True)

    assert track == "DU3"
    assert reason == "Has a medium or long education."


def test_not_knowing_the_latin_alphabet_never_makes_a_learner_with_long_education_du1():
    track, reason = suggest(years=17, literate=True, latin=False, higher=True)

    assert track == "DU3"
    assert "Latin alphabet does not by itself" in reason


def test_negative_years_of_schooling_are_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        suggest(years=-1)


def test_du1_and_du2_have_six_modules_and_du3_five():
    assert MODULES == {"DU1": 6, "DU2": 6, "DU3": 5}


def test_du3_has_an_optional_sixth_module_and_the_others_do_not():
    assert module_count("DU3") == 5
    assert module_count("DU3", with_optional_module=True) == 6
    assert module_count("DU1", with_optional_module=True) == 6


def test_an_unknown_track_is_refused():
    with pytest.raises(ValueError, match="Unknown Danish education track"):
        module_count("DU4")


def test_each_track_ends_with_its_own_final_exam():
    assert FINAL_EXAMS == {"DU1": ("PD1",), "DU2": ("PD2",), "DU3": ("PD3", "Studieprøven")}
