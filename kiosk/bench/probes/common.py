"""What the bench's Qt probes share: one JSON line out, a main-thread heartbeat, the kiosk's
window and one resident's application through it.

PySide6 is imported inside the functions: the bare baseline and the kiosk's start-up import it
at the moment their own path does, never earlier because of this module.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

T0 = time.monotonic()  # as early as the probe's own code runs: interpreter start-up came before
HEARTBEAT_MS = 5


def say(**data: Any) -> None:
    print(json.dumps(data), flush=True)


def quit_when_stdin_closes(app: Any) -> None:
    from PySide6.QtCore import QMetaObject, Qt

    def wait() -> None:
        sys.stdin.read()
        QMetaObject.invokeMethod(app, "quit", Qt.ConnectionType.QueuedConnection)

    threading.Thread(target=wait, name="stdin", daemon=True).start()


class Heartbeat:
    """A precise timer on the main thread: any gap beyond its interval is a stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.gaps: list[float] = []

    def start(self) -> None:
        self.last = time.monotonic()
        self.timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        self.gaps.append((now - self.last) * 1000 - HEARTBEAT_MS)
        self.last = now

    def result(self) -> dict[str, Any]:
        self.timer.stop()
        ordered = sorted(self.gaps) or [0.0]
        return {"max_stall_ms": max(0.0, ordered[-1]), "ticks": len(self.gaps),
                "p99_stall_ms": max(0.0, ordered[int(0.99 * (len(ordered) - 1))])}


def kiosk_window() -> Any:
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.shell.main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            return widget
    return None


def fill_one_application(window: Any) -> None:
    """One resident's whole application through the real session: consent, answers, submit."""
    from kiosk.domain.samples import sample_answer
    from kiosk.domain.session import Step

    service = window.catalog.services[0]
    window.session.start(service.id)
    window.session.accept_consent()
    if window.session.step is Step.SENSITIVE_CONSENT:
        window.session.accept_sensitive_consent()
    while window.session.step is Step.QUESTION:
        field = window.session.view.field
        if not window.session.answer(sample_answer(field)):
            raise RuntimeError(f"sample answer refused for {field.id}")
    window.submit()


def poll(until: Callable[[], bool], then: Callable[[], None], timeout_s: float) -> None:
    from PySide6.QtCore import QTimer

    deadline = time.monotonic() + timeout_s

    def check() -> None:
        if until() or time.monotonic() > deadline:
            then()
        else:
            QTimer.singleShot(20, check)

    check()
