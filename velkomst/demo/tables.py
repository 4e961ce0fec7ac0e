"""The demo's data tables: plain constants, no logic.

The presentation's figures (DOMAIN.md) as shares and counts, the 21 named locations with
their sizes and roles, and the lists the planner draws names, texts and places from.
The planner (`velkomst.demo.planner`) reads them; nothing here depends on the date the
demo is built for, except where a fixed day of the centre's history is named.
"""
from dataclasses import dataclass
from datetime import date, time
from typing import NamedTuple

# The day of the presentation whose figures the demo reproduces exactly (tests and benchmarks pin it).
PRESENTATION_DATE = date(2026, 11, 26)
WAR_START = date(2022, 3, 1)
# Refugees living here were referred since 2019 (the two refugee locations opened then).
EARLIEST_REFUGEE_REFERRAL = date(2019, 1, 1)
# Target-group-specific locations since autumn 2024: residents moved there from then on.
TARGET_GROUP_LOCATIONS_SINCE = date(2024, 10, 1)
# The history has fixed days up to autumn 2024 (the locations and flats opened, the target-group moves);
# a demo seen before 2025 would contradict them.
EARLIEST_AS_OF = date(2025, 1, 1)

# Ages that shape the population: elderly from 67 (the presentation's 67+ band).
ELDERLY_AGE = 67


@dataclass(frozen=True)
class Targets:
    """The presentation's figures, as of PRESENTATION_DATE, at scale 1."""

    ukrainians_living: int = 4800
    ukrainians_left: int = 1380
    ukrainian_weekly_referrals: tuple[int, int] = (20, 50)
    share_female: float = 0.55
    share_0_15: float = 0.16
    share_67_plus: float = 0.07
    ukrainians_employed: int = 1600
    employment_rate_job_ready: float = 0.81
    ukrainians_in_programme: int = 560
    ukrainians_in_placement: int = 140
    patients_remaining: int = 27
    patients_left: int = 35
    quota_living: int = 230
    quota_arrived_this_year: int = 45  # with those awaiting: the 63 expected this year
    quota_awaiting: int = 18
    other_refugees_living: int = 70
    family_reunified_living: int = 50
    refugees_in_programme: int = 90
    work_obligation: int = 85
    lab_citizens: int = 110
    pets_ukrainian: int = 86
    pets_refugee: int = 4


TARGETS = Targets()
# Weeks of recent referrals at 20-50 a week before the as-of date.
RECENT_REFERRAL_WEEKS = 52
# This year's quota refugees were referred from 1 January to about 20 July of 2026: on other dates the
# same spacing before the as-of date (the 12 months' quota flow as it stood on 26.11.2026).
QUOTA_REFERRALS_START_DAYS_BEFORE = (PRESENTATION_DATE - date(PRESENTATION_DATE.year, 1, 1)).days
QUOTA_REFERRALS_SPAN_DAYS = 200

# --- names -----------------------------------------------------------------------------------

REFUGEE_FIRST_F = ["Amina", "Fatima", "Mariam", "Zahra", "Hawa", "Selam", "Aisha", "Nadia", "Layla", "Rahel", "Samira", "Yasmin"]
REFUGEE_FIRST_M = ["Ahmad", "Mohammed", "Ali", "Yonas", "Omar", "Hassan", "Samuel", "Bilal", "Tesfay", "Karim", "Jean", "Idris"]
REFUGEE_LAST = ["Rahimi", "Haidari", "Al-Hassan", "Tesfaye", "Mukendi", "Abdi", "Karimi", "Haile", "Nasser", "Kabila", "Osman", "Yusuf"]
REFUGEE_ORIGIN = [("Syrien", "arabisk"), ("Afghanistan", "dari"), ("Eritrea", "tigrinya"), ("DR Congo", "fransk"), ("Somalia", "somali")]

# --- temporary housing ------------------------------------------------------------------------

UKRAINIANS_HOUSED = 3300
QUOTA_HOUSED = 200
OTHER_REFUGEES_HOUSED = 40
FLATS = 200
FILL_CAP = 0.93  # a location is never filled beyond this share of its beds: some free beds everywhere
FLAT_FILL_CAP = 0.9
KEPT_EMPTY_SHARE = 0.04  # rooms of two beds or more left empty at each location, ready for the next arrivals
SIMILAR_AGE_YEARS = 10  # room-mates are of similar age (a preference, not one of the SPEC's rules)


