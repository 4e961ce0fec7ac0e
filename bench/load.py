"""Web latency under load: concurrent staff sessions against gunicorn and PostgreSQL with the demo data.

    python bench/load.py [--users 50] [--duration 120] [--workers cores+1] [--scale 1] [--reuse]

Creates the database `velkomst_load` (`velkomst_load_10` with --scale 10) on 127.0.0.1:5432 (BENCH_PG_URL to change
the server and database), migrates, builds the demo data at that scale, starts gunicorn on 127.0.0.1 with a free port
and one background worker beside it (as `velkomst run` does: the proposals are solved there), logs every session in through the login form (CSRF
token from the page), and lets the sessions work with 1–3 s think time: search, open a person, occupancy,
register a class's attendance, book a meeting, and (one reception session) propose placements for a few
households. Prints p50/p95/p99 per flow and the errors; the target is p95 under 300 ms and no errors.
Everything stays on the loopback address and stops by itself (bounded in time and in requests).
"""
import argparse
import http.client
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale import read_model_ready  # noqa: E402
from velkomst.cli import WORKER_COMMAND, web_workers  # noqa: E402 - the worker and web workers `velkomst run` starts

VENV_BIN = Path(sys.executable).parent
PASSWORD = "Velkomst-demo-2026"
TARGET_P95_MS = 300
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HOUSEHOLD_BOX = re.compile(r'name="households" value="(\d+)"')
MAX_REQUESTS = 200_000  # a second bound besides the duration


