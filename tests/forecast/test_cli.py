"""`velkomst forecast` on the command line (velkomst.forecast.cli)."""

import argparse
import io
import json

import pytest

from velkomst.forecast import cli


def run(*argv):
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    out = io.StringIO()
    assert cli.run(parser.parse_args(argv), out) == 0
    return out.getvalue()


def test_it_prints_a_table_per_scenario_with_the_weeks_at_risk():
    text = run(
        "--free", "family_rooms=10", "--mix", "family=1", "--arrivals", "2",
        "--deterministic", "--weeks", "8", "--every", "1", "--runs", "10",
    )

    assert "## 2 per week" in text
    assert "family rooms: 10 % run-out risk from week 6; 50 % risk from week 6" in text
    assert "| 5 | 0 (0–0) | 0% |" in text
    assert "| 6 | 0 (0–0) | 100% |" in text


def test_recent_referrals_give_a_scenario_from_the_last_twelve_weeks():
    text = run("--recent-referrals", "100,100,20,30,20,30,20,30,20,30,20,30,20,30", "--arrivals", "50", "--runs", "50")

    assert "## recent 12 weeks: 25 households/week" in text
    assert "## 50 per week" in text


def test_it_prints_json_with_planned_changes():
    data = json.loads(
        run("--free", "family_rooms=10", "--arrivals", "5", "--change", "3:family_rooms=-4,shared_beds_M=2", "--json", "--runs", "20")
    )

    assert data[0]["changes"] == [
        {"week": 3, "family_rooms": -4, "shared_beds_F": 0, "shared_beds_M": 2, "note": ""}
    ]
    assert len(data[0]["kinds"][0]["free_median"]) == 52


def test_it_refuses_unknown_kinds_and_no_scenario(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--free", "beds=3", "--arrivals", "5"])
    assert "unknown capacity kinds" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--free", "family_rooms=3"])
    assert "give --arrivals" in capsys.readouterr().err
