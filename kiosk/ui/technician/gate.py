"""The hidden way into the technician panel, so residents never stumble on it.

Two ways, both emit `requested` (the PIN is asked next, so finding the gate is not enough):
- the key Ctrl+Alt+T on a keyboard plugged into the kiosk;
- five taps within three seconds in the top-left 120×120 px corner of the window (a tap anywhere
  else starts the count again).

`install(window)` watches the window and everything in it (an application-wide event filter that
ignores other windows). The clock is injectable, so tests need no sleeps.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QApplication, QWidget

CORNER = QRect(0, 0, 120, 120)
TAPS_NEEDED = 5
TAP_WINDOW_S = 3.0
KEY = Qt.Key.Key_T
MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


class TechnicianGate(QObject):
    requested = Signal()

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._window: QWidget | None = None
        self._taps: list[float] = []
        self._last_seen: tuple[object, ...] | None = None

    def install(self, window: QWidget) -> None:
        """Watch `window`: its key presses and the taps in its top-left corner."""
        self._window = window
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        else:  # pragma: no cover - a window cannot exist without the application
            window.installEventFilter(self)

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self._window is not None:
            self._window.removeEventFilter(self)
        self._window = None

    # -- the two triggers, callable directly too ------------------------------------------------
    def tap(self, position: QPoint) -> None:
        """A tap at `position` in window coordinates."""
        if not CORNER.contains(position):
            self._taps.clear()
            return
        now = self._clock()
        self._taps = [t for t in self._taps if now - t <= TAP_WINDOW_S]
        self._taps.append(now)
        if len(self._taps) >= TAPS_NEEDED:
            self._taps.clear()
            self.requested.emit()

    @staticmethod
    def is_gate_key(event: QKeyEvent) -> bool:
        return event.key() == KEY and (event.modifiers() & MODIFIERS) == MODIFIERS

    # -- the filter -------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        window = self._window
        kind = event.type()
        if window is None or kind not in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                                          QEvent.Type.TouchBegin):
            return False
        if not isinstance(watched, QWidget) or not (watched is window
                                                    or window.isAncestorOf(watched)):
            return False
        if isinstance(event, QKeyEvent):
            if self.is_gate_key(event) and not event.isAutoRepeat():
                self.requested.emit()
                return True
            return False
        if isinstance(event, QMouseEvent):
            if event.source() != Qt.MouseEventSource.MouseEventNotSynthesized:
                return False  # made from a touch we have already counted
            if event.button() != Qt.MouseButton.LeftButton:
                return False
            where = event.globalPosition().toPoint()
        elif isinstance(event, QTouchEvent) and event.points():
            where = event.points()[0].globalPosition().toPoint()
        else:
            return False
        # A press a child ignores travels up to its parents, passing this filter each time.
        seen = (kind, event.timestamp(), where.x(), where.y())
        if seen == self._last_seen:
            return False
        self._last_seen = seen
        self.tap(window.mapFromGlobal(where))
        return False
