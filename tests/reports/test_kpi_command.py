"""`velkomst kpi --as-of --json` prints the figures with the issue's keys; shares as fractions."""
import io
import json

import pytest
from django.core.management import call_command

from tests.reports.factories import small_population


@pytest.mark.django_db
def test_the_command_prints_every_figure_as_json():
    small_population()
    out = io.StringIO()
    call_command("kpi", "--as-of", "2026-11-26", "--json", stdout=out)
    values = json.loads(out.getvalue())
    assert values["ukrainians_living_in_municipality"] == 4
    assert values["share_female"] == 0.5 and values["pets_total"] == 1
    assert all(isinstance(v, (int, float)) for v in values.values())


@pytest.mark.django_db
def test_without_json_it_prints_a_readable_table():
    small_population()
    out = io.StringIO()
    call_command("kpi", "--as-of", "2026-11-26", stdout=out)
    assert "share_female" in out.getvalue() and "50.0 %" in out.getvalue()