class Browser:
    """One staff member's browser: a kept-alive connection, cookies, the CSRF token."""

    def __init__(self, port: int):
        self.port, self.cookies, self.connection = port, {}, None

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, float]:
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": self.cookies.get("csrftoken", "")}
        started = time.perf_counter()
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        elapsed = (time.perf_counter() - started) * 1000
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, text, elapsed

    def login(self, username: str) -> None:
        _, page, _ = self.request("GET", "/login/")
        token = CSRF_FIELD.search(page).group(1)
        status, _, _ = self.request("POST", "/login/", {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
        if status != 302:
            raise RuntimeError(f"login as {username}: HTTP {status}")

    def token(self) -> str:
        return self.cookies.get("csrftoken", "")


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.timings = defaultdict(list)
        self.errors = defaultdict(int)
        self.refused = defaultdict(int)
        self.count = 0
        self.samples: dict[str, str] = {}
        self.refusal: dict[str, str] = {}

    def add(self, flow: str, status: int | str, ms: float, ok: tuple = (200,), refused: tuple = ()):
        with self.lock:
            self.count += 1
            self.timings[flow].append(ms)
            if status in refused:
                self.refused[flow] += 1
            elif status not in ok:
                self.errors[flow] += 1
                self.samples.setdefault(flow, str(status))


# --- set-up ----------------------------------------------------------------------------------------


def run(*args, env):
    subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(url: str, reuse: bool, scale: float = 1) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING", "HTTPS": os.environ.get("HTTPS", "false")}
    server = urlparse(url)
    if not reuse:
        psql = ["psql", "-X", "-q", "-h", server.hostname, "-p", str(server.port or 5432), "-U", server.username or "postgres"]
        name = server.path.lstrip("/")
        subprocess.run([*psql, "-d", "postgres", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', "-c", f'CREATE DATABASE "{name}"'], check=True)
        started = time.perf_counter()
        # manage.py of this checkout (the installed `velkomst` script may import another checkout's code).
        run(sys.executable, "manage.py", "migrate", "-v", "0", env=env)
        run(sys.executable, "manage.py", "demo", "--scale", f"{scale:g}", env=env)
        # A database in use has statistics; one just bulk-loaded has none until autovacuum comes by.
        subprocess.run([*psql, "-d", name, "-c", "VACUUM ANALYZE"], check=True)
        print(f"database {name}: migrated and demo data built in {time.perf_counter() - started:.0f} s", flush=True)
    else:
        run(sys.executable, "manage.py", "migrate", "-v", "0", env=env)  # a database of an earlier release
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "velkomst.settings")
    os.environ.setdefault("HTTPS", "false")  # the benchmark speaks plain HTTP on this machine
    import django

    django.setup()
    read_model_ready()
    return targets()


def targets() -> dict:
    """Ids the sessions work on, read once: persons of the demo caseworker, last names to search, a class with a lesson."""
    from django.db import connection
    from django.urls import NoReverseMatch, reverse

    from velkomst.people.models import Case, CaseStatus, Person

    cases = list(Case.objects.filter(caseworker__username="sagsbehandler", status__in=[CaseStatus.ARRIVED, CaseStatus.IN_PROGRAMME])
                 .values_list("pk", "person_id")[:300])
    names = list(Person.objects.order_by("?").values_list("last_name", flat=True)[:200])
    found = {"cases": cases, "names": names, "skipped": []}

    def route(name, **kwargs):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            return None

    found["occupancy"] = route("housing:occupancy") or route("occupancy") or "/housing/"
    found["meetings"] = route("reception:case_meetings", case_id=0)
    if not found["meetings"]:
        found["skipped"].append("book a meeting (no reception:case_meetings page)")
    found["attendance"] = None
    try:
        from velkomst.education.models import TeachingClass

        today = date.today()
        for teaching_class in TeachingClass.objects.prefetch_related("sessions", "roster").order_by("pk")[:50]:
            days = {s.weekday for s in teaching_class.sessions.all()}
            day = next((today - timedelta(days=n) for n in range(7) if (today - timedelta(days=n)).weekday() in days), None)
            if day and teaching_class.starts_on <= day and (not teaching_class.ends_on or day <= teaching_class.ends_on):
                path = route("programme:education_attendance", class_id=teaching_class.pk) or route("education_attendance", class_id=teaching_class.pk)
                if path and teaching_class.roster.exists():
                    found["attendance"] = (path, day.isoformat())
                    break
    except ImportError:
        pass
    if not found["attendance"]:
        found["skipped"].append("register attendance (no class with a lesson this week, or no attendance page)")
    found["allocation"] = route("allocation")
    if not found["allocation"]:
        found["skipped"].append("propose placements (no allocation page)")
    connection.close()
    return found


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(url: str, workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING", "HTTPS": os.environ.get("HTTPS", "false")}
    process = subprocess.Popen([str(VENV_BIN / "gunicorn"), "velkomst.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                                "--timeout", "120", "--log-level", "warning"], cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Browser(port).request("GET", "/login/")[0] == 200:
                return process, port
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not answer")


def start_worker(url: str) -> subprocess.Popen:
    """One background worker beside the web server, as `velkomst run` starts it: the placement proposals are solved
    there, on the same cores, not inside the measured requests."""
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING", "HTTPS": os.environ.get("HTTPS", "false")}
    return subprocess.Popen(WORKER_COMMAND, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# --- what the sessions do ------------------------------------------------------------------------


def caseworker_flow(browser: Browser, t: dict, results: Results, rng: random.Random):
    status, _, ms = browser.request("POST", "/people/search/", {"q": rng.choice(t["names"])})
    results.add("search (POST)", status, ms)
    case_id, person_id = rng.choice(t["cases"])
    status, _, ms = browser.request("GET", f"/people/{person_id}/")
    results.add("open a person", status, ms)
    if t["meetings"] and rng.random() < 0.3:
        path = t["meetings"].replace("/0/", f"/{case_id}/")
        status, _, ms = browser.request("GET", path)
        results.add("meetings page", status, ms)
        day = date.today() + timedelta(days=rng.randint(1, 40))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        form = {"csrfmiddlewaretoken": browser.token(), "kind": "follow_up" if rng.random() < 0.5 else "welcome",
                "day": day.strftime("%d.%m.%Y"), "start_time": f"{rng.randint(8, 14):02d}:{rng.choice(['00', '15', '30', '45'])}",
                "minutes": "30", "place": "Jobcentret, Kalvebod Brygge", "interpreter_language": "", "caseworker": ""}
        status, page, ms = browser.request("POST", path, form)
        if status == 400 and "book a meeting" not in results.refusal:
            reason = re.search(r'<li><a href="#id_(\w+)">([^<]{0,160})', page)
            results.refusal["book a meeting"] = f"{reason.group(1)}: {reason.group(2)}" if reason else page[:200]
        # 400: the service refused (the caseworker is busy then): a right answer, counted apart.
        results.add("book a meeting (POST)", status, ms, ok=(302,), refused=(400,))


def housing_flow(browser: Browser, t: dict, results: Results, rng: random.Random):
    status, _, ms = browser.request("GET", t["occupancy"])
    results.add("occupancy", status, ms)
    status, _, ms = browser.request("POST", "/people/search/", {"q": rng.choice(t["names"])})
    results.add("search (POST)", status, ms)


def teacher_flow(browser: Browser, t: dict, results: Results, rng: random.Random):
    path, day = t["attendance"]
    status, page, ms = browser.request("GET", f"{path}?on={day}")
    results.add("attendance page", status, ms)
    boxes = set(re.findall(r'name="(case-\d+)"', page))
    form = {"csrfmiddlewaretoken": browser.token(), "on": day} | {box: rng.choice(["present", "present", "absent"]) for box in boxes}
    status, _, ms = browser.request("POST", path, form)
    results.add("register attendance (POST)", status, ms, ok=(302,))


PROPOSAL_EVERY_SECONDS = 12  # far more often than a reception team proposes placements in real life


def reception_flow(browser: Browser, t: dict, results: Results, rng: random.Random):
    """Reception keeps the waiting list open (every think time) and proposes placements for three households every
    PROPOSAL_EVERY_SECONDS."""
    status, page, ms = browser.request("GET", t["allocation"])
    results.add("allocation page", status, ms)
    households = HOUSEHOLD_BOX.findall(page)
    if households and time.monotonic() - getattr(browser, "proposed_at", 0.0) >= PROPOSAL_EVERY_SECONDS:
        browser.proposed_at = time.monotonic()
        chosen = rng.sample(households, min(3, len(households)))
        form = {"csrfmiddlewaretoken": browser.token(), "households": chosen, "move_in_on": (date.today() + timedelta(days=7)).strftime("%d.%m.%Y")}
        status, _, ms = browser.request("POST", t["allocation"], form)
        # The answer is the job's page (302): the solving happens in the background worker.
        results.add("propose placement, 3 households (POST)", status, ms, ok=(302,))


def session(index: int, port: int, t: dict, results: Results, logins: Results, ready: threading.Barrier, window: dict,
            think: tuple[float, float]):
    rng = random.Random(f"{index}-{time.time_ns()}")  # not the same picks as the last run (--reuse keeps its meetings)
    # 50 sessions: mostly caseworkers, some hosts and teachers, one reception session proposing placements.
    if index == 0 and t["allocation"]:
        username, flow, pause = "modtagelse", reception_flow, think
    elif index % 5 == 1:
        username, flow, pause = "vaert", housing_flow, think
    elif index % 5 == 2 and t["attendance"]:
        username, flow, pause = "underviser", teacher_flow, think
    else:
        username, flow, pause = rng.choice(["sagsbehandler", "sagsbehandler2"]), caseworker_flow, think
    browser = Browser(port)
    # Staff log in over the morning, not on one stroke: the logins (each an Argon2 hash, deliberately costly) happen
    # before the measured window, which then starts for all sessions at once.
    started = time.perf_counter()
    try:
        browser.login(username)
        logins.add("login", 200, (time.perf_counter() - started) * 1000)
    except Exception as error:  # noqa: BLE001 - counted, not raised: the table shows it
        results.add("login", type(error).__name__, 0)
        return
    finally:
        ready.wait()
    time.sleep(rng.uniform(*think))  # the first clicks are spread like the later ones
    while time.monotonic() < window["stop_at"] and results.count < MAX_REQUESTS:
        try:
            flow(browser, t, results, rng)
        except Exception as error:  # noqa: BLE001
            results.add(flow.__name__, type(error).__name__, 0)
            browser.connection = None
        time.sleep(rng.uniform(*pause))


def warm_up(port: int, t: dict, scratch: Results | None = None, rounds: int = 6) -> Results:
    """Every worker compiles its templates and opens its database connection before anything is measured.
    Run again with a fresh `scratch`, it is the baseline: one session alone, no think time."""
    scratch, rng = scratch or Results(), random.Random(time.time_ns())
    flows = [("sagsbehandler", caseworker_flow), ("vaert", housing_flow)]
    if t["attendance"]:
        flows.append(("underviser", teacher_flow))
    for username, flow in flows:
        browser = Browser(port)
        browser.login(username)
        for _ in range(rounds):
            flow(browser, t, scratch, rng)
    if t["allocation"]:
        browser = Browser(port)
        browser.login("modtagelse")
        for _ in range(3):
            status, _, ms = browser.request("GET", t["allocation"])
            scratch.add("allocation page", status, ms)
    return scratch


def table(results: Results, skipped: list[str], baseline: Results) -> str:
    lines = ["| flow | requests | p50 ms | p95 ms | p99 ms | errors | baseline p50 ms (1 session alone) |",
             "| --- | --: | --: | --: | --: | --: | --: |"]
    ok = True
    for flow, values in sorted(results.timings.items()):
        values = [v for v in values if v > 0] or [0]
        cuts = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else [values[0]] * 99
        p50, p95, p99 = statistics.median(values), cuts[94], cuts[98]
        refused = f" ({results.refused[flow]} refused)" if results.refused.get(flow) else ""
        alone = f"{statistics.median(baseline.timings[flow]):.0f}" if baseline.timings.get(flow) else ""
        lines.append(f"| {flow} | {len(results.timings[flow])} | {p50:.0f} | {p95:.0f} | {p99:.0f} | {results.errors.get(flow, 0)}{refused} | {alone} |")
        if p95 >= TARGET_P95_MS:  # the proposal too: its POST queues the job, the worker solves
            ok = False
    for flow in skipped:
        lines.append(f"| {flow}: skipped | | | | | | |")
    errors = sum(results.errors.values())
    verdict = "meets" if ok and errors == 0 else "MISSES"
    lines.append("")
    lines.append(f"{results.count} requests, {errors} errors; target p95 < {TARGET_P95_MS} ms per page (a placement proposal's "
                 f"POST queues a job; the worker beside gunicorn solves it) and no errors: {verdict} the target.")
    if results.refusal:
        lines.append("why refused (first): " + ", ".join(f"{k}: {v}" for k, v in results.refusal.items()))
    if results.samples:
        lines.append("first error per flow: " + ", ".join(f"{k}: {v}" for k, v in results.samples.items()))
    return "\n".join(lines)


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120, help="seconds of load (at most 900)")
    # As many as `velkomst run` starts (velkomst.cli.web_workers: cores + 1, and why).
    parser.add_argument("--workers", type=int, default=web_workers(), help="gunicorn workers (default: cores + 1, as velkomst run)")
    parser.add_argument("--scale", type=float, default=1, help="the demo data times this (10: about every refugee in Denmark)")
    parser.add_argument("--reuse", action="store_true", help="keep the existing velkomst_load database (migrated, no new demo)")
    args = parser.parse_args()
    duration = min(args.duration, 900)
    name = "velkomst_load" if args.scale == 1 else f"velkomst_load_{args.scale:g}".replace(".", "_")
    url = os.environ.get("BENCH_PG_URL", f"postgres://postgres@127.0.0.1:5432/{name}")
    if urlparse(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("the load test only runs against a database on this machine")
    t = prepare(url, args.reuse, args.scale)
    browsers_before, children_before = cpu_seconds(resource.RUSAGE_SELF), cpu_seconds(resource.RUSAGE_CHILDREN)
    server, port = start_gunicorn(url, args.workers)
    background = start_worker(url)
    results = Results()
    try:
        warm_up(port, t)
        baseline = warm_up(port, t, Results(), rounds=8)
        logins, window = Results(), {}
        # The measured window starts when every session has logged in: set before any of them is released.
        ready = threading.Barrier(args.users, action=lambda: window.update(stop_at=time.monotonic() + duration))
        threads = [threading.Thread(target=session, args=(i, port, t, results, logins, ready, window, (1.0, 3.0)), daemon=True)
                   for i in range(args.users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=duration + 300)
    finally:
        for process in (server, background):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    print(f"\n{args.users} staff sessions, {duration:.0f} s, think time 1–3 s, gunicorn {args.workers} workers, PostgreSQL, "
          f"demo data at {args.scale:g}x\n")
    print(f"CPU time: the simulated browsers {cpu_seconds(resource.RUSAGE_SELF) - browsers_before:.0f} s, gunicorn and its workers "
          f"{cpu_seconds(resource.RUSAGE_CHILDREN) - children_before:.0f} s (PostgreSQL not counted), all on the same cores")
    try:
        load = os.getloadavg()[0]
        print(f"machine load average at the end: {load:.1f} on {os.cpu_count()} cores (other work on the machine slows every row)")
    except OSError:
        pass
    if logins.timings:
        print(f"{len(logins.timings['login'])} logins before the measured window, all at once: "
              f"p50 {statistics.median(logins.timings['login']):.0f} ms (Argon2 password hashing, deliberately slow)")
    print(table(results, t["skipped"], baseline))


if __name__ == "__main__":
    main()
