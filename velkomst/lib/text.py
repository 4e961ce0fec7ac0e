"""Text helpers for finding people by name.

Caseworkers type names the way they heard or read them: "Soren" for "Søren",
"Aase" for "Åse", "Olena" for "Олена". ``fold`` makes a search key that is
tolerant of those differences, ``transliterate_uk`` writes Ukrainian Cyrillic
in Latin letters the way Ukrainian passports do, and ``name_key`` combines the
two so one person's Cyrillic and Latin spellings give the same key.
"""

from __future__ import annotations

import re
import unicodedata

# Apostrophe look-alikes. Ukrainian uses U+02BC; keyboards produce the rest.
APOSTROPHES = frozenset("'’ʼ‘`´")
_DASHES = re.compile(r"[-‐‑‒–—]")

# Letters that are not "a letter plus an accent" in Unicode, so stripping
# combining marks does not reach them.
_LATIN_LETTERS = str.maketrans(
    {
        "æ": "ae",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "œ": "oe",
        # Russian writing often uses е for ё; treat them as the same letter.
        "ё": "е",
    }
)

# "Aase"/"Åse" and "Joergen"/"Jørgen" are the same names written without
# Danish letters. Once å -> a and ø -> o, folding the digraphs makes both
# spellings meet (and, since both sides are folded, "aa" still finds "aa").
_DIGRAPHS = ((re.compile("a{2,}"), "a"), (re.compile("oe+"), "o"))


def fold(text: str) -> str:
    """A search key: compare ``fold(query) in fold(name)``.

    Case-insensitive; Danish letters folded (æ -> ae, ø and "oe" -> o,
    å and "aa" -> a); accents on Latin letters dropped (é -> e, ü -> u);
    Cyrillic stays Cyrillic (й, ї keep their marks; ё counts as е);
    apostrophes dropped; hyphens and runs of whitespace become one space.
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_LATIN_LETTERS)
    text = _strip_latin_accents(text)
    text = "".join(ch for ch in text if ch not in APOSTROPHES)
    text = _DASHES.sub(" ", text)
    # Last, so that nothing removed after it can bring two letters together
    # into a new digraph: fold(fold(x)) == fold(x).
    for pattern, replacement in _DIGRAPHS:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def _strip_latin_accents(text: str) -> str:
    """Drop combining marks that sit on a Latin letter, keep the rest.

    Marks on Cyrillic letters are kept because they make different letters
    (и/й, і/ї), not accented versions of the same one. NFKD also turns
    compatibility forms (full-width letters, ligatures) into plain letters.
    """
    kept: list[str] = []
    base_is_latin = False
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            if not base_is_latin:
                kept.append(ch)
            continue
        base_is_latin = ch.isascii()
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


# Ukrainian official transliteration, Cabinet of Ministers Resolution No. 55
# of 27 January 2010. Lower-case forms; case is restored afterwards.
_UK_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e",
    "є": "ie", "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia",
    # Russian letters, for names written the Russian way. ы and э have
    # obvious values; ё -> e and ъ dropped follow Russian passports (ICAO)
    # for ё, and treat ъ like the Ukrainian apostrophe it corresponds to.
    "ы": "y", "э": "e", "ё": "e", "ъ": "",
}  # fmt: skip

# At the start of a word these letters are written differently.
_UK_WORD_START = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def transliterate_uk(text: str) -> str:
    """Ukrainian Cyrillic to Latin by the official national system (2010).

    "Юлія Іваненко" -> "Yuliia Ivanenko", "Згурський" -> "Zghurskyi",
    "Знам'янка" -> "Znamianka". Є, Ї, Й, Ю, Я start a word as Ye, Yi, Y, Yu,
    Ya and are ie, i, i, iu, ia elsewhere; "зг" is "zgh"; the soft sign and the
    apostrophe are dropped. A word in capitals stays in capitals. Anything
    that is not Cyrillic is left as it is.
    """
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    for i, ch in enumerate(text):
        lower = ch.lower()
        if ch in APOSTROPHES and _touches_cyrillic(text, i):
            continue
        if lower not in _UK_TO_LATIN:
            out.append(ch)
            continue
        out.append(_with_case_of(text, i, _latin_for(text, i, lower)))
    return "".join(out)


def _latin_for(text: str, i: int, lower: str) -> str:
    if lower in _UK_WORD_START and _starts_word(text, i):
        return _UK_WORD_START[lower]
    if lower == "г" and i > 0 and text[i - 1].lower() == "з":
        return "gh"  # so that "зг" is not read as "zh" (ж)
    return _UK_TO_LATIN[lower]


def _starts_word(text: str, i: int) -> bool:
    """True unless a letter comes before, directly or across an apostrophe."""
    before = i - 1
    if before >= 0 and text[before] in APOSTROPHES:
        before -= 1  # "Мар'яна": я follows the apostrophe inside the word
        return not (before >= 0 and text[before].isalpha())
    return before < 0 or not text[before].isalpha()


def _touches_cyrillic(text: str, i: int) -> bool:
    neighbours = text[max(i - 1, 0) : i] + text[i + 1 : i + 2]
    return any(ch.lower() in _UK_TO_LATIN for ch in neighbours)


def _with_case_of(text: str, i: int, latin: str) -> str:
    if not latin or not text[i].isupper():
        return latin
    if _word_is_in_capitals(text, i):
        return latin.upper()
    return latin[0].upper() + latin[1:]


def _word_is_in_capitals(text: str, i: int) -> bool:
    """"ЮЛІЯ" -> "YULIIA", but a lone capital (an initial, "Ю.") -> "Yu"."""
    start = i
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] in APOSTROPHES):
        start -= 1
    end = i
    while end < len(text) and (text[end].isalpha() or text[end] in APOSTROPHES):
        end += 1
    letters = [ch for ch in text[start:end] if ch.isalpha()]
    return len(letters) > 1 and all(ch.isupper() for ch in letters)


def name_key(first: str, last: str) -> str:
    """A key under which one person's names match however they were written.

    Cyrillic is transliterated, the result folded, and the words sorted so
    that "Olena Shevchenko", "Олена Шевченко" and "SHEVCHENKO Olena" (first
    and last name swapped, as happens on forms) give the same key.
    """
    words = fold(transliterate_uk(f"{first} {last}")).split()
    return " ".join(sorted(words))


# Characters nobody types on purpose: the C0 controls but tab, line feed and carriage return, and DEL.
# They break exports (XML cannot hold them) and hide in pasted text; input refuses them, output leaves them out.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None



_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")


def whole_number(text: str) -> int | None:
    """A non-negative whole number written in ASCII digits, else None. (``str.isdigit`` also accepts "²" and other
    digits that ``int`` cannot read: the one way the app reads a number from text.)"""
    text = text.strip()
    return int(text) if _WHOLE_NUMBER.fullmatch(text) else None



def natural_key(text: str) -> tuple:
    """Sorts "Hold 2" before "Hold 10" (numbers by value, letters folded): the order people expect in a list."""
    return tuple((0, int(part)) if part.isdecimal() else (1, fold(part)) for part in re.split(r"(\d+)", text) if part)