class NamedLocation(NamedTuple):
    code: str
    name: str
    address: str
    kind: str  # building, pavilion or hotel
    beds: int
    serves: str  # u = displaced Ukrainians, r = refugees
    food_distribution: bool
    welcome_house: bool
    pets_allowed: bool
    step_free: bool
    reserved_for: str
    facilities: str  # k = shared kitchen, b = shared bath, c = common room, o = outdoor area
    opened_on: date


LOCATIONS = [
    NamedLocation("sjaellandsgade", "Sjællandsgade", "Sjællandsgade 40, 2200 København N", "building", 450, "u", True, True, False, True, "", "kbco", date(2022, 3, 14)),
    NamedLocation("ottiliahus", "Ottiliahus", "Ottiliavej 3, 2500 Valby", "building", 320, "ur", True, True, False, True, "", "kbc", date(2022, 3, 21)),
    NamedLocation("speditoervej", "Speditørvej pavilloner", "Speditørvej 4, 2450 København SV", "pavilion", 400, "u", True, True, True, True, "", "kbco", date(2022, 9, 1)),
    NamedLocation("dortheagaarden", "Dortheagården", "Dortheavej 8, 2400 København NV", "building", 170, "u", False, False, False, True, "", "kco", date(2022, 4, 4)),
    NamedLocation("solterrasserne", "Solterrasserne", "Lyshøjgårdsvej 80, 2500 Valby", "building", 230, "u", False, False, True, True, "", "kco", date(2022, 4, 19)),
    NamedLocation("vesterbrogade-107", "Vesterbrogade 107", "Vesterbrogade 107, 1620 København V", "building", 120, "u", False, False, False, False, "", "kb", date(2022, 5, 2)),
    NamedLocation("jeudan-pavilloner", "Jeudan pavilloner (NovyDim)", "Artillerivej 90, 2300 København S", "pavilion", 250, "u", False, False, True, True, "", "co", date(2022, 10, 3)),
    NamedLocation("refshalevej", "Refshalevej pavilloner", "Refshalevej 163, 1432 København K", "pavilion", 210, "u", False, False, True, True, "", "kbco", date(2022, 11, 1)),
    NamedLocation("amager-strandvej", "Amager Strandvej pavilloner", "Amager Strandvej 124, 2300 København S", "pavilion", 190, "u", False, False, False, True, "", "kbo", date(2023, 1, 9)),
    NamedLocation("herbergvejen", "Herbergvejen", "Herbergvejen 5, 2400 København NV", "building", 90, "u", False, False, False, True, "vulnerable", "kbc", date(2022, 6, 1)),
    NamedLocation("lindgreens-alle", "Lindgreens Allé", "Lindgreens Allé 9, 2300 København S", "building", 160, "u", True, False, False, True, "", "kbc", date(2022, 8, 15)),
    NamedLocation("gl-vasbygade", "Gl. Vasbygade", "Gl. Vasbygade 8, 2450 København SV", "building", 110, "r", False, False, False, False, "", "kb", date(2019, 2, 1)),
    NamedLocation("stubmoellevej", "Stubmøllevej", "Stubmøllevej 16, 2450 København SV", "building", 60, "u", False, False, False, True, "patient", "kc", date(2022, 9, 19)),
    NamedLocation("lygten", "Lygten", "Lygten 2, 2400 København NV", "building", 100, "ur", False, True, False, False, "", "kbc", date(2022, 5, 16)),
    NamedLocation("hotel-globetrotter", "Hotel Globetrotter", "Engvej 171, 2300 København S", "hotel", 160, "u", False, False, False, True, "", "c", date(2022, 3, 28)),
    NamedLocation("nyrnberggade", "Nyrnberggade", "Nyrnberggade 37, 2300 København S", "building", 70, "r", False, False, False, False, "", "kb", date(2019, 6, 3)),
    NamedLocation("ravnsborggade", "Ravnsborggade", "Ravnsborggade 15, 2200 København N", "building", 50, "u", False, False, False, False, "", "kb", date(2022, 6, 20)),
    NamedLocation("strandlodsvej", "Strandlodsvej", "Strandlodsvej 44, 2300 København S", "building", 90, "u", False, False, True, True, "", "kbo", date(2023, 2, 1)),
    NamedLocation("abel-cathrines-gade", "Abel Cathrines Gade", "Abel Cathrines Gade 7, 1654 København V", "building", 40, "ur", False, False, False, True, "vulnerable", "kbc", date(2021, 3, 1)),
    NamedLocation("hejrevej", "Hejrevej", "Hejrevej 26, 2400 København NV", "building", 80, "u", False, False, False, False, "", "kb", date(2022, 7, 4)),
    NamedLocation("hotel-mercur", "Hotel Mercur", "Vester Farimagsgade 17, 1606 København V", "hotel", 140, "u", False, False, False, True, "", "", date(2022, 3, 18)),
]
# The hotel's contract ends at the end of the seventh month after the as-of date (30.06.2027 on 26.11.2026).
CLOSING_MONTHS_AHEAD = {"hotel-mercur": 7}
ROOM_SIZES = {
    "building": [1, 2, 2, 2, 3, 4, 4, 6],
    "pavilion": [2, 2, 2, 4, 4],
    "hotel": [1, 2, 2, 2, 3],
    "flat": [2, 3, 3, 4, 4, 5],
}
ROOMS_PER_FLOOR = {"building": 18, "hotel": 24, "pavilion": 12}
# Flats opened from 1 May 2022 over the following 900 days.
FLATS_FIRST_OPENED = date(2022, 5, 1)
FLATS_OPENING_DAYS = 900
FLAT_STREETS = [
    ("Amagerbrogade", "2300 København S"), ("Nørrebrogade", "2200 København N"), ("Jagtvej", "2200 København N"),
    ("Frederikssundsvej", "2400 København NV"), ("Tagensvej", "2200 København N"), ("Istedgade", "1650 København V"),
    ("Enghavevej", "1674 København V"), ("Valby Langgade", "2500 Valby"), ("Vigerslev Allé", "2500 Valby"),
    ("Tingbjerg Allé", "2700 Brønshøj"), ("Bellahøjvej", "2720 Vanløse"), ("Jyllingevej", "2720 Vanløse"),
    ("Østerbrogade", "2100 København Ø"), ("Strandboulevarden", "2100 København Ø"), ("Lyngbyvej", "2100 København Ø"),
    ("Sundholmsvej", "2300 København S"), ("Englandsvej", "2300 København S"), ("Ørestads Boulevard", "2300 København S"),
    ("Mjølnerparken", "2200 København N"), ("Husumvej", "2700 Brønshøj"), ("Sydhavns Plads", "2450 København SV"),
    ("Borgbygade", "2450 København SV"), ("Folehaven", "2500 Valby"), ("Rentemestervej", "2400 København NV"),
]
BLOCK_REASONS = [
    "Vandskade", "Vandskade efter sprunget rør", "Skimmelsvamp i badeværelset", "Renovering af bad", "Skadedyrsbekæmpelse",
    "Ny gulvbelægning", "Brandsyn: røgalarm mangler", "Vinduet skal udskiftes", "Maling og istandsættelse efter fraflytning",
]
BLOCKED_ROOMS = 18  # at scale 1, of the named locations' rooms
CLOSED_ROOMS = 3
# The demo housing host `vaert` has three locations; the other hosts have no login.
HOSTS = [("vaert2", "Kasper", "Bech"), ("vaert3", "Sofie", "Lund"), ("vaert4", "Nadia", "Iversen")]
DEMO_HOST = "vaert"
HOST_OF = {
    "sjaellandsgade": "vaert", "ottiliahus": "vaert", "herbergvejen": "vaert",
    "speditoervej": "vaert2", "jeudan-pavilloner": "vaert2", "refshalevej": "vaert2", "amager-strandvej": "vaert2", "lindgreens-alle": "vaert2",
    "dortheagaarden": "vaert3", "solterrasserne": "vaert3", "vesterbrogade-107": "vaert3", "stubmoellevej": "vaert3",
    "abel-cathrines-gade": "vaert3", "gl-vasbygade": "vaert3", "nyrnberggade": "vaert3",
    "lygten": "vaert4", "hotel-globetrotter": "vaert4", "ravnsborggade": "vaert4", "strandlodsvej": "vaert4", "hejrevej": "vaert4",
    "hotel-mercur": "vaert4",
}
HOST_PHONES = {"vaert": "33 66 41 10", "vaert2": "33 66 41 20", "vaert3": "33 66 41 30", "vaert4": "33 66 41 40"}
HOST_NAMES = {"vaert": "Birgitte Holm"} | {u: f"{f} {l}" for u, f, l in HOSTS}
HOUSING_OFFICE_CONTACT = "Boligkontoret, tlf. 33 66 41 00"

