"""Kiosk mode: full screen, frameless, on top; Alt+F4, Ctrl+Q and close() do not close it; the
technician panel's "退出自助模式" does (and only then does the event loop end, with 64)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.bridges.tasks import TaskRunner
from kiosk.ui.shell.kiosk_mode import (
    EXIT_TECHNICIAN_LEFT,
    KioskModeGuard,
    apply_kiosk_mode,
    guard_of,
)
from kiosk.ui.technician import TechnicianPanel
from tests.helpers.kiosk_window import WindowFactory

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def quit_on_last_window_closed() -> object:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    yield
    app.setQuitOnLastWindowClosed(True)


def press(window: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> bool:
    """Send the key the way Qt would (ShortcutOverride first); True if something took it."""
    target = window.focusWidget() or window
    taken = False
    for kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
        event = QKeyEvent(kind, key, modifiers)
        event.setAccepted(False)
        taken = QCoreApplication.sendEvent(target, event) or taken
    return taken


def test_kiosk_mode_covers_the_screen_without_a_frame(qtbot: QtBot,
                                                      make_window: WindowFactory) -> None:
    window = make_window()
    guard = apply_kiosk_mode(window)
    flags = window.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    qtbot.waitUntil(window.isVisible, timeout=5_000)
    assert window.isFullScreen() and guard_of(window) is guard
    screen = window.screen()
    assert screen is not None  # covers it (the offscreen screen is smaller than the minimum)
    assert window.geometry().topLeft() == screen.geometry().topLeft()
    assert window.width() >= screen.geometry().width()


def test_alt_f4_ctrl_q_and_close_do_not_close_it(qtbot: QtBot,
                                                 make_window: WindowFactory) -> None:
    window = make_window()
    guard = apply_kiosk_mode(window)
    qtbot.waitUntil(window.isVisible, timeout=5_000)
    quit_requests: list[bool] = []
    app = QApplication.instance()
    assert app is not None
    app.aboutToQuit.connect(lambda: quit_requests.append(True))
    for key, modifiers in ((Qt.Key.Key_F4, ALT), (Qt.Key.Key_Q, CTRL), (Qt.Key.Key_W, CTRL),
                           (Qt.Key.Key_Tab, ALT)):
        press(window, key, modifiers)
    assert window.close() is False  # what a window manager's Alt+F4 or close button asks
    window.showMinimized()
    qtbot.waitUntil(window.isFullScreen, timeout=5_000)  # it takes the screen back
    assert window.isVisible() and guard.swallowed >= 5 and not quit_requests


def test_ordinary_keys_still_reach_the_resident_screens(qtbot: QtBot,
                                                        make_window: WindowFactory) -> None:
    window = make_window()
    apply_kiosk_mode(window)
    assert press(window, Qt.Key.Key_F4, ALT)
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier)
    guard = guard_of(window)
    assert guard is not None and not guard.eventFilter(window, event)


def test_the_technician_exit_closes_it_and_ends_the_loop_with_64(
        qtbot: QtBot, make_window: WindowFactory, data_dir: Path) -> None:
    window = make_window()
    guard = apply_kiosk_mode(window)
    tasks = TaskRunner()
    panel = TechnicianPanel(data_dir, tasks, "zh_CN", lambda: None, lambda: None, lambda: None,
                            parent=window)
    panel.show()
    assert panel.exit_kiosk_button.isVisible()
    assert panel.exit_kiosk_button.text() == "退出自助模式"
    codes: list[int] = []
    app = QApplication.instance()
    assert app is not None

    def run_loop() -> None:
        codes.append(app.exec())

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: qtbot.mouseClick(panel.exit_kiosk_button,
                                                  Qt.MouseButton.LeftButton))
    run_loop()
    tasks.wait(10_000)
    assert codes == [EXIT_TECHNICIAN_LEFT]
    assert guard.leaving and not window.isVisible()


def test_without_kiosk_mode_there_is_no_exit_button(qtbot: QtBot, make_window: WindowFactory,
                                                   data_dir: Path) -> None:
    window = make_window()
    tasks = TaskRunner()
    panel = TechnicianPanel(data_dir, tasks, "en", lambda: None, lambda: None, lambda: None,
                            parent=window)
    panel.show()
    assert not panel.exit_kiosk_button.isVisible()
    assert window.findChild(KioskModeGuard) is None
    tasks.wait(10_000)
