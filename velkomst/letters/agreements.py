"""The lease, the house rules and the programme contract as PDFs: Danish first, then the citizen's language (Ukrainian or English).

Built on the summons letter's PDF machinery (`letters.pdf`: IBM Plex Sans from the project's
own dkfds package, alignment by writing direction from `texts.DIRECTION`, so a right-to-left
language needs only its texts). Dates are written dd.mm.yyyy in every language: a date a
citizen can copy into a form. Sending and keeping them on the case is ``letters.services``.
"""
from datetime import date
from decimal import Decimal

from velkomst.formats import date_text
from velkomst.letters import texts
from velkomst.letters.models import Letter
from velkomst.letters.pdf import name_for, new_document, write
from velkomst.rules.households import is_adult

LEASE, HOUSE_RULES, CONTRACT = Letter.Kind.LEASE, Letter.Kind.HOUSE_RULES, Letter.Kind.CONTRACT
KIND_LABELS = {LEASE: "Lejekontrakt", HOUSE_RULES: "Husorden", CONTRACT: "Kontrakt om introduktionsprogram"}


def day(value: date | None) -> str:
    return date_text(value, empty="—")


def kroner(amount: Decimal, language: str) -> str:
    """1.600,00 kr. / 1 600,00 грн → always DKK: 1.600,00 kr. (da), 1 600,00 DKK (uk), DKK 1,600.00 (en)."""
    whole = f"{amount:,.2f}"
    if language == "da":
        return whole.replace(",", "X").replace(".", ",").replace("X", ".") + " kr."
    if language == "uk":
        return whole.replace(",", " ").replace(".", ",") + " DKK"
    return f"DKK {whole}"


