"""Driving the window with the keyboard only, the way a resident's key presses arrive."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.shell.main_window import MainWindow
from tests.helpers.kiosk_window import WindowFactory

MAX_PRESSES = 60


def key(key: Qt.Key, text: str = "") -> None:
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None
    QTest.keyClick(target, key)


def move_to(widget: QWidget, forward: Qt.Key = Qt.Key.Key_Tab) -> None:
    for _ in range(MAX_PRESSES):
        if QApplication.focusWidget() is widget:
            return
        key(forward)
    now = QApplication.focusWidget()
    raise AssertionError(f"{widget.accessibleName()!r} cannot be reached with {forward}; "
                         f"focus on {now!r} {now.accessibleName() if now else None!r}, "
                         f"target visible={widget.isVisible()} enabled={widget.isEnabled()}")


def activate(widget: QWidget, forward: Qt.Key = Qt.Key.Key_Tab) -> None:
    move_to(widget, forward)
    key(Qt.Key.Key_Return)


def type_text(text: str) -> None:
    for char in text:
        target = QApplication.focusWidget() or QApplication.activeWindow()
        QTest.keyClicks(target, char)


def shown(qtbot: QtBot, make_window: WindowFactory) -> MainWindow:
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window
