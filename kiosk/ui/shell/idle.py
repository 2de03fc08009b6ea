"""Time-outs: after a quiet spell a warning counts down, then the session is cleared.

Intervals are plain numbers given by the window (from the settings), and the tick length can be
shortened, so tests run the whole sequence in milliseconds and wait on the signals.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.ui.look.qt_compat import emit


class IdleWatch(QObject):
    warn = Signal(int)       # the warning starts: seconds left
    tick = Signal(int)       # seconds left, once per tick while warning
    expired = Signal()       # time is up: clear the session

    def __init__(self, idle_s: float, warning_s: float, *, tick_ms: int = 1000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.warning_s = max(1, math.ceil(warning_s))
        self._left = self.warning_s
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(max(1, round(idle_s * 1000)))
        self._idle.timeout.connect(self._start_warning)
        self._ticker = QTimer(self)
        self._ticker.setInterval(max(1, tick_ms))
        self._ticker.timeout.connect(self._tick)

    @property
    def warning(self) -> bool:
        return self._ticker.isActive()

    @property
    def seconds_left(self) -> int:
        return self._left

    def start(self) -> None:
        self._ticker.stop()
        self._idle.start()

    def stop(self) -> None:
        self._idle.stop()
        self._ticker.stop()

    def activity(self) -> None:
        """A touch or key: start the quiet spell again (during a warning only `extend` does)."""
        if not self.warning:
            self._idle.start()

    def extend(self) -> None:
        """"I need more time": as often as the resident likes."""
        self.start()

    def warn_now(self) -> None:
        self._idle.stop()
        self._start_warning()

    def _start_warning(self) -> None:
        self._left = self.warning_s
        self._ticker.start()
        emit(self.warn, self._left)

    def _tick(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self._ticker.stop()
            emit(self.expired)
        else:
            emit(self.tick, self._left)