WORDS = {
    "da": {
        "sender": "Københavns Kommune · Center for Modtagelse og Integration",
        "letter_date": "Dato", "to": "Til", "case": "Sagsnummer", "page_note": "Brevet er på dansk og {language}. Den danske tekst gælder.",
        "lease_title": "Lejekontrakt for midlertidig indkvartering",
        "lease_parties": "Københavns Kommune (udlejer) og {tenants} (lejer) aftaler følgende:",
        "lease_room": "Bolig: {location}, {address}, værelse {room}.",
        "lease_from": "Lejeforholdet begynder den {start}.",
        "lease_rent": "Husleje: {rent} om måneden ({household_type}). Huslejen følger loftet i bekendtgørelsen om betaling for midlertidig indkvartering.",
        "lease_temporary": "Indkvarteringen er midlertidig, indtil du kan betale en permanent bolig. Husordenen er en del af kontrakten.",
        "lease_moving_out": "Ved fraflytning holdes flyttesyn. Skader ud over almindeligt slid kan kræves betalt.",
        "signature": "Underskrift, lejer: ____________________      Dato: __________",
        "rules_title": "Husorden for {location}",
        "rules_valid": "Gælder fra den {valid_from}. Udleveret til {name} den {given}.",
        "rules_sections": [
            ("Generelt", "Rygning kun udendørs på de anviste steder. Ingen vold, trusler eller hærværk. Børn skal være under opsyn. Fællesarealer holdes rene og ryddelige, og der er ro fra kl. 22 til kl. 7."),
            ("Dit eget ansvar", "Du passer på din sikkerhed og dit helbred, laver kun mad i køkkenerne og flytter ikke møbler mellem værelser."),
            ("Flytning", "Når du flytter, holder vi flyttesyn. Skader og brud på husordenen kan betyde, at du skal betale eller flytte."),
        ],
        "rules_local": "Lokationens egne regler",
        "rules_local_heading": "Lokationens egne regler",
        "lease_rules": "Husorden for {location}, version {version}, gældende fra den {valid_from}:",
        "contract_title": "Kontrakt om introduktionsprogram",
        "contract_former": "(tidligere selvforsørgelses- og hjemrejseprogram)",
        "contract_parties": "Kontrakt mellem Københavns Kommune og {name}, født {birth_date}.",
        "contract_start": "Programmet begynder den {start} med {hours} timer om ugen.",
        "contract_readiness": "Vurdering: {readiness}.",
        "contract_duties": "Du har pligt til at deltage i de aftalte aktiviteter: danskuddannelse, virksomhedsrettede tilbud og samtaler. Kan du ikke deltage, skal du give besked samme dag. Udeblivelse kan få betydning for din ydelse.",
        "contract_rights": "Du har ret til danskuddannelse i op til 5 år og til et første virksomhedsrettet tilbud senest en måned efter overtagelsen.",
        "contract_caseworker": "Din sagsbehandler: {caseworker}.",
        "household_types": {"single": "enlig", "couple": "par", "children_1_3": "husstand med 1–3 børn", "children_4_plus": "husstand med 4 eller flere børn"},
        "readiness": {"job_ready": "jobparat", "activity_ready": "aktivitetsparat", "education_ready": "uddannelsesparat", "": "ikke vurderet endnu"},
    },
    "uk": {
        "sender": "Муніципалітет Копенгагена · Центр прийому та інтеграції",
        "letter_date": "Дата", "to": "Кому", "case": "Номер справи", "page_note": "Лист написано данською та українською мовами. Чинним є данський текст.",
        "lease_title": "Договір оренди тимчасового житла",
        "lease_parties": "Муніципалітет Копенгагена (орендодавець) і {tenants} (орендар) домовляються про таке:",
        "lease_room": "Житло: {location}, {address}, кімната {room}.",
        "lease_from": "Оренда починається {start}.",
        "lease_rent": "Орендна плата: {rent} на місяць ({household_type}). Плата не перевищує граничну суму, встановлену законодавством про тимчасове житло.",
        "lease_temporary": "Житло є тимчасовим, доки ви не зможете оплачувати постійне житло. Правила проживання є частиною договору.",
        "lease_moving_out": "Під час виїзду проводиться огляд житла. За пошкодження понад звичайне зношення може бути виставлено рахунок.",
        "signature": "Підпис орендаря: ____________________      Дата: __________",
        "rules_title": "Правила проживання: {location}",
        "rules_valid": "Діють з {valid_from}. Видано {name} {given}.",
        "rules_sections": [
            ("Загальні правила", "Палити можна лише надворі у відведених місцях. Жодного насильства, погроз чи вандалізму. Діти мають бути під наглядом. Спільні приміщення слід тримати в чистоті; тиша з 22:00 до 7:00."),
            ("Ваша відповідальність", "Дбайте про свою безпеку та здоровʼя, готуйте їжу лише на кухнях і не переносьте меблі між кімнатами."),
            ("Виїзд", "Під час виїзду ми оглядаємо житло. За пошкодження та порушення правил можуть стягнути плату або попросити виїхати."),
        ],
        "rules_local": "Власні правила локації (данською мовою) — на першій сторінці.",
        "rules_local_heading": "Власні правила локації",
        "lease_rules": "Правила проживання {location}, версія {version}, чинні з {valid_from}:",
        "contract_title": "Контракт про вступну програму",
        "contract_former": "(раніше — програма самозабезпечення та повернення)",
        "contract_parties": "Контракт між муніципалітетом Копенгагена та {name}, дата народження {birth_date}.",
        "contract_start": "Програма починається {start}; {hours} годин на тиждень.",
        "contract_readiness": "Оцінка: {readiness}.",
        "contract_duties": "Ви зобовʼязані брати участь в узгоджених заходах: вивчення данської мови, практика на підприємстві та зустрічі. Якщо ви не можете прийти, повідомте того ж дня. Відсутність може вплинути на вашу допомогу.",
        "contract_rights": "Ви маєте право на навчання данської мови до 5 років і на першу пропозицію щодо роботи не пізніше ніж через місяць після прийняття справи.",
        "contract_caseworker": "Ваш куратор: {caseworker}.",
        "household_types": {"single": "одна особа", "couple": "пара", "children_1_3": "сімʼя з 1–3 дітьми", "children_4_plus": "сімʼя з 4 і більше дітьми"},
        "readiness": {"job_ready": "готовий(-а) до роботи", "activity_ready": "готовий(-а) до заходів", "education_ready": "готовий(-а) до навчання", "": "ще не оцінено"},
    },
    "en": {
        "sender": "City of Copenhagen · Centre for Reception and Integration",
        "letter_date": "Date", "to": "To", "case": "Case number", "page_note": "This letter is in Danish and English. The Danish text is the one that applies.",
        "lease_title": "Lease for temporary housing",
        "lease_parties": "The City of Copenhagen (landlord) and {tenants} (tenant) agree as follows:",
        "lease_room": "Home: {location}, {address}, room {room}.",
        "lease_from": "The tenancy begins on {start}.",
        "lease_rent": "Rent: {rent} a month ({household_type}). The rent follows the cap set by the regulation on payment for temporary housing.",
        "lease_temporary": "The housing is temporary, until you can pay for a permanent home. The house rules are part of this lease.",
        "lease_moving_out": "When you move out, the room is inspected. Damage beyond normal wear may be charged.",
        "signature": "Tenant's signature: ____________________      Date: __________",
        "rules_title": "House rules: {location}",
        "rules_valid": "Valid from {valid_from}. Given to {name} on {given}.",
        "rules_sections": [
            ("General", "Smoking only outdoors where it is allowed. No violence, threats or vandalism. Children must be looked after. Keep shared areas clean and tidy; quiet hours are 22:00 to 7:00."),
            ("Your own responsibility", "Look after your safety and health, cook only in the kitchens, and do not move furniture between rooms."),
            ("Moving out", "When you move out, we inspect the room. Damage and breaches of the house rules may mean you pay or have to move."),
        ],
        "rules_local": "The location's own rules (in Danish) are on the first page.",
        "rules_local_heading": "The location's own rules",
        "lease_rules": "House rules of {location}, version {version}, valid from {valid_from}:",
        "contract_title": "Contract for the introduction programme",
        "contract_former": "(formerly the self-support and return programme)",
        "contract_parties": "Contract between the City of Copenhagen and {name}, born {birth_date}.",
        "contract_start": "The programme begins on {start} with {hours} hours a week.",
        "contract_readiness": "Assessment: {readiness}.",
        "contract_duties": "You must take part in the agreed activities: Danish education, company-oriented offers and meetings. If you cannot come, tell us the same day. Absence may affect your benefit.",
        "contract_rights": "You have the right to Danish education for up to 5 years and to a first company-oriented offer at the latest one month after the take-over.",
        "contract_caseworker": "Your caseworker: {caseworker}.",
        "household_types": {"single": "single", "couple": "couple", "children_1_3": "household with 1–3 children", "children_4_plus": "household with 4 or more children"},
        "readiness": {"job_ready": "job-ready", "activity_ready": "activity-ready", "education_ready": "education-ready", "": "not assessed yet"},
    },
}


