"""The window is a composition of feature objects: no mixins, no stub blocks standing in for a
class's dependencies, no private attribute reached from outside its class, and the features
never import the window that composes them (the old main_window <-> page_wiring circle)."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtWidgets import QWidget

from kiosk.ui.shell.main_window import MainWindow

UI = Path(__file__).resolve().parents[2] / "kiosk" / "ui"
WINDOW_PARTS = [*sorted((UI / "features").glob("*.py")), *sorted((UI / "shell").glob("*.py"))]


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def test_the_window_inherits_from_qwidget_alone() -> None:
    assert MainWindow.__bases__ == (QWidget,)


def test_no_feature_imports_the_window() -> None:
    found = []
    for path in sorted((UI / "features").glob("*.py")):
        for node in ast.walk(_tree(path)):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name} imports {n}" for n in names
                      if n.startswith("kiosk.ui.shell.main_window")]
    assert found == []


def test_no_class_declares_its_dependencies_as_type_checking_stubs() -> None:
    found = []
    for path in WINDOW_PARTS:
        for cls in (n for n in ast.walk(_tree(path)) if isinstance(n, ast.ClassDef)):
            found += [f"{path.name}:{cls.name}" for stmt in cls.body
                      if isinstance(stmt, ast.If) and "TYPE_CHECKING" in ast.unparse(stmt.test)]
    assert found == []


def test_no_private_attribute_is_reached_from_outside_its_object() -> None:
    found = []
    for path in WINDOW_PARTS:
        for node in ast.walk(_tree(path)):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                    and not node.attr.startswith("__")
                    and not (isinstance(node.value, ast.Name) and node.value.id == "self")):
                found.append(f"{path.name}:{node.lineno} .{node.attr}")
    assert found == []
