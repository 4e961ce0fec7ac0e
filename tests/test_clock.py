"""The clock is an argument: only views, management commands, the console command and the request middleware
read it; services, selectors, forms, template tags, models and pure helpers are given `today` or `now`.

A model field's `default=timezone.now` (the moment a row is written) is a reference, not a read, and stays.
"""
import ast
from pathlib import Path

import velkomst

ROOT = Path(velkomst.__file__).parent

# (module or class, function) calls that read the clock; `localdate(x)`/`localtime(x)` with an argument only convert.
READS = {("timezone", "now"), ("timezone", "localdate"), ("timezone", "localtime"), ("date", "today"), ("datetime", "now"),
         ("datetime", "today"), ("datetime", "utcnow"), ("time", "time"), ("time", "time_ns")}
CONVERTS = {"localdate", "localtime"}


def may_read_the_clock(path: Path) -> bool:
    relative = path.relative_to(ROOT)
    return (
        path.name == "views.py"  # the pages and the API: once per request
        or "commands" in relative.parts  # management commands: once per command
        or relative == Path("cli.py")
        or relative == Path("accounts/middleware.py")  # the session's idle timeout, per request
    )


def clock_reads(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)):
            continue
        name = (node.func.value.id, node.func.attr)
        if name in READS and not (node.func.attr in CONVERTS and (node.args or node.keywords)):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name[0]}.{name[1]}()")
    return found


# The demo builder dates its synthetic data itself (tests/demo checks its build on other days); not checked here.
SKIPPED = {"migrations", "demo"}


def test_nothing_below_the_views_and_commands_reads_the_clock():
    modules = [p for p in ROOT.rglob("*.py") if not SKIPPED & set(p.relative_to(ROOT).parts) and not may_read_the_clock(p)]
    assert len(modules) > 50
    assert [read for path in modules for read in clock_reads(path)] == []


def test_the_check_finds_a_read():
    assert clock_reads(ROOT / "housing" / "views.py")  # the views do read it, so the scan sees calls
