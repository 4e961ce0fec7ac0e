import ast

import pytest

from velkomst.companies import matching
from velkomst.rules import compliance


@pytest.mark.parametrize("module", [compliance, matching], ids=lambda m: m.__name__)
def test_the_pure_modules_do_not_import_django(module):
    tree = ast.parse(open(module.__file__, encoding="utf-8").read())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "django" not in imported
