"""The words of the citizen letters, per language, and the dates written the way each language writes them.

Letters are not interface text: Ukrainian is not an interface language, and a letter
must read the same whoever prints it, so the texts live here rather than in gettext.
Pure Python (no Django).
"""
from datetime import date, datetime

from velkomst.lib.text import fold

LETTER_LANGUAGES = ("da", "uk", "en")
CITIZEN_LANGUAGES = ("uk", "en")
# Writing direction per language; the layout aligns by it, so a right-to-left language
# (Arabic, Farsi, Tigrinya is LTR) needs only its texts and "rtl" here (and text shaping).
DIRECTION = {"da": "ltr", "uk": "ltr", "en": "ltr"}

MONTHS = {
    "da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"],
    "uk": ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
}
WEEKDAYS = {
    "da": ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"],
    "uk": ["понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота", "неділя"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def long_date(day: date, language: str) -> str:
    """3. december 2026 / 3 грудня 2026 р. / 3 December 2026"""
    month = MONTHS[language][day.month - 1]
    if language == "da":
        return f"{day.day}. {month} {day.year}"
    if language == "uk":
        return f"{day.day} {month} {day.year} р."
    return f"{day.day} {month} {day.year}"


def meeting_time(moment: datetime, language: str) -> str:
    """torsdag den 3. december 2026 kl. 10.00 / четвер, 3 грудня 2026 р., о 10:00 / Thursday 3 December 2026 at 10:00"""
    weekday = WEEKDAYS[language][moment.weekday()]
    day = long_date(moment.date(), language)
    if language == "da":
        return f"{weekday} den {day} kl. {moment:%H.%M}"
    if language == "uk":
        return f"{weekday}, {day}, о {moment:%H:%M}"
    return f"{weekday} {day} at {moment:%H:%M}"


MEETING_NAMES = {
    "da": {"welcome": "velkomstsamtale", "contract": "kontraktsamtale", "follow_up": "opfølgningssamtale", "other": "samtale"},
    "uk": {"welcome": "вітальну зустріч", "contract": "зустріч щодо укладення контракту", "follow_up": "контрольну зустріч", "other": "зустріч"},
    "en": {"welcome": "welcome meeting", "contract": "contract meeting", "follow_up": "follow-up meeting", "other": "meeting"},
}
LANGUAGE_NAMES = {
    "da": {"uk": "ukrainsk", "en": "engelsk"},
    "uk": {"uk": "українська", "en": "англійська"},
    "en": {"uk": "Ukrainian", "en": "English"},
}

SUMMONS = {
    "da": {
        "sender": "Københavns Kommune · Center for Modtagelse og Integration",
        "title": "Indkaldelse til {meeting}",
        "to": "Til",
        "case": "Sagsnummer",
        "letter_date": "Dato",
        "invited": "Du er indkaldt til {meeting} {when}.",
        "place": "Sted",
        "duration": "Varighed: cirka {minutes} minutter.",
        "interpreter": "Der er tolk på {language}.",
        "bring": "Medbring opholdskort, pas og sundhedskort (sygesikringskort), hvis du har dem.",
        "contract": "Vi taler om dine rettigheder og pligter og laver kontrakten om dit introduktionsprogram.",
        "welcome": "Vi hjælper dig i gang: opholdskort, MitID, bankkonto, ansøgning om ydelse og dit CV.",
        "cancel": "Kan du ikke komme, så kontakt din sagsbehandler {caseworker} hurtigst muligt.",
        "versions": "Brevet er på dansk og {language}. Den danske tekst gælder.",
    },
    "uk": {
        "sender": "Муніципалітет Копенгагена · Центр прийому та інтеграції",
        "title": "Запрошення на {meeting}",
        "to": "Кому",
        "case": "Номер справи",
        "letter_date": "Дата",
        "invited": "Вас запрошено на {meeting}: {when}.",
        "place": "Місце",
        "duration": "Тривалість: приблизно {minutes} хвилин.",
        "interpreter": "Буде перекладач ({language}).",
        "bring": "Візьміть із собою посвідку на проживання, паспорт і картку медичного страхування, якщо вони у вас є.",
        "contract": "Ми поговоримо про ваші права та обовʼязки й укладемо контракт про вашу програму інтеграції.",
        "welcome": "Ми допоможемо вам розпочати: посвідка на проживання, MitID, банківський рахунок, заява на допомогу та ваше резюме.",
        "cancel": "Якщо ви не можете прийти, якнайшвидше звʼяжіться зі своїм куратором {caseworker}.",
        "versions": "Лист написано данською та українською мовами. Чинним є данський текст.",
    },
    "en": {
        "sender": "City of Copenhagen · Centre for Reception and Integration",
        "title": "Invitation to a {meeting}",
        "to": "To",
        "case": "Case number",
        "letter_date": "Date",
        "invited": "You are invited to a {meeting} on {when}.",
        "place": "Place",
        "duration": "Duration: about {minutes} minutes.",
        "interpreter": "An interpreter ({language}) will be there.",
        "bring": "Please bring your residence card, passport and health insurance card if you have them.",
        "contract": "We will talk about your rights and duties and make the contract for your introduction programme.",
        "welcome": "We will help you get started: residence card, MitID, bank account, benefit application and your CV.",
        "cancel": "If you cannot come, contact your caseworker {caseworker} as soon as possible.",
        "versions": "This letter is in Danish and English. The Danish text is the one that applies.",
    },
}

_UKRAINIAN_HINTS = ("ukrain", "украин", "україн", "украї")


def citizen_language(*, languages: str, nationality: str, interpreter_language: str = "") -> str:
    """Ukrainian for Ukrainian speakers or nationals, otherwise English."""
    words = fold(" ".join((languages, nationality, interpreter_language)))
    tokens = set(words.replace(",", " ").split())
    if "uk" in tokens or any(hint in words for hint in _UKRAINIAN_HINTS):
        return "uk"
    return "en"
