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


# --- Every word Danish: the catalogues and the templates ------------------------------------------------------------

# Words Danish shares with English: a Danish msgstr may be the same as its msgid when it is made of these only.
SHARED_WORDS = {
    "administration", "administrator", "api", "book", "km", "definition", "digital", "flag", "hospital", "hotel", "import", "institution", "journal",
    "mitid", "norm", "patient", "pdf", "person", "plan", "post", "relation", "reservation", "start", "status", "type", "upload", "version",
}
# English words that do not occur in Danish sentences: one of them in a Danish msgstr is an untranslated part.
ENGLISH_ONLY = re.compile(r"\b(the|and|you|your|is|are|of|with|has|was|not|this|from|will|which|must|cannot)\b")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|\{\w+\}|<code>.*?</code>|<[^>]+>|\b[\w.-]+\.dk\b")


def danish_texts(entry: dict) -> list[tuple[str, str]]:
    if "msgid_plural" in entry:
        return [(entry["msgid"], entry.get("msgstr[0]", "")), (entry["msgid_plural"], entry.get("msgstr[1]", ""))]
    return [(entry["msgid"], entry.get("msgstr", ""))]


def test_no_danish_translation_is_the_english_text():
    english = []
    for entry in DANISH:
        for msgid, msgstr in danish_texts(entry):
            words = set(re.findall(r"[a-zæøå]+", PLACEHOLDER.sub(" ", msgid).lower()))
            if msgstr == msgid and words - SHARED_WORDS:
                english.append(msgid)
            elif ENGLISH_ONLY.search(PLACEHOLDER.sub(" ", msgstr)):
                english.append(msgstr)
    assert english == [], "translate these into Danish"


ENGLISH_CATALOGUES = [path.parents[2] / "en" / "LC_MESSAGES" / "django.po" for path in CATALOGUES]


@pytest.mark.parametrize("po", ENGLISH_CATALOGUES, ids=lambda p: p.parts[-5])
def test_the_english_catalogue_is_complete_and_never_fuzzy(po):
    """English is the source language: an empty msgstr shows the msgid as written. The English catalogue has every
    string the Danish one has, none fuzzy, and none translated into Danish by mistake."""
    danish = {(e.get("msgctxt"), e["msgid"]): e for e in po_entries(po.parents[2] / "da" / "LC_MESSAGES" / "django.po")}
    english = {(e.get("msgctxt"), e["msgid"]): e for e in po_entries(po)}
    assert set(danish) - set(english) == set(), "add these strings to the English catalogue"
    assert [e["msgid"] for e in english.values() if "fuzzy" in e["flags"]] == []
    danish_in_english = [key[1] for key, e in english.items() if key in danish and e.get("msgstr") and e.get("msgstr") == danish[key].get("msgstr")
                         and e["msgstr"] != key[1]]
    assert danish_in_english == []
    assert po.with_suffix(".mo").exists()


TEMPLATES = sorted((LOCALE.parent).glob("**/templates/**/*.html"))
# Text a template may show as it is: brand and product names, codes and units the same in both languages.
TEMPLATE_ALLOWED = {
    "Velkomst", "· Velkomst",  # the product's name
    "CSV",  # a file format
    "kr.", "kr. —", ": , kr.",  # Danish kroner, written kr. in both interfaces
}
# Templates that are bilingual by design: the server-error page renders without a request, so it shows both languages.
TEMPLATE_FILES_ALLOWED = {"500.html"}
# The referral import's column names: codes a spreadsheet must use, shown with their Danish alias.
COLUMN_CODE = re.compile(r"^[a-z_]+( / [a-zæøå ]+)?(, [a-z_]+( / [a-zæøå ]+)?)*$")


def visible_template_text(source: str) -> list[str]:
    """The text a template shows outside {% translate %} and {% blocktranslate %}: text between tags and the
    aria-label, placeholder, title and alt attributes, once comments, scripts, template tags and variables are gone."""
    text = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|\{#.*?#\}", "", source, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", "", text, flags=re.S | re.I)
    text = re.sub(r"\{%\s*blocktrans(late)?\b.*?\{%\s*endblocktrans(late)?\s*%\}", " ", text, flags=re.S)
    text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)
    found = [" ".join(m.group(1).split()) for m in re.finditer(r">([^<>]*)<", text)]
    found += [m.group(2).strip() for m in re.finditer(r'\b(aria-label|placeholder|title|alt)="([^"]*)"', text)]
    return [t for t in found if re.search(r"[A-Za-zÆØÅæøå]{2,}", t)]


