"""Qt-side probes for `kiosk bench` (kiosk/bench), each run as its own process.

`python -m kiosk.bench.probes.startup_memory MODE --data-dir D [...]` prints one JSON line and
exits (or, for
`memory`, prints and then waits for stdin to close so the bench can read its RSS). Modes:

- `startup`: the real `kiosk run` path (the console script's and `python -m kiosk`'s entry,
  `kiosk.launcher.main`, then `run_kiosk`) up to a zero-timer
  firing after the window was shown with its home tiles; prints that moment (CLOCK_MONOTONIC,
  system-wide, so the bench compares it with the moment it started the process).
- `bare-startup`, `bare-memory`, `bare-heartbeat`: the baseline, a bare PySide6 window showing
  one label; nothing of the kiosk is imported.
- `memory`: the kiosk after one full application through the session (answers, submit, receipt).
- `heartbeat`: the kiosk draining its queue while speaking; the longest main-thread stall.
- `speech`: screen changes and interrupts; the times the audio tap is compared against.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

T0 = time.monotonic()  # as early as this module runs: interpreter start-up happened before
HEARTBEAT_MS = 5


def say(**data: Any) -> None:
    print(json.dumps(data), flush=True)


def _quit_when_stdin_closes(app: Any) -> None:
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


# -- the baseline: a bare PySide6 window with one label ----------------------------------------

def bare(mode: str, seconds: float) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    label = QLabel("乡镇便民自助终端")
    label.resize(1920, 1080)
    label.show()
    beat = Heartbeat()

    def ready() -> None:
        if mode == "bare-startup":
            say(ready_at=time.monotonic(), module_at=T0)
            app.quit()
        elif mode == "bare-memory":
            say(ready_at=time.monotonic(), pid=os.getpid())
            _quit_when_stdin_closes(app)
        else:
            beat.start()
            QTimer.singleShot(int(seconds * 1000), stop_beating)

    def stop_beating() -> None:
        say(**beat.result())
        app.quit()

    QTimer.singleShot(0, ready)
    return app.exec()


# -- the kiosk ------------------------------------------------------------------------------------

def kiosk_window() -> Any:
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.shell.main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            return widget
    return None


def startup(data_dir: Path) -> int:
    """Through the entry point as `kiosk run` goes (the console script and `python -m kiosk` call
    `kiosk.launcher.main`); the zero-timer is queued before the event loop runs and so fires on
    its first pass, after start_kiosk showed the window."""
    import kiosk.launcher

    # Imported as `kiosk run` imports it, and the QApplication run_kiosk then uses (it takes the
    # existing one), made here only so the zero-timer is queued before the kiosk's own start.
    app = kiosk.launcher.import_ui().application()
    from PySide6.QtCore import QTimer

    def ready() -> None:
        window = kiosk_window()
        tiles = len(window.home.tiles) if window is not None else 0
        say(ready_at=time.monotonic(), module_at=T0, tiles=tiles)
        app.quit()

    QTimer.singleShot(0, ready)
    with contextlib.suppress(SystemExit):
        kiosk.launcher.main(["run", "--data-dir", str(data_dir)])
    return 0


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


def _poll(until: Callable[[], bool], then: Callable[[], None], timeout_s: float) -> None:
    from PySide6.QtCore import QTimer

    deadline = time.monotonic() + timeout_s

    def check() -> None:
        if until() or time.monotonic() > deadline:
            then()
        else:
            QTimer.singleShot(20, check)

    check()


def memory(data_dir: Path, settle_s: float) -> int:
    import gc

    import kiosk.launcher

    # Imported in `kiosk run`'s order (what is imported before PySide6 matters for memory too),
    # with the collector back on once the window is up, as run_kiosk does.
    ui = kiosk.launcher.import_ui()
    from PySide6.QtCore import QTimer

    from kiosk.domain.session import Step

    app = ui.application()
    running = ui.start_kiosk(data_dir, fullscreen=False)
    gc.enable()
    window: Any = running.window  # MainWindow, unless the kiosk could not start
    served = False   # the receipt was shown: the application was saved

    def report() -> None:
        say(ready_at=time.monotonic(), pid=os.getpid(), step=str(window.session.step),
            served=served)
        _quit_when_stdin_closes(app)

    def home_again() -> None:
        QTimer.singleShot(int(settle_s * 1000), report)

    def saved() -> None:
        nonlocal served
        served = True
        # The resident reads the receipt, taps 完成, rates the service and leaves: the kiosk is
        # idle at home again, waiting for the next resident. That is the state measured.
        window.finish_receipt()
        window.rate(4, ())
        _poll(lambda: window.session.step is Step.HOME, home_again, 30)

    def begin() -> None:
        fill_one_application(window)
        _poll(lambda: window.session.step is Step.RECEIPT, saved, 30)

    QTimer.singleShot(0, begin)
    try:
        return app.exec()
    finally:
        running.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Qt probes for `kiosk bench`")
    parser.add_argument("mode", choices=["startup", "memory", "heartbeat", "speech",
                                         "bare-startup", "bare-memory", "bare-heartbeat"])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--expect", type=int, default=0, help="heartbeat: applications to drain")
    parser.add_argument("--trials", type=int, default=10)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.mode.startswith("bare-"):
        return bare(args.mode, args.seconds)
    if args.data_dir is None:
        parser.error("--data-dir is required for the kiosk's probes")
    if args.mode == "startup":
        return startup(args.data_dir)
    if args.mode == "memory":
        return memory(args.data_dir, args.seconds)
    from kiosk.bench.probes import live as bench_probe_live

    if args.mode == "heartbeat":
        return bench_probe_live.heartbeat(args.data_dir, args.expect, args.seconds)
    return bench_probe_live.speech(args.data_dir, args.trials)


if __name__ == "__main__":
    sys.exit(main())
