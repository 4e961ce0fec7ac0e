"""Date fields written dd.mm.åååå, on a desktop (1366×900) and a phone (390×844): every date input is wide enough for
"dd.mm.åååå", shows that format as a visible hint it is described by, and paired fields (an offer's Start/Slut and
Fra/Til, the access log's Fra/Til) line up: side by side at the same height on a desktop, one under the other at the
same left edge on a phone. Screenshots in test-artifacts/date-fields/."""
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import make_staff
from tests.e2e.conftest import ARTIFACTS, assert_accessible, fits_its_width, log_in
from tests.factories import make_person
from tests.programme.factories import make_company, make_offer, make_participant, make_referral
from velkomst.accounts import roles

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
FOLDER = ARTIFACTS / "date-fields"

# For each input: the room inside it for text, the width "dd.mm.åååå" takes in its font, where it sits, and the
# visible text of the hints it is described by.
MEASURE = """(ids) => ids.map((id) => {
  const input = document.getElementById(id);
  const style = getComputedStyle(input);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `italic ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const box = input.getBoundingClientRect();
  const hints = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean)
    .map((hint) => document.getElementById(hint)).filter((hint) => hint && hint.offsetParent !== null)
    .map((hint) => hint.innerText).join(" ");
  return {id, room: input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
          text: context.measureText("dd.mm.åååå").width, top: box.top, left: box.left, hints};
})"""


def _dates_fit(page, ids, *, hinted=True):
    fields = {f["id"]: f for f in page.evaluate(MEASURE, ids)}
    for field in fields.values():
        assert field["room"] >= field["text"] + 2, f"{field['id']}: {field['room']:.0f}px for {field['text']:.0f}px of dd.mm.åååå"
        if hinted:
            assert "dd.mm.åååå" in field["hints"], f"{field['id']} has no visible dd.mm.åååå hint: {field['hints']!r}"
    return fields


def _paired(fields, first, second, viewport):
    a, b = fields[first], fields[second]
    if viewport == "desktop":
        assert abs(a["top"] - b["top"]) < 1 and b["left"] > a["left"], f"{first}/{second} not side by side: {a} {b}"
    else:
        assert abs(a["left"] - b["left"]) < 1 and b["top"] > a["top"], f"{first}/{second} not one under the other: {a} {b}"


def _look(page, name, viewport):
    assert fits_its_width(page)
    assert_accessible(page, f"{name} {viewport}")
    FOLDER.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(FOLDER / f"{viewport}-{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_date_fields_are_wide_enough_hinted_and_aligned(browser, live_server, viewport):
    make_staff("lars", roles.COMPANY_CONSULTANT)
    make_staff("mette", roles.CASEWORKER)
    make_staff("ida", roles.ADMIN)
    make_participant(person=make_person(first_name="Iryna", last_name="Kravets"), readiness="job_ready")
    referral = make_referral()
    company = make_company(name="Hotel Nørreport", sector=1)
    offer = make_offer(company, title="Køkkenmedhjælper", starts_on=timezone.localdate() + timedelta(days=7), weeks=4)
    context = browser.new_context(base_url=live_server.url, locale="da-DK", viewport=VIEWPORTS[viewport], bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)

    log_in(page, "lars")
    page.goto(f"/companies/offers/{offer.pk}/")
    page.get_by_role("heading", name="Kandidater").wait_for()
    fields = _dates_fit(page, ["id_starts_on", "id_ends_on"])
    fields |= {f["id"]: f for f in page.evaluate(MEASURE, ["id_start", "id_end"])}
    _paired(fields, "id_starts_on", "id_ends_on", viewport)
    _paired(fields, "id_start", "id_end", viewport)
    _look(page, "offer", viewport)
    page.goto(f"/companies/{company.pk}/offers/new/")
    _dates_fit(page, ["id_starts_on"])
    _look(page, "new-offer", viewport)

    context.clear_cookies()
    log_in(page, "mette")
    page.goto("/programme/housing-referrals/")
    _dates_fit(page, [f"on-{referral.pk}"], hinted=False)  # prefilled with the day, in a table row
    _look(page, "housing-referrals", viewport)

    context.clear_cookies()
    log_in(page, "ida")
    page.goto("/audit/")
    _paired(_dates_fit(page, ["f-from", "f-to"]), "f-from", "f-to", viewport)
    _look(page, "access-log", viewport)
    context.close()