def test_the_template_scan_finds_text_outside_translate():
    source = '<p>{% translate "Save" %}</p><h1>Open cases</h1><input placeholder="dd.mm.åååå"><p>{{ n }} {% blocktranslate %}x{% endblocktranslate %}</p>'
    assert visible_template_text(source) == ["Open cases", "dd.mm.åååå"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_every_template_text_is_translated(template):
    if template.name in TEMPLATE_FILES_ALLOWED:
        return
    untranslated = [t for t in visible_template_text(template.read_text(encoding="utf-8"))
                    if t not in TEMPLATE_ALLOWED and not COLUMN_CODE.match(t)]
    assert untranslated == [], "put these in {% translate %}"


def test_numbers_in_messages_are_written_the_danish_way_without_exponents():
    from decimal import Decimal

    from django.utils import translation

    from velkomst.formats import number_text

    with translation.override("da"):
        # Decimal("30.00").normalize() is Decimal("3E+1"): the timeline once said "3E+1 timer".
        assert [number_text(v) for v in (Decimal("30.00"), Decimal("37.50"), Decimal("3E+1"), 1600, 2.5)] == ["30", "37,5", "30", "1.600", "2,5"]


@pytest.mark.django_db
def test_the_manager_s_date_field_has_the_design_system_s_styling(client, staff):
    client.force_login(staff["manager"])
    html = client.get("/reports/?as_of=26.11.2026").content.decode()
    assert 'class="form-input velkomst-date"' in html and 'value="26.11.2026"' in html and 'type="date"' not in html


# --- Every word Danish: the Python code's messages, errors and labels ------------------------------------------------

import ast  # noqa: E402

PYTHON = sorted(p for p in LOCALE.parent.rglob("*.py") if "migrations" not in p.parts and "management" not in p.parts)
# Where English literals are right, and why.
PYTHON_PATHS_ALLOWED = {
    "api": "the OpenAPI schema's field descriptions are for the developers of other municipal systems, in English",
}
PYTHON_TEXTS_ALLOWED = {
    "DU1", "DU2", "DU3",  # the three Danish courses (danskuddannelse), named so in both languages
    "Prøve i Dansk 1", "Prøve i Dansk 2", "Prøve i Dansk 3", "Studieprøven",  # the national exams' own names
}
MESSAGE_FUNCTIONS = {"success", "error", "info", "warning", "debug"}
TEXT_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label", "error_messages"}
WORDS = re.compile(r"[A-Za-zÆØÅæøå]{2,}")


def _literal(node) -> str | None:
    """The text of a string literal, an f-string, "…" % … or "…".format(…); None for anything else (a gettext call)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _literal(node.left)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _literal(node.func.value)
    return None


def _texts(node):
    """The literals in a message argument: itself, or the values of a dict or list ({"field": "…"}, ["…", "…"])."""
    text = _literal(node)
    if text is not None:
        yield node, text
    elif isinstance(node, ast.Dict):
        for value in node.values:
            yield from _texts(value)
    elif isinstance(node, (ast.List, ast.Tuple)):
        for value in node.elts:
            yield from _texts(value)


def untranslated_python_texts(source: str) -> list[tuple[int, str]]:
    """User-facing literals outside gettext: messages.success(request, "…"), ValidationError("…"), form.add_error(f, "…"),
    HttpResponse("…"), errors["f"] = "…", label= / help_text= / verbose_name= / error_messages= "…", and the labels of TextChoices."""
    found = []
    for node in ast.walk(ast.parse(source)):
        shown = []
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in MESSAGE_FUNCTIONS and isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "messages" and len(node.args) > 1:
                shown.append(node.args[1])
            if name == "add_message" and len(node.args) > 2:
                shown.append(node.args[2])
            if name in ("ValidationError", "PermissionDenied", "HttpResponse", "HttpResponseBadRequest", "HttpResponseForbidden") and node.args:
                shown.append(node.args[0])
            if name == "add_error" and len(node.args) > 1:
                shown.append(node.args[1])
            shown += [kw.value for kw in node.keywords if kw.arg in TEXT_KEYWORDS]
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Subscript):
            if getattr(node.targets[0].value, "id", "") in ("errors", "error"):
                shown.append(node.value)
        elif isinstance(node, ast.ClassDef) and any((getattr(b, "attr", "") or getattr(b, "id", "")).endswith("Choices") for b in node.bases):
            shown += [st.value.elts[-1] for st in node.body
                      if isinstance(st, ast.Assign) and isinstance(st.value, ast.Tuple) and len(st.value.elts) >= 2]
        for argument in shown:
            found += [(n.lineno, text) for n, text in _texts(argument) if WORDS.search(text) and text not in PYTHON_TEXTS_ALLOWED]
    return found


def test_the_python_scan_finds_text_outside_gettext():
    source = '''
messages.success(request, "Saved.")
messages.error(request, _("Not saved."))
raise ValidationError({"day": "Give a date.", "other": _("ok")})
form.add_error("room", f"Room {n} is full")
errors["hours"] = "Too many hours" % {}
field = forms.CharField(label="Name", help_text=_("As in the passport"))
class Kind(models.TextChoices):
    A = "a", "Apple"
    B = "b", _("Banana")
    C = "c", "DU1"
'''
    assert sorted(text for _line, text in untranslated_python_texts(source)) == sorted([
        "Saved.", "Give a date.", "Room  is full", "Too many hours", "Name", "Apple"])


@pytest.mark.parametrize("module", PYTHON, ids=lambda p: str(p.relative_to(LOCALE.parent)))
def test_every_python_message_and_label_is_translated(module):
    if module.relative_to(LOCALE.parent).parts[0] in PYTHON_PATHS_ALLOWED:
        return
    found = untranslated_python_texts(module.read_text(encoding="utf-8"))
    assert found == [], "wrap these in gettext (_(…)) and add them to the catalogues"
