"""Browser tests: Playwright driving Debian's Chromium against the live test server, with axe-core on each page."""
import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"

# Playwright's sync API runs an event loop in the test thread; the ORM calls of the
# test's own set-up are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    missing = [str(p) for p in (CHROMIUM, AXE) if not p.exists()]
    if missing:
        reason = f"browser tests need {', '.join(missing)} (apt-get install chromium; make assets)"
        if os.environ.get("VELKOMST_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    # bypass_csp: axe-core is injected as an inline script, which the Content Security Policy rightly forbids.
    context = browser.new_context(base_url=live_server.url, locale="da-DK", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w-]+", "_", request.node.name)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


def settled(page):
    """The page as a person sees it: parsed to the end and its deferred scripts run.

    A locator's wait_for() returns as soon as its element is parsed, while the rest of
    the document may still stream in and velkomst.js has not yet put wide tables in
    their scroll boxes; a check of the layout or of accessibility made then judges a
    half-built page (CI saw a phone page "scroll sideways" that way)."""
    page.wait_for_load_state("load")
    return page


def fits_its_width(page) -> bool:
    """Nothing on the settled page is wider than the window: it never scrolls sideways."""
    return settled(page).evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")


def assert_accessible(page, label: str = "") -> None:
    """axe-core finds no serious or critical violation on the page as it is now."""
    settled(page).add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{label or page.url}: " + "; ".join(bad)


def log_in(page, username: str, password: str = "test-password-123") -> None:
    page.goto("/login/")
    assert_accessible(page, "login")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()