# Moves to permanent housing: 3-8 households a week over the last year, 0-4 a week before, since this day.
PERMANENT_HOUSING_WEEKLY = ((3, 8), (0, 4))
PERMANENT_HOUSING_SINCE = date(2022, 9, 1)

DAMAGES = [
    ("Hul i væggen ved døren; dør skal males.", 1800),
    ("Madras med pletter skal udskiftes.", 1200),
    ("Manglende nøgle; låsen skal omstilles.", 950),
    ("Skimmel i badeværelset efter manglende udluftning.", 3500),
    ("Køleskab efterladt tændt med madrester; ekstra rengøring.", 800),
]
INSPECTION_NOTES = {
    "good": "Værelset afleveret rengjort.",
    "fair": "Almindeligt slid. Vægge skal males ved næste istandsættelse.",
    "poor": "Beboeren er orienteret om udgiften.",
}
# kind, severity, description, follow-up, partner administration, police
INCIDENTS = [
    ("noise", "low", "Høj musik på værelset efter kl. 22 trods flere henstillinger.", "Samtale med beboeren om husordenen.", "", False),
    ("house_rules", "low", "Madlavning på værelset med kogeplade; brandfare.", "Kogepladen er fjernet; husordenen gennemgået igen.", "", False),
    ("threat", "medium", "Beboer truede en anden beboer i fælleskøkkenet.", "Samtale med begge parter med tolk. Socialforvaltningen orienteret.", "social", False),
    ("violence", "high", "Slagsmål mellem to beboere på gangen; en beboer fik en skramme.", "Politiet tilkaldt. Den ene beboer flyttet til anden lokation.", "social", True),
    ("vandalism", "medium", "Ødelagt dør til vaskeriet.", "Døren repareres; beboeren betaler skaden.", "", False),
    ("hoarding", "medium", "Værelset er fyldt med indsamlede ting; brandvejen er spærret.", "Aftale om oprydning med støtte fra Socialforvaltningen.", "social", False),
    ("other", "medium", "Beboer fundet forvirret udenfor om natten.", "Sundheds- og Omsorgsforvaltningen kontaktet; pårørende orienteret.", "health", False),
    ("house_rules", "low", "Gæst overnattede uden aftale.", "Husordenen om overnattende gæster gennemgået.", "", False),
    ("noise", "low", "Klager fra naboer over støj fra fællesrummet.", "Fællesrummet lukker nu kl. 22.", "", False),
    ("threat", "high", "Beboer truede en medarbejder i receptionen.", "Politianmeldelse. Møde med beboer og sagsbehandler.", "social", True),
    ("other", "medium", "Beboer under påvirkning af alkohol faldt på trappen.", "Akutmodtagelse; opfølgning med Sundheds- og Omsorgsforvaltningen.", "health", False),
    ("vandalism", "low", "Graffiti på pavillonens facade.", "Facaden rengjort.", "", False),
    ("house_rules", "medium", "Rygning på værelset; røgalarmen gik i gang.", "Advarsel givet skriftligt på ukrainsk og dansk.", "", False),
    ("violence", "medium", "Skub og slag mellem to værelseskammerater.", "Den ene flyttet til et andet værelse. Socialforvaltningen inddraget.", "social", False),
    ("other", "low", "Kat fra nabopavillon har ødelagt fælles bed.", "Aftale med dyrets ejer.", "", False),
]
HOUSE_RULES = """Husorden for {name}

1. Der er ro på gangene og i fællesrummene fra kl. 22 til kl. 7.
2. Rygning er kun tilladt udenfor, ved de markerede steder.
3. Madlavning foregår i {kitchen}. Kogeplader på værelserne er ikke tilladt.
4. Overnattende gæster aftales med værten på forhånd.
5. Hold værelset ryddeligt; værten kan efter varsel se værelset.
6. {pets}
7. Vold og trusler accepteres ikke og fører til politianmeldelse.
8. Fejl og skader meldes til værten hurtigst muligt.
"""
PETS_ALLOWED_RULE = "Husdyr er tilladt, når de er registreret hos værten og holdes i snor på fællesarealerne."
PETS_FORBIDDEN_RULE = "Husdyr er ikke tilladt på lokationen."
# The same rules in the letters' languages (the Danish text is the one that applies).
HOUSE_RULES_UK = """Правила проживання: {name}

1. У коридорах і спільних кімнатах тиша з 22:00 до 7:00.
2. Палити можна лише надворі, у позначених місцях.
3. Готувати їжу можна лише на кухні. Електроплитки в кімнатах заборонені.
4. Про гостей, які залишаються на ніч, слід заздалегідь домовитися з адміністратором.
5. Тримайте кімнату в порядку; адміністратор може оглянути кімнату після попередження.
6. {pets}
7. Насильство й погрози неприпустимі; про них повідомляють у поліцію.
8. Про несправності й пошкодження якнайшвидше повідомляйте адміністратора.
"""
PETS_ALLOWED_RULE_UK = "Домашні тварини дозволені, якщо їх зареєстровано в адміністратора і вони на повідку в спільних місцях."
PETS_FORBIDDEN_RULE_UK = "Домашні тварини на цій локації заборонені."
HOUSE_RULES_EN = """House rules: {name}

1. Quiet in the corridors and common rooms from 22:00 to 7:00.
2. Smoking only outdoors, where it is marked.
3. Cooking only in the kitchen. Hot plates in the rooms are not allowed.
4. Overnight guests are agreed with the host beforehand.
5. Keep your room tidy; the host may see the room after notice.
6. {pets}
7. Violence and threats are not accepted and are reported to the police.
8. Report faults and damage to the host as soon as possible.
"""
PETS_ALLOWED_RULE_EN = "Pets are allowed when they are registered with the host and kept on a lead in shared areas."
PETS_FORBIDDEN_RULE_EN = "Pets are not allowed at this location."

