"""The placement rule's English reasons in the interface language."""
import re

from django.utils.translation import gettext_lazy, ngettext

from velkomst.rules import danish as rules

_PARTS = {
    rules.REASON_MEDIUM_OR_LONG_EDUCATION: gettext_lazy("Has a medium or long education."),
    rules.REASON_NOT_LATIN_ALPHABET.strip(): gettext_lazy(
        "Not knowing the Latin alphabet does not by itself make a learner with a long education a DU1 learner."),
    rules.REASON_CANNOT_READ_OWN_LANGUAGE: gettext_lazy("Cannot read and write their own language."),
    rules.REASON_NO_SCHOOLING.strip(): gettext_lazy("Has little or no schooling."),
    rules.REASON_SHORT_SCHOOLING: gettext_lazy("Can read and write their own language and has a short schooling."),
    rules.REASON_LEARN_LATIN_ALPHABET.strip(): gettext_lazy("Will need to learn the Latin alphabet."),
}
_YEARS = re.compile(r"^Can read and write their own language and has (\d+) years of schooling\.$")


def translate_reason(reason: str) -> str:
    """Translate the rule's reason sentence by sentence."""
    sentences = [s.strip() + "." for s in reason.split(".") if s.strip()]
    out = []
    for sentence in sentences:
        if sentence in _PARTS:
            out.append(str(_PARTS[sentence]))
        elif match := _YEARS.match(sentence):
            years = int(match.group(1))
            out.append(ngettext("Can read and write their own language and has %(years)s year of schooling.",
                                "Can read and write their own language and has %(years)s years of schooling.", years) % {"years": years})
        else:
            out.append(sentence)
    return " ".join(out)


def reason_text(placement) -> str:
    """The suggestion's reason for a stored placement."""
    _track, reason = rules.suggest_track(
        years_of_schooling=placement.years_of_schooling, literate_in_own_language=placement.literate_in_own_language,
        knows_latin_alphabet=placement.knows_latin_alphabet, has_medium_or_long_education=placement.has_medium_or_long_education)
    return translate_reason(reason)
