"""kiosk/ui/import_check.py: the same answers as PySide6's own source check, read cheaply."""

from __future__ import annotations

import inspect
import json
import linecache
import sys
from pathlib import Path
from types import ModuleType

import pytest

import kiosk.store.store
import kiosk.ui.shell.main_window
from kiosk.ui import import_check


def _pyside_answer(module: ModuleType) -> bool:
    """What PySide6 6.x computes: does `inspect.getsource(module)` mention PySide6?"""
    try:
        return "PySide6" in inspect.getsource(module)
    except (TypeError, OSError, SyntaxError):
        return False


@pytest.mark.parametrize("module",
                         [kiosk.ui.shell.main_window, kiosk.store.store, json, inspect, sys],
                         ids=lambda m: m.__name__)
def test_the_answer_is_the_one_pyside_would_give(module: ModuleType) -> None:
    assert import_check.mentions_pyside(module) == _pyside_answer(module)


def test_extension_modules_and_missing_files_say_no(tmp_path: Path) -> None:
    import _json  # an extension module

    gone = ModuleType("gone")
    gone.__file__ = str(tmp_path / "gone.py")
    assert import_check.mentions_pyside(_json) is False
    assert import_check.mentions_pyside(gone) is False


def test_installed_checks_leave_no_source_lines_behind(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from shibokensupport import feature

    monkeypatch.setattr(feature, "_mod_uses_pyside", feature._mod_uses_pyside)
    assert import_check.install() is True
    module_file = tmp_path / "kiosk_probe_module_for_import_check.py"
    module_file.write_text("from PySide6.QtCore import QObject\nVALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    linecache.clearcache()
    __import__("kiosk_probe_module_for_import_check")
    assert feature.pyside_feature_dict["kiosk_probe_module_for_import_check"] == 0  # uses PySide6
    assert str(module_file) not in linecache.cache