# Monthly rent caps (DKK) by household type. 2023: the regulation's caps (DOMAIN.md). Other years: illustrative demo
# figures, 2023's caps moved by 3 % a year and rounded to whole kroner — not the regulation's. A real centre enters each
# year's caps on the Rent caps page; the demo enters every year its tenancies start in, up to the year it is seen on.
RENT_CAPS_2023 = {"single": 2467, "couple": 4520, "children_1_3": 4932, "children_4_plus": 5343}
RENT_CAP_YEARLY_CHANGE = 0.03

# --- cases -------------------------------------------------------------------------------------

# The journal's text for each status a demo case passes through.
STATUS_TEXT = {
    "referred": "Visiteret",
    "arrived": "Ankommet og flyttet ind",
    "in_programme": "Startet i introduktionsprogrammet",
    "in_placement": "Startet i virksomhedspraktik",
    "employed": "I ordinært job",
    "paused": "Forløbet sat på pause",
    "left": "Fraflyttet kommunen",
}
PERMIT_TYPES = {"displaced_ukrainian": "§ 2, særloven", "municipal_quota": "§ 8, kvoteflygtning", "un_quota": "§ 8, kvoteflygtning"}

# --- reception ------------------------------------------------------------------------------------

ASYLUM_CENTRES = ["Center Sandholm", "Center Sjælsmark", "Center Avnstrup", "Center Vipperød", "Center Kongelunden"]
CONSIDERATIONS = ["", "", "Astma; har brug for inhalator.", "Bruger kørestol.", "", "Har en kat.", "Diabetes type 2.", ""]
MEETING_PLACES = ["Jobcentret, Nyropsgade 1, lokale 3.12", "Borgerservice, Sjællandsgade 40, mødelokale 2", "Velkomsthuset, Hejrevej 28"]
MEETING_HOURS = range(9, 16)  # a meeting starts on the hour, 9-15
RECENT_ARRIVAL_DAYS = 21  # adults who arrived in the last three weeks have their first meetings on the worklist