def _check_language(language: str) -> None:
    if language not in texts.CITIZEN_LANGUAGES:
        raise ValueError(f"citizen letters are in {texts.CITIZEN_LANGUAGES}, not {language!r}")


def _head(pdf, words: dict, *, align: str, name: str, case_number: str, letter_date: date, title: str) -> None:
    pdf.add_page()
    write(pdf, words["sender"], align=align, size=9, space=8)
    write(pdf, f"{words['to']}: {name}", align=align)
    write(pdf, f"{words['case']}: {case_number}", align=align, space=0)
    write(pdf, f"{words['letter_date']}: {day(letter_date)}", align=align, space=8)
    write(pdf, title, align=align, size=16, style="B", space=5)


def _foot(pdf, words: dict, *, align: str, citizen_language: str) -> None:
    pdf.ln(4)
    write(pdf, words["page_note"].format(language=texts.LANGUAGE_NAMES["da"][citizen_language]), align=align, size=9)


def _adults(tenancy) -> list:
    members = [m.person for m in tenancy.household.members.select_related("person").order_by("id")]
    adults = [p for p in members if is_adult(p.age_on(tenancy.moved_in_on))]
    return adults or members


def house_rules_on(location, day: date):
    """The location's house rules valid on the letter's day: the latest version valid from that day or before. (Letters
    sit below housing in the layers, so the versions are read through the location's own relation.)"""
    return location.house_rules.filter(valid_from__lte=day).order_by("-version").first()


def _local_rules(pdf, words: dict, rules, page: str, *, align: str, heading: str) -> None:
    """The location's own rules in the page's language; a page without a translation refers to the Danish page."""
    text = rules.text_in(page).strip()
    if text:
        write(pdf, heading, align=align, style="B", space=1)
        write(pdf, text, align=align, size=10)
    else:
        write(pdf, words["rules_local"], align=align, size=10)


