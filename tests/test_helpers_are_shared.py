"""Test modules share code only through tests/helpers/: a test file or a conftest is collected by
pytest, not a library, so importing one from another ties tests together (moving or deleting one
breaks the other, and its fixtures and tests are imported twice)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_test_modules(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                 else [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
        found += [name for name in names
                  if name.startswith("tests.") and not name.startswith("tests.helpers")]
    return found


def test_tests_import_only_the_shared_helpers() -> None:
    offenders = {str(path.relative_to(TESTS)): modules for path in sorted(TESTS.rglob("*.py"))
                 if (modules := imported_test_modules(path))}
    assert offenders == {}, "move what is shared into tests/helpers/"

