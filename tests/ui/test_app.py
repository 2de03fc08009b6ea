"""Starting the kiosk: the real composition, and a plain message instead of a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.paths import config_path
from kiosk.ui.app import start_kiosk
from kiosk.ui.screens.startup_error import StartupErrorScreen
from kiosk.ui.shell.main_window import MainWindow


class IdleRunner:
    def __init__(self, data_dir: Path, on_status: Any) -> None:
        self.started = self.stopped = False

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.stopped = True

    def wake(self) -> None:
        pass


def test_the_kiosk_starts_with_its_settings(qtbot: QtBot, data_dir: Path) -> None:
    config_path(data_dir).write_text('[ui]\nlanguage = "en"\nhall_name = "Dongwan Hall"\n',
                                     encoding="utf-8")
    runners: list[IdleRunner] = []

    def factory(path: Path, on_status: Any) -> IdleRunner:
        runners.append(IdleRunner(path, on_status))
        return runners[-1]

    kiosk = start_kiosk(data_dir, fullscreen=False, runner_factory=factory)
    try:
        window = kiosk.window
        assert kiosk.ok and isinstance(window, MainWindow) and window.isVisible()
        assert window.ctx.language == "en"
        assert window.top_bar.hall.text() == "Dongwan Hall"
        # The database, sync and speech start on the event loop's first turns, after home shows.
        qtbot.waitUntil(lambda: bool(runners) and runners[0].started, timeout=10_000)
        assert (data_dir / "kiosk.sqlite3").exists()
    finally:
        kiosk.stop()
    assert runners[0].stopped


@pytest.mark.parametrize("kiosk_mode", [False, True])
def test_keys_work_on_the_started_window(qtbot: QtBot, data_dir: Path, kiosk_mode: bool) -> None:
    # The key and scanner filters go on after the window is shown (start-up speed); the window
    # still answers keys from the start, and in kiosk mode the guard still sees them first.
    kiosk = start_kiosk(data_dir, fullscreen=False, runner_factory=IdleRunner,
                        kiosk_mode=kiosk_mode)
    try:
        window = kiosk.window
        assert isinstance(window, MainWindow)
        QTest.keyClick(window, Qt.Key.Key_F1)
        assert window.stack.currentWidget() is window.help_panel
        if kiosk_mode:
            from kiosk.ui.shell.kiosk_mode import guard_of

            guard = guard_of(window)
            assert guard is not None
            QTest.keyClick(window, Qt.Key.Key_Escape, Qt.KeyboardModifier.AltModifier)
            assert guard.swallowed == 1   # refused by the guard, not taken as "back"
            assert window.stack.currentWidget() is window.help_panel
    finally:
        if kiosk_mode:
            from kiosk.ui.shell.kiosk_mode import guard_of

            guard = guard_of(kiosk.window)
            if guard is not None:
                guard.leaving = True
        kiosk.stop()


def test_a_broken_setting_shows_a_plain_message(qtbot: QtBot, data_dir: Path) -> None:
    config_path(data_dir).write_text("[ui\nlanguage = ", encoding="utf-8")
    kiosk = start_kiosk(data_dir, fullscreen=False)
    try:
        assert not kiosk.ok and isinstance(kiosk.window, StartupErrorScreen)
        assert kiosk.window.isVisible()
        assert "config" in kiosk.window.detail.text()
    finally:
        kiosk.stop()


RUN_ONCE = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from kiosk.ui.app import application, run_kiosk
app = application()
QTimer.singleShot(0, app.quit)  # the first turn of the event loop ends the run
sys.exit(run_kiosk(Path(sys.argv[1]), fullscreen=False))
"""


def _run_kiosk_once(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-c", RUN_ONCE, str(data_dir)], env=env,
                          capture_output=True, text=True, timeout=60)


def test_run_kiosk_runs_with_the_real_sync_runner_and_exits_cleanly(data_dir: Path) -> None:
    result = _run_kiosk_once(data_dir)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


GC_DURING_RUN = """
import gc, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from kiosk.ui.app import application, run_kiosk
app = application()
QTimer.singleShot(0, lambda: QTimer.singleShot(0, lambda: (print("gc", gc.isenabled()),
                                                           app.quit())))
sys.exit(run_kiosk(Path(sys.argv[1]), fullscreen=False))
"""


def test_garbage_collection_is_back_on_once_the_loop_runs(data_dir: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", GC_DURING_RUN, str(data_dir)], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "gc True" in result.stdout


def test_run_kiosk_reports_a_broken_setting_with_status_1(data_dir: Path) -> None:
    config_path(data_dir).write_text("[ui\nlanguage = ", encoding="utf-8")
    result = _run_kiosk_once(data_dir)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