def lease_pdf(tenancy, language: str, *, letter_date: date, case_number: str) -> bytes:
    _check_language(language)
    pdf = new_document()
    pdf.set_title(WORDS["da"]["lease_title"])
    room, location = tenancy.room, tenancy.room.location
    tenants = _adults(tenancy)
    rules = house_rules_on(location, letter_date)
    for page in ("da", language):
        words, align = WORDS[page], "R" if texts.DIRECTION[page] == "rtl" else "L"
        names = ", ".join(name_for(page, p.full_name) for p in tenants)
        _head(pdf, words, align=align, name=names, case_number=case_number, letter_date=letter_date, title=words["lease_title"])
        write(pdf, words["lease_parties"].format(tenants=names), align=align)
        write(pdf, words["lease_room"].format(location=location.name, address=location.address or "—", room=room.number), align=align)
        write(pdf, words["lease_from"].format(start=day(tenancy.moved_in_on)), align=align)
        write(pdf, words["lease_rent"].format(rent=kroner(tenancy.monthly_rent, page),
                                               household_type=words["household_types"].get(tenancy.household_type, "")), align=align)
        write(pdf, words["lease_temporary"], align=align)
        write(pdf, words["lease_moving_out"], align=align, space=6 if rules else 10)
        if rules:
            heading = words["lease_rules"].format(location=location.name, version=rules.version, valid_from=day(rules.valid_from))
            _local_rules(pdf, words, rules, page, align=align, heading=heading)
            pdf.ln(6)
        write(pdf, words["signature"], align=align)
        _foot(pdf, words, align=align, citizen_language=language)
    return bytes(pdf.output())


def house_rules_pdf(tenancy, language: str, *, letter_date: date, case_number: str, person) -> bytes:
    _check_language(language)
    location = tenancy.room.location
    rules = house_rules_on(location, letter_date)
    valid_from = rules.valid_from if rules else tenancy.moved_in_on
    pdf = new_document()
    pdf.set_title(WORDS["da"]["rules_title"].format(location=location.name))
    for page in ("da", language):
        words, align = WORDS[page], "R" if texts.DIRECTION[page] == "rtl" else "L"
        name = name_for(page, person.full_name)
        _head(pdf, words, align=align, name=name, case_number=case_number, letter_date=letter_date,
              title=words["rules_title"].format(location=location.name))
        write(pdf, words["rules_valid"].format(valid_from=day(valid_from), name=name, given=day(letter_date)), align=align, space=5)
        for heading, text in words["rules_sections"]:
            write(pdf, heading, align=align, style="B", space=1)
            write(pdf, text, align=align, space=4)
        if rules:
            _local_rules(pdf, words, rules, page, align=align, heading=words["rules_local_heading"])
        _foot(pdf, words, align=align, citizen_language=language)
    return bytes(pdf.output())


def contract_pdf(enrolment, language: str, *, letter_date: date) -> bytes:
    _check_language(language)
    case, person = enrolment.case, enrolment.case.person
    caseworker = case.caseworker.get_full_name() if case.caseworker else "—"
    pdf = new_document()
    pdf.set_title(WORDS["da"]["contract_title"])
    for page in ("da", language):
        words, align = WORDS[page], "R" if texts.DIRECTION[page] == "rtl" else "L"
        name = name_for(page, person.full_name)
        _head(pdf, words, align=align, name=name, case_number=case.number, letter_date=letter_date, title=words["contract_title"])
        write(pdf, words["contract_former"], align=align, size=10, space=4)
        write(pdf, words["contract_parties"].format(name=name, birth_date=day(person.birth_date)), align=align)
        hours = f"{Decimal(enrolment.norm_hours).normalize():f}".replace(".", "," if page != "en" else ".")
        write(pdf, words["contract_start"].format(start=day(enrolment.started_on), hours=hours), align=align)
        write(pdf, words["contract_readiness"].format(readiness=words["readiness"].get(case.readiness or "", case.readiness)), align=align)
        write(pdf, words["contract_duties"], align=align)
        write(pdf, words["contract_rights"], align=align)
        write(pdf, words["contract_caseworker"].format(caseworker=caseworker), align=align, space=10)
        write(pdf, words["signature"].replace("lejer", "borger").replace("орендаря", "громадянина").replace("Tenant", "Citizen"), align=align)
        _foot(pdf, words, align=align, citizen_language=language)
    return bytes(pdf.output())
