"""`velkomst forecast` on the command line: the pure CLI (velkomst.forecast.cli) and the command that reads the database."""

import argparse
import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from tests.forecast.test_backtest import history  # noqa: F401 (fixture)
from tests.forecast.test_inputs import AS_OF, housing  # noqa: F401 (fixture)
from tests.reception.factories import aware
from velkomst.forecast import cli


def run(*argv):
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    out = io.StringIO()
    assert cli.run(parser.parse_args(argv), out) == 0
    return out.getvalue()


def test_it_prints_a_table_per_scenario_with_the_weeks_at_risk():
    text = run("--empty", "3=2", "--mix", "family=1", "--family-sizes", "3=1", "--arrivals", "1",
               "--deterministic", "--weeks", "4", "--every", "1", "--runs", "10")

    assert "## 1 per week: 1.0 households/week" in text
    assert "families: 10 % risk of no place from week 3; 50 % risk from week 3" in text
    assert "| 2 | 0 (0–0) | 0 (0–0) | 0 (0–0) | 0 (0–0) | 6 (6–6) | 0 | 0% | 0% | 0% |" in text
    assert "| 3 | 0 (0–0) | 0 (0–0) | 0 (0–0) | 0 (0–0) | 6 (6–6) | 3 | 100% | 0% | 0% |" in text


def test_singles_open_an_empty_room_and_a_location_opens_on_the_command_line():
    data = json.loads(run("--empty", "2=1", "--shared", "F:2:1=1", "--family", "4:3=1", "--mix", "single_M=1", "--arrivals", "2",
                          "--open", "2:4x2", "--deterministic", "--weeks", "3", "--runs", "5", "--json"))

    total = data[0]["total"]
    assert total["shared_beds_M"]["median"] == [0, 0, 0]  # week 1 two men open the room; then the opened rooms fill
    assert total["empty_rooms"]["median"] == [0, 1, 0]
    assert data[0]["changes"] == [{"week": 2, "pool": "general", "rooms": {"2": 2}, "note": "4 beds open"}]


def test_arrivals_times_k_and_recent_referrals():
    text = run("--recent-referrals", "100,100,20,30,20,30,20,30,20,30,20,30,20,30", "--arrivals", "50", "--factor", "2:8",
               "--runs", "50")
    assert "## recent 12 weeks: 25.0 households/week" in text and "## 50 per week" in text


def test_it_refuses_unknown_shapes_and_no_scenario(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--shared", "X:2:1=3", "--arrivals", "5"])
    assert "women (F) or men (M)" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--empty", "2=3"])
    assert "give --arrivals" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--open", "six", "--arrivals", "5"])
    assert "WEEK:BEDS" in capsys.readouterr().err


# --- from the database ------------------------------------------------------------------------


def command(*argv):
    out = io.StringIO()
    call_command("forecast", *argv, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.time_machine(aware(AS_OF, 10))
def test_the_command_reads_the_pools_and_flows_from_the_database(housing):  # noqa: F811
    results = json.loads(command("--as-of", AS_OF.isoformat(), "--json", "--runs", "100", "--arrivals", "1"))

    assert [r["scenario"]["name"] for r in results] == ["recent 12 weeks", "1 per week"]
    assert set(results[0]["pools"]) == {"general", "reception", "reserved:vulnerable", f"closing:{housing['closing'].pk}"}
    assert results[1]["changes"][0]["rooms"] == {"2": 1}  # the blocked room comes back
    assert len(results[1]["total"]["empty_rooms"]["median"]) == 52


@pytest.mark.django_db
def test_a_what_if_from_the_command_line(housing):  # noqa: F811
    text = command("--as-of", AS_OF.isoformat(), "--no-recent", "--runs", "100", "--open", "6:140x2", "--factor", "2:8",
                   "--close", f"{housing['general'].code}@{(AS_OF + timedelta(weeks=4)).isoformat()}")
    assert "## what if: 140 beds open in week 6; arrivals x2 for 8 weeks; Gården closes on 24.12.2026" in text
    with pytest.raises(CommandError, match="no location with the code"):
        command("--as-of", AS_OF.isoformat(), "--close", "nowhere@2027-01-01")


@pytest.mark.django_db
def test_rooms_on_the_command_line_replace_the_database(housing):  # noqa: F811
    [result] = json.loads(command("--as-of", AS_OF.isoformat(), "--json", "--empty", "2=5", "--arrivals", "1", "--mix", "family=1",
                                  "--deterministic", "--weeks", "3"))
    assert result["total"]["empty_rooms"]["median"] == [4, 3, 2] and result["changes"] == []


@pytest.mark.django_db
def test_the_back_test_prints_each_forecast_day_and_the_verdict_per_kind(history):  # noqa: F811
    text = command("--as-of", AS_OF.isoformat(), "--backtest", "--backtest-weeks", "3", "--runs", "50")

    assert "# Back-test of the capacity forecast up to 26.11.2026" in text
    assert "| 05.11.2026 (3 weeks back) | empty rooms | 1 of 3 | 33% | 1 |" in text
    assert "| empty rooms | 1 of 3 | 33% | 1 | NO |" in text
    assert "| women's shared beds | 3 of 3 | 100% | 0 | yes |" in text
    assert "| 2 | 19.11.2026 | 0 / 1 (1–1) outside | 1 / 1 (1–1) | 3 / 0 (0–0) outside |" in text
