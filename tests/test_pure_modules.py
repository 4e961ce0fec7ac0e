"""The pure cores import nothing from Django: each module, imported alone in a fresh interpreter, leaves no
``django`` in ``sys.modules`` (a static search of import lines would miss an import made by something it imports).

The list of pure packages is the one in the import-linter contract "Pure cores import nothing from Django"
(pyproject.toml), so a module added to a pure package is checked without being listed here.
"""
import importlib
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pure_roots() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    contract = next(c for c in contracts if c["name"] == "Pure cores import nothing from Django")
    return contract["source_modules"]


def pure_modules() -> list[str]:
    names = []
    for root in pure_roots():
        module = importlib.import_module(root)
        names.append(root)
        if hasattr(module, "__path__"):
            names += [info.name for info in pkgutil.walk_packages(module.__path__, prefix=f"{root}.")]
    return sorted(set(names))


def test_the_contract_names_the_pure_cores():
    assert {"velkomst.lib", "velkomst.rules", "velkomst.engine", "velkomst.forecast.simulation"} <= set(pure_roots())
    assert len(pure_modules()) > 20


@pytest.mark.parametrize("name", pure_modules())
def test_a_pure_module_loads_without_django(name):
    code = (f"import sys, {name}\n"
            "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
            "sys.exit(f'{loaded[:3]} loaded' if loaded else 0)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr or result.stdout
