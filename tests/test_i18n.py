"""Danish by default, English complete: every interface string has its Danish translation, and the compiled catalogue matches."""
import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[1] / "velkomst" / "locale"


def po_entries(path: Path) -> list[dict]:
    """A small reader of .po files: msgid, msgid_plural, msgstr / msgstr[n], flags."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, field = {"flags": ""}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line):
                field = match.group(1)
                entry[field] = match.group(2)
            elif line.startswith('"') and field:
                entry[field] += line[1:-1]
        if entry.get("msgid"):
            entries.append({k: v.replace('\\"', '"').replace("\\n", "\n") for k, v in entry.items()})
    return entries


CATALOGUES = sorted(LOCALE.parent.glob("**/locale/da/LC_MESSAGES/django.po"))
DANISH = [entry | {"catalogue": str(path.parent)} for path in CATALOGUES for entry in po_entries(path)]


def test_the_catalogue_is_not_empty():
    assert len(DANISH) > 250


@pytest.mark.parametrize("entry", DANISH, ids=lambda e: e["msgid"][:40])
def test_every_string_has_a_danish_translation(entry):
    assert "fuzzy" not in entry["flags"]
    if "msgid_plural" in entry:
        assert entry["msgstr[0]"] and entry["msgstr[1]"]
    else:
        assert entry["msgstr"]


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_the_compiled_catalogue_matches_the_source(po):
    with open(po.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    def compiled_text(entry):
        if "msgctxt" in entry:
            return compiled.pgettext(entry["msgctxt"], entry["msgid"])
        return compiled.gettext(entry["msgid"])

    stale = [e["msgid"] for e in po_entries(po) if "msgid_plural" not in e and compiled_text(e) != e["msgstr"]]
    assert stale == [], "run `make messages`"


def test_the_pure_modules_messages_are_in_the_catalogue():
    from velkomst.lib import cpr
    from velkomst.people.lib_messages import CPR_MESSAGES

    assert set(CPR_MESSAGES) == {cpr.WRONG_FORMAT, cpr.IMPOSSIBLE_DATE, cpr.FUTURE_BIRTH_DATE}
    assert set(CPR_MESSAGES) <= {e["msgid"] for e in DANISH}


@pytest.mark.django_db
def test_pages_are_danish_by_default_and_english_on_request(client, caseworker):
    client.force_login(caseworker)
    assert "Mine sager" in client.get("/my-cases/").content.decode()
    client.post("/language/", {"language": "en", "next": "/my-cases/"})
    html = client.get("/my-cases/").content.decode()
    assert "My cases" in html and 'lang="en"' in html


@pytest.mark.django_db
def test_dates_and_numbers_are_written_the_danish_way(client, staff):
    from django.template import Context, Template
    from django.utils import translation

    with translation.override("da"):
        rendered = Template('{% load humanize %}{{ day|date:"SHORT_DATE_FORMAT" }} {{ n|intcomma }} {{ share|floatformat:1 }}').render(
            Context({"day": __import__("datetime").date(2026, 11, 26), "n": 1600, "share": 81.04})
        )
    assert rendered == "26.11.2026 1.600 81,0"


def test_no_string_is_translated_two_ways_in_different_catalogues():
    """Django merges the catalogues: one English string gets one Danish translation on every page."""
    seen: dict[tuple, dict[str, str]] = {}
    for entry in DANISH:
        if "msgid_plural" in entry:
            continue
        key = (entry.get("msgctxt", ""), entry["msgid"])
        seen.setdefault(key, {})[entry["catalogue"]] = entry["msgstr"]
    conflicts = {key[1]: set(by.values()) for key, by in seen.items() if len(set(by.values())) > 1}
    assert conflicts == {}, "use pgettext with a context, or the same translation"
