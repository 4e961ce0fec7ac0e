"""Reading "how many pets of which kind" from a cell of a referral list or the go-live file.

"0", "2" (pets of no stated kind), "1 dog", "2 dogs, 1 cat", "hund", "1 hund; 2 katte". Pure: the kinds are the
codes of ``people.Pet.Kind`` (dog, cat, other).
"""
from __future__ import annotations

import re

from velkomst.lib.text import fold, whole_number

KINDS = ("dog", "cat", "other")
_WORDS = {
    "dog": "dog", "dogs": "dog", "hund": "dog", "hunde": "dog", "hunden": "dog",
    "cat": "cat", "cats": "cat", "kat": "cat", "katte": "cat", "katten": "cat",
    "other": "other", "others": "other", "andet": "other", "andre": "other", "pet": "other", "pets": "other", "dyr": "other",
}  # fmt: skip
_PART = re.compile(r"^(\d+)?\s*([^\d\s].*)?$")


def parse_pets(text: str) -> dict[str, int]:
    """The number of pets of each kind (every kind present). Raises ValueError when a part is not a number and/or a kind."""
    counts = dict.fromkeys(KINDS, 0)
    text = (text or "").strip()
    if not text:
        return counts
    bare = whole_number(text)
    if bare is not None:
        counts["other"] = bare
        return counts
    for part in re.split(r"[,;+]| og | and ", text):
        part = part.strip()
        if not part:
            continue
        match = _PART.match(part)
        if not match:
            raise ValueError(part)
        number, word = match.groups()
        kind = _WORDS.get(fold(word or "").strip()) if word else "other"
        if kind is None:
            raise ValueError(part)
        counts[kind] += int(number) if number else 1
    return counts
