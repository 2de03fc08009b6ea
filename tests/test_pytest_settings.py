"""The suite's own habits, as pyproject.toml sets them: a Qt warning fails the test that caused
it, and a marker nobody registered is an error (a typo would otherwise select nothing)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

QT_WARNING = """
from PySide6.QtCore import qWarning


def test_warns(qtbot):
    qWarning("a warning nobody fixed")
"""

UNKNOWN_MARKER = """
import pytest


@pytest.mark.e2ee
def test_mistyped():
    pass
"""


def run_pytest(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(folder), str(folder)],
        capture_output=True, text=True, env=env, timeout=120, cwd=folder)


def test_a_qt_warning_fails_its_test(tmp_path: Path) -> None:
    (tmp_path / "test_qt.py").write_text(QT_WARNING, encoding="utf-8")
    result = run_pytest(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "a warning nobody fixed" in result.stdout
    assert "1 failed" in result.stdout


def test_an_unregistered_marker_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "test_marker.py").write_text(UNKNOWN_MARKER, encoding="utf-8")
    result = run_pytest(tmp_path)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "'e2ee' not found in `markers`" in result.stdout + result.stderr
