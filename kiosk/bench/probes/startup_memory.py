"""The start-up and memory probes of `kiosk bench` (run through `python -m kiosk.bench.probes`).

- `startup`: the path `kiosk run` takes once its command line is read (kiosk/launcher.py `run`):
  the window's modules in the boot order (kiosk/ui/boot.py), the data dir and the log, then
  `run_kiosk`, up to a zero-timer firing after the window was shown with its home tiles; prints
  that moment (CLOCK_MONOTONIC, system-wide, so the bench compares it with the moment it started
  the process).
- `bare-startup`, `bare-memory`, `bare-heartbeat`: the baseline, a bare PySide6 window showing
  one label; nothing of the kiosk is imported.
- `memory`: the kiosk after one full application through the session (answers, submit, receipt).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from kiosk.bench.probes.common import (
    T0,
    Heartbeat,
    fill_one_application,
    kiosk_window,
    poll,
    quit_when_stdin_closes,
    say,
)

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
            quit_when_stdin_closes(app)
        else:
            beat.start()
            QTimer.singleShot(int(seconds * 1000), stop_beating)

    def stop_beating() -> None:
        say(**beat.result())
        app.quit()

    QTimer.singleShot(0, ready)
    return app.exec()


# -- the kiosk ------------------------------------------------------------------------------------

def startup(data_dir: Path) -> int:
    """In the order `kiosk run` goes after reading its command line (kiosk/launcher.py `run`);
    the zero-timer is queued before the event loop runs and so fires on its first pass, after
    start_kiosk showed the window."""
    from kiosk.logs import configure_logging
    from kiosk.paths import ensure_data_dir, resolve_data_dir
    from kiosk.ui.boot import import_ui

    folder = ensure_data_dir(resolve_data_dir(str(data_dir)))
    configure_logging(folder, verbose=False, rotate=False, console=True)
    ui = import_ui()
    # The QApplication run_kiosk then uses (it takes the existing one), made here only so the
    # zero-timer is queued before the kiosk's own start.
    app = ui.application()
    from PySide6.QtCore import QTimer

    def ready() -> None:
        window = kiosk_window()
        tiles = len(window.home.tiles) if window is not None else 0
        say(ready_at=time.monotonic(), module_at=T0, tiles=tiles)
        app.quit()

    QTimer.singleShot(0, ready)
    ui.run_kiosk(folder, kiosk_mode=False)
    return 0


def memory(data_dir: Path, settle_s: float) -> int:
    import gc

    from kiosk.ui.boot import import_ui

    # Imported in `kiosk run`'s order (what is imported before PySide6 matters for memory too),
    # with the collector back on once the window is up, as run_kiosk does.
    ui = import_ui()
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
        quit_when_stdin_closes(app)

    def home_again() -> None:
        QTimer.singleShot(int(settle_s * 1000), report)

    def saved() -> None:
        nonlocal served
        served = True
        # The resident reads the receipt, taps 完成, rates the service and leaves: the kiosk is
        # idle at home again, waiting for the next resident. That is the state measured.
        window.finish_receipt()
        window.rate(4, ())
        poll(lambda: window.session.step is Step.HOME, home_again, 30)

    def begin() -> None:
        fill_one_application(window)
        poll(lambda: window.session.step is Step.RECEIPT, saved, 30)

    QTimer.singleShot(0, begin)
    try:
        return app.exec()
    finally:
        running.stop()
