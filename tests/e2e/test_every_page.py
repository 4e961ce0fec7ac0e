"""Every page of every role's menu, on a desktop (1366×900) and on a phone (390×844, hosts on site), with the demo
data: a screenshot of each in test-artifacts/every-page/, and on each page no sideways scroll of the page itself,
every visible checkbox and radio button inside its label's box, no table text under 14 px, and axe-core clean."""
import re

import pytest
from django.core.management import call_command

from tests.e2e.conftest import ARTIFACTS, CHROMIUM_ARGS, assert_accessible, log_in, settled  # noqa: F401
from velkomst.demo.tables import PRESENTATION_DATE
from velkomst.demo.users import DEMO_PASSWORD, DEMO_USERS

pytestmark = pytest.mark.time_machine("2026-11-26 10:00 +01:00")

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
ONE_PER_ROLE = {role: username for username, role, _, _ in reversed(DEMO_USERS)}

# Measured in the page, so what a person sees is what is judged (the CSS, the design system, the data).
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) problems.push(`the page scrolls sideways: ${root.scrollWidth}px wide in ${root.clientWidth}px`);
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  for (const input of document.querySelectorAll('input[type=checkbox], input[type=radio]')) {
    const label = input.labels && input.labels[0];
    if (!label || !visible(label)) continue;
    const box = input.getBoundingClientRect(), area = label.getBoundingClientRect();
    const parent = input.parentElement.getBoundingClientRect();
    const left = Math.min(area.left, parent.left), right = Math.max(area.right, parent.right);
    const top = Math.min(area.top, parent.top), bottom = Math.max(area.bottom, parent.bottom);
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    if (x < left - 2 || x > right + 2 || y < top - 2 || y > bottom + 2) problems.push(`the box of "${label.textContent.trim().slice(0, 40)}" lies outside its label`);
  }
  for (const cell of document.querySelectorAll('table td, table th, table caption')) {
    if (!cell.textContent.trim() || !visible(cell)) continue;
    for (const el of [cell, ...cell.querySelectorAll('*')]) {
      if (!el.textContent.trim() || !visible(el)) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 14) { problems.push(`table text at ${size}px: "${el.textContent.trim().slice(0, 30)}"`); break; }
    }
  }
  return [...new Set(problems)].slice(0, 10);
}"""


@pytest.fixture
def demo(transactional_db):
    call_command("demo", as_of=PRESENTATION_DATE, scale=0.1, verbosity=0)


def menu_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("nav.velkomst-nav a[href^='/']", "links => links.map(a => a.getAttribute('href'))")
    return list(dict.fromkeys(h for h in hrefs if not h.startswith("/logout")))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_of_every_role_reads_well_on_a_desktop_and_on_a_phone(browser, live_server, demo, viewport):
    folder = ARTIFACTS / "every-page"
    folder.mkdir(parents=True, exist_ok=True)
    found = []
    for role, username in ONE_PER_ROLE.items():
        context = browser.new_context(base_url=live_server.url, locale="da-DK", viewport=VIEWPORTS[viewport], bypass_csp=True)
        page = context.new_page()
        page.set_default_timeout(20_000)
        log_in(page, username, DEMO_PASSWORD)
        landing = page.url
        links = menu_links(page)
        assert links, f"{role}: no menu"
        rows = page.eval_on_selector_all("nav.velkomst-nav > ul > li", "items => new Set(items.map(li => Math.round(li.getBoundingClientRect().top))).size")
        if viewport == "desktop":
            # Every role's menu on at most 2 lines (the administrator's own pages are in the Administration submenu).
            assert rows <= 2, f"{role}: the menu wraps onto {rows} lines at 1366 px"
        for href in [landing.removeprefix(live_server.url)] + links:
            response = page.goto(href)
            assert response.status == 200, f"{role} {href}: {response.status}"
            name = re.sub(r"[^\w-]+", "_", f"{viewport}-{role}-{href.strip('/') or 'home'}")
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
            found += [f"{viewport} {role} {href}: {problem}" for problem in settled(page).evaluate(LAYOUT_PROBLEMS)]
            assert_accessible(page, f"{viewport} {role} {href}")
        context.close()
    assert not found, "\n".join(found)
