"""A USB/serial barcode scanner acts as a keyboard: it "types" the code's digits very fast and
ends with Enter. `ScannerFilter` (on the application, installed after the key filter so it sees
keys first) keeps the digits that came less than `gap_s` apart; an Enter straight after a burst
of at least `min_digits` hands the digits over (and is eaten). Digits are never eaten: typed by
hand they still reach the on-screen keypad. Acts only while `active()` says so.

An application-wide filter sees one key press several times: the platform addresses it to the
window first, the window hands the same event on to the focused widget, and a key nobody takes
goes on to each parent in turn. Counting each of those as a key doubled every digit of a fast
burst (`1122…`), so a press is counted once: a press equal to the one just counted, with no
key released in between, is that press again on its way to the next receiver.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

BURST_GAP_S = 0.05


class ScannerFilter(QObject):
    def __init__(self, active: Callable[[], bool], on_scan: Callable[[str], None], *,
                 min_digits: int = 12, gap_s: float = BURST_GAP_S,
                 clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._active, self._on_scan = active, on_scan
        self._min_digits, self._gap_s, self._clock = min_digits, gap_s, clock
        self._digits = ""
        self._last = -1.0
        self._counted: tuple[int, str, int] | None = None   # the press last counted

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyRelease:
            self._counted = None
            return False
        if kind != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not self._active():
            self._digits = ""
            return False
        if event.isAutoRepeat():
            return False
        press = (event.key(), event.text(), event.timestamp())
        if press == self._counted:
            return False        # the same press, handed on to the next receiver
        self._counted = press
        return self._key(event)

    def _key(self, event: QKeyEvent) -> bool:
        now = self._clock()
        fast = self._last >= 0 and now - self._last < self._gap_s
        self._last = now
        text = event.text()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            digits, self._digits = self._digits, ""
            if fast and len(digits) >= self._min_digits:
                self._on_scan(digits)
                return True
            return False
        if len(text) == 1 and text.isascii() and text.isdigit():
            self._digits = self._digits + text if fast else text
        elif text in ("-", " ") and fast:
            pass    # a code printed with separators: keep going
        else:
            self._digits = ""
        return False