# --- programme ------------------------------------------------------------------------------------

CLASS_SIZE = 20
TERM_WEEKS = 26
TERM_STARTED_WEEKS_AGO = 12
SECTOR_DAY = (time(8, 30), time(11, 30))  # 15 hours a week
DANISH_DAY = (time(12, 0), time(15, 0))  # 15 hours a week
UTILITY_DAY = (time(15, 15), time(16, 39))  # 7 hours a week: 37 under the work obligation
PLACEMENT_DAY = (time(8, 0), time(14, 0))  # 30 hours a week
ATTENDANCE_WEEKS = 3
UTILITY_WORK_NOTE = "Sortering af brugt elektronik"
DANISH_TRACKS = ("DU1", "DU2", "DU3")
YEARS_OF_SCHOOLING = {"DU1": (0, 4), "DU2": (6, 10), "DU3": (12, 18)}
TRACK_DECISION = "Indplaceret efter samtale og screening på sprogcentret."
SECTOR_CLASS_PLACE = "Jobcenter København, Gyldenløvesgade"
DANISH_CLASS_PLACE = "Sprogcenter København"

COMPANY_NAMES = [
    ("Hotel Nørreport", 1), ("Restaurant Havnen", 1), ("Rengøringsservice Øst", 1), ("Tivoli Events", 1), ("Café Søerne", 1),
    ("Netto Valby", 2), ("Plejecenter Sølund", 2), ("Føtex Amager", 2), ("Børnehuset Solsikken", 2), ("Matas Vesterbro", 2),
    ("Byg & Anlæg Nord", 3), ("Lager Logistik Køge Bugt", 3), ("Movia Busdepot", 3), ("PostNord Terminal", 3), ("Tømrerfirma Frederiksen", 3),
]
PUBLIC_EMPLOYERS = ("Plejecenter", "Børnehuset")
COMPANY_STREETS = [
    "Vesterbrogade 12, 1620 København V", "Amagerbrogade 101, 2300 København S", "Nørrebrogade 44, 2200 København N",
    "Valby Langgade 70, 2500 Valby", "Frederikssundsvej 120, 2400 København NV", "Sydhavnsgade 8, 2450 København SV",
    "Østerbrogade 90, 2100 København Ø", "Strandvejen 60, 2900 Hellerup", "Roskildevej 300, 2610 Rødovre", "Kastrupvej 150, 2770 Kastrup",
]
OFFER_KINDS = ["company_internship", "job_internship", "wage_subsidy"]
OFFER_TITLES = ["Køkkenmedhjælper", "Butiksassistent", "Lagermedarbejder", "Rengøringsassistent", "Plejehjælper"]
JOB_HOURS = ["25", "30", "37"]
HOUSING_REFERRAL_STATUSES = ("referred", "referred", "offered", "accepted", "declined")
PERMANENT_HOME_OFFERED = "Bispebjerg Bakke 12, 2400 København NV"
FOLLOW_UP_DANISH = "Fortsætter på privat sprogskole"
CARE_NEEDS = ["Genoptræning efter amputation; kørestol.", "Daglig sårpleje; hjemmesygepleje.",
              "Psykiatrisk opfølgning efter krigstraume.", "Dialyse tre gange om ugen."]
HOSPITALS = ["Rigshospitalet", "Bispebjerg Hospital", "Hvidovre Hospital"]
RELATIVES = ["Hustru i Kyiv, telefon via tolk.", "Søster i Odense.", "Ingen pårørende i Danmark."]
VULNERABILITY_ACTIONS = (("coordination", "social", "Koordineringsmøde med Socialforvaltningen om støtte i boligen."),
                         ("review", "both", "Opfølgning på aftalte indsatser."))
VULNERABLE_WITH_ACTIONS = 200
SCHOOL_AGE = 6
DAYCARE = ("daycare", "Børnehuset Mælkebøtten")
RECEPTION_CLASS = ("reception_class", "Lykkebo Skole, modtagelsesklasse")
SCHOOL = ("school", "Sankt Annæ Skole")
