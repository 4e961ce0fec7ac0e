"""Every count reads right in Danish and English: one helper picks the plural form (`formats.plural_number`), also for
fractions (1 time, 1,5 timer), and the counts the issue named use it (issue 17)."""
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from velkomst.formats import plural_number


@pytest.mark.parametrize("value, count", [(1, 1), (Decimal("1.0"), 1), (0, 0), (2, 2), (Decimal("1.5"), 2), (0.5, 2), (37, 37),
                                          (Decimal("3E+1"), 30), (None, 0), ("x", 0), (float("nan"), 0)])
def test_the_plural_number_is_the_whole_value_and_a_fraction_counts_as_many(value, count):
    assert plural_number(value) == count


HOURS = ('{% load i18n formats %}{% blocktranslate count counter=h|plural_number with hours=h|number %}{{ hours }} hour{% plural %}'
         '{{ hours }} hours{% endblocktranslate %}')


@pytest.mark.parametrize("language, value, text", [
    ("da", Decimal("1"), "1 time"), ("da", Decimal("1.5"), "1,5 timer"), ("da", Decimal("37.0"), "37 timer"), ("da", Decimal("3E+1"), "30 timer"),
    ("en", Decimal("1"), "1 hour"), ("en", Decimal("0.5"), "0,5 hours"), ("en", 1600, "1.600 hours"),
])
def test_the_template_filters_write_the_number_danish_and_choose_the_form(language, value, text):
    with translation.override(language):
        assert Template(HOURS).render(Context({"h": value})) == text


@pytest.mark.parametrize("language, counts, expected", [
    ("da", (1, 1), ["1 time om ugen", "1 planlagt aktivitet sat i bero", "har 1 års skolegang", "(1 seng)", "1 person placeret."]),
    ("da", (2, 3), ["7,5 timer om ugen", "3 planlagte aktiviteter sat i bero", "har 3 års skolegang", "(3 senge)", "3 personer placeret."]),
    ("en", (1, 1), ["1 hour a week", "1 planned activity suspended", "has 1 year of schooling", "(1 bed)", "1 person placed."]),
    ("en", (2, 3), ["7,5 hours a week", "3 planned activities suspended", "has 3 years of schooling", "(3 beds)", "3 persons placed."]),
])
def test_the_counts_the_issue_named_are_plural_aware(language, counts, expected):
    from types import SimpleNamespace

    from velkomst.education.messages import translate_reason
    from velkomst.programme.services import hours_a_week
    from velkomst.reception.forms import RoomChoiceField

    hours = Decimal("1") if counts[0] == 1 else Decimal("7.5")
    n = counts[1]
    room = SimpleNamespace(location=SimpleNamespace(name="Vesterbro"), number="101", beds=n, accessible=False)
    with translation.override(language):
        from django.utils.translation import ngettext

        texts = [
            hours_a_week(hours),
            ngettext("%(count)s planned activity suspended", "%(count)s planned activities suspended", n) % {"count": n},
            translate_reason(f"Can read and write their own language and has {n} years of schooling."),
            RoomChoiceField(queryset=None).label_from_instance(room),
            Template("{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} person placed.{% plural %}{{ counter }} persons placed."
                     "{% endblocktranslate %}").render(Context({"n": n})),
        ]
    for text, part in zip(texts, expected, strict=True):
        assert part in text


@pytest.mark.django_db
def test_an_offer_of_one_day_a_week_for_one_week_says_so(client, staff):
    from datetime import date

    from velkomst.companies.models import Company, OfferKind
    from velkomst.companies.models import PlacementOffer as Offer

    company = Company.objects.create(cvr="12345678", name="Bageriet")
    offer = Offer.objects.create(company=company, title="Bager", kind=OfferKind.values[0], hours_per_week=Decimal("1.0"), days_per_week=1,
                                 starts_on=date(2026, 12, 1), weeks=1)
    client.force_login(staff["company_consultant"])
    html = client.get(f"/companies/offers/{offer.pk}/").content.decode()
    assert "1 time, 1 dag om ugen" in html and "01.12.2026, 1 uge" in html
    Offer.objects.filter(pk=offer.pk).update(hours_per_week=Decimal("7.5"), days_per_week=3, weeks=4)
    html = client.get(f"/companies/offers/{offer.pk}/").content.decode()
    assert "7,5 timer, 3 dage om ugen" in html and "01.12.2026, 4 uger" in html
