"""A recorder for the browser journeys: counts the page loads and clicks of each named step, checks every page it loads
with axe-core, and writes the counts as a markdown table to test-artifacts/journeys/<journey>-steps.md.

Only the recorder's own actions move the browser: a journey clicks links and buttons and fills fields, and the only
typed address is the login page (where staff start their day)."""
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

import time_machine

from tests.e2e.conftest import ARTIFACTS, assert_accessible


@dataclass
class Step:
    name: str
    role: str
    loads: int = 0
    clicks: int = 0
    fields: int = 0
    pages: list[str] = field(default_factory=list)


class Journey:
    def __init__(self, page, name: str, start):
        self.page, self.name = page, name
        self.steps: list[Step] = []
        self.role = ""
        self.checked_urls: set[str] = set()
        self.traveller = time_machine.travel(start, tick=True)
        self.clock = self.traveller.start()
        page.on("load", self._loaded)
        # A journey loads some 80–130 pages and runs axe-core on each: on a busy machine one slow page must not fail it.
        page.set_default_timeout(30_000)

    def stop(self) -> None:
        self.traveller.stop()

    def _loaded(self, page) -> None:
        if self.steps:
            self.steps[-1].loads += 1
            self.steps[-1].pages.append(re.sub(r"\d+", "N", page.url.split("//", 1)[-1].split("/", 1)[-1]))

    @contextmanager
    def step(self, name: str):
        self.steps.append(Step(name=name, role=self.role))
        try:
            yield self.steps[-1]
        except Exception:
            self._dump()
            raise
        finally:
            self.write()

    def _dump(self) -> None:
        folder = ARTIFACTS / "journeys"
        folder.mkdir(parents=True, exist_ok=True)
        try:
            (folder / f"{self.name}-failed.html").write_text(self.page.content())
            self.page.screenshot(path=str(folder / f"{self.name}-failed.png"), full_page=True)
        except Exception:  # noqa: BLE001 — the dump must never hide the failure
            pass

    def travel(self, moment) -> None:
        """The clock moves on to the moment (the day of the next step); the session has run out meanwhile."""
        self.clock.move_to(moment)
        self.page.context.clear_cookies()

    def log_in(self, username: str, role: str) -> None:
        """Staff start at the login page: the one address typed in the whole journey."""
        self.role = role
        if self.steps:
            self.steps[-1].role = role
        self.page.context.clear_cookies()
        self.page.goto("/login/")
        self.page.get_by_label("Brugernavn").fill(username)
        self.page.get_by_label("Adgangskode").fill("test-password-123")
        self.click(self.page.get_by_role("button", name="Log ind"))

    def click(self, locator, *, check: bool = True) -> None:
        """One click; the page it leads to is checked with axe-core."""
        loads = self.steps[-1].loads
        locator.click()
        self.page.wait_for_load_state()
        self.steps[-1].clicks += 1
        if check and self.steps[-1].loads > loads:
            self.accessible()

    def check(self, locator) -> None:
        locator.check()
        self.steps[-1].clicks += 1

    def fill(self, locator, value: str) -> None:
        locator.fill(value)
        self.steps[-1].fields += 1

    def select(self, locator, value=None, **by) -> None:
        locator.select_option(value, **by)
        self.steps[-1].fields += 1

    def accessible(self) -> None:
        assert_accessible(self.page, f"{self.steps[-1].name}: {self.page.url}")

    def screenshot(self, label: str) -> None:
        folder = ARTIFACTS / "journeys"
        folder.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(folder / f"{self.name}-{label}.png"), full_page=True)

    def write(self) -> None:
        folder = ARTIFACTS / "journeys"
        folder.mkdir(parents=True, exist_ok=True)
        lines = [f"# {self.name}: pages and clicks per step", "",
                 "| # | step | role | page loads | clicks | fields filled |", "| --- | --- | --- | ---: | ---: | ---: |"]
        for n, s in enumerate(self.steps, 1):
            lines.append(f"| {n} | {s.name} | {s.role} | {s.loads} | {s.clicks} | {s.fields} |")
        lines.append(f"| | **total** | | **{sum(s.loads for s in self.steps)}** | **{sum(s.clicks for s in self.steps)}** | "
                     f"**{sum(s.fields for s in self.steps)}** |")
        (folder / f"{self.name}-steps.md").write_text("\n".join(lines) + "\n")
