"""Citizen letters as PDF (fpdf2), Danish first and then the citizen's language.

The font is IBM Plex Sans from the design system package the project already
installs (node_modules/dkfds): it covers Danish letters and Cyrillic, and no
font is ever taken from the machine.
"""
from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from fpdf import FPDF

from velkomst.letters import texts
from velkomst.lib.text import transliterate_uk

FONT_DIR = Path(settings.BASE_DIR) / "node_modules" / "dkfds" / "dist" / "fonts" / "IBMPlexSans" / "complete" / "ttf"
FONT = "plex"


class FontsMissing(RuntimeError):
    pass


def new_document() -> FPDF:
    regular, bold = FONT_DIR / "IBMPlexSans-Regular.ttf", FONT_DIR / "IBMPlexSans-Bold.ttf"
    if not regular.exists() or not bold.exists():
        raise FontsMissing(f"IBM Plex Sans not found in {FONT_DIR}; run `make assets` (npm ci)")
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font(FONT, "", str(regular))
    pdf.add_font(FONT, "B", str(bold))
    pdf.set_creator("Velkomst")
    pdf.set_lang("da")
    return pdf


def name_for(language: str, name: str) -> str:
    """A Cyrillic name keeps its spelling; the Latin letters and Danish pages add the official transliteration."""
    latin = transliterate_uk(name)
    if language != "uk" and latin != name:
        return f"{name} ({latin})"
    return name


# Written where the font has no glyph (an emoji in a name): a visible mark, never a silently dropped character.
MISSING_GLYPH = "?"


def printable(pdf: FPDF, text: str) -> str:
    """The text with every character the current font cannot draw replaced by ``MISSING_GLYPH``."""
    cmap = pdf.current_font.cmap
    return "".join(c if c in "\n\t" or ord(c) in cmap else MISSING_GLYPH for c in text)


def write(pdf: FPDF, text: str, *, align: str, size: float = 11, style: str = "", space: float = 2) -> None:
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(0, size * 0.5, printable(pdf, text), align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(space)


def _summons_page(pdf: FPDF, appointment, language: str, citizen_language: str, letter_date: date) -> None:
    words = texts.SUMMONS[language]
    align = "R" if texts.DIRECTION[language] == "rtl" else "L"
    case, person = appointment.case, appointment.case.person
    meeting = texts.MEETING_NAMES[language][appointment.kind]
    start = timezone.localtime(appointment.starts_at)
    minutes = int((appointment.ends_at - appointment.starts_at).total_seconds() // 60)
    caseworker = appointment.caseworker.get_full_name() if appointment.caseworker else ""
    pdf.add_page()
    write(pdf, words["sender"], align=align, size=9, space=8)
    write(pdf, f"{words['to']}: {name_for(language, person.full_name)}", align=align)
    write(pdf, f"{words['case']}: {case.number}", align=align, space=0)
    write(pdf, f"{words['letter_date']}: {texts.long_date(letter_date, language)}", align=align, space=8)
    write(pdf, words["title"].format(meeting=meeting), align=align, size=16, style="B", space=5)
    write(pdf, words["invited"].format(meeting=meeting, when=texts.meeting_time(start, language)), align=align)
    write(pdf, f"{words['place']}: {appointment.place}", align=align)
    write(pdf, words["duration"].format(minutes=minutes), align=align)
    if appointment.interpreter_language:
        write(pdf, words["interpreter"].format(language=appointment.interpreter_language), align=align)
    if appointment.kind in ("welcome", "contract"):
        write(pdf, words[appointment.kind], align=align)
    write(pdf, words["bring"], align=align)
    if caseworker:
        write(pdf, words["cancel"].format(caseworker=caseworker), align=align)
    versions = words["versions"].format(language=texts.LANGUAGE_NAMES["da"][citizen_language])
    pdf.ln(4)
    write(pdf, versions, align=align, size=9)


def summons_pdf(appointment, language: str, *, letter_date: date) -> bytes:
    """The summons to a booked meeting: a Danish page, then a page in the citizen's language ("uk" or "en")."""
    if language not in texts.CITIZEN_LANGUAGES:
        raise ValueError(f"citizen letters are in {texts.CITIZEN_LANGUAGES}, not {language!r}")
    pdf = new_document()
    meeting = texts.MEETING_NAMES["da"][appointment.kind]
    pdf.set_title(texts.SUMMONS["da"]["title"].format(meeting=meeting))
    for page_language in ("da", language):
        _summons_page(pdf, appointment, page_language, language, letter_date)
    return bytes(pdf.output())
