"""The reference material beside the project (``../shared``): the SPEC's checker and generator.

A clone on its own has no ``../shared``; the tests that compare with the reference then skip and say why,
and the project's own plan verifier (``velkomst.engine.verify``) still checks every plan.
``VELKOMST_SHARED`` names another shared folder.
"""
import importlib.util
import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("VELKOMST_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")


def _load(name: str):
    path = SHARED / "allocation" / f"{name}.py"
    if not path.exists():
        pytest.skip(f"the reference {name}.py is not beside the project ({path}); set VELKOMST_SHARED to the shared folder")
    spec = importlib.util.spec_from_file_location(f"shared_allocation_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reference_check():
    """``check(instance, plan)`` of ``../shared/allocation/check.py``; the calling test skips when it is absent."""
    return _load("check").check
