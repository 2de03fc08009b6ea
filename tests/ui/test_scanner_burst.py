"""A receipt scanned on 查进度: the scanner "types" twelve digits and Return within milliseconds.

Key events from the platform reach the application twice, first addressed to the window and
then to the focused widget; the scanner filter must count each key once. Sent here to the
window (as the platform does) under the offscreen platform; `test_scanner_xvfb.py` sends the
same burst with real X key events."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QWindow
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.helpers.kiosk_window import WindowFactory
from tests.helpers.resident_steps import open_lookup, saved_receipt
from tests.helpers.screen_walk import settle_work

KEYS = {digit: getattr(Qt.Key, f"Key_{digit}") for digit in "0123456789"}


def burst(target: QWindow, digits: str) -> None:
    for digit in digits:
        QTest.keyClick(target, KEYS[digit], Qt.KeyboardModifier.NoModifier, 0)
    QTest.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, 0)


def test_a_burst_sent_to_the_window_looks_up_the_number_as_scanned(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    receipt = saved_receipt(db_path)
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    open_lookup(window)
    handle = window.windowHandle()
    assert handle is not None
    looked_up: list[str] = []
    window.status_page.submitted.connect(looked_up.append)
    burst(handle, receipt.tracking_number)
    settle_work(window)
    assert looked_up == [receipt.tracking_number]
    page = window.status_page
    assert page.result is not None and page.result.tracking_number == receipt.tracking_number
