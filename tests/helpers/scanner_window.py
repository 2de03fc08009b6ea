"""A real kiosk window for `test_scanner_xvfb.py`, run in its own process on an X display.

`python -m tests.helpers.scanner_window DATA_DIR` starts the kiosk as `kiosk run` does (window
filters, the look-up on its worker), without speech, opens 查进度 and prints `READY` once the
window has the keyboard. Real key events then come from `xdotool`. Every number the page sends
to be looked up is printed as `SUBMITTED <digits>`; the first look-up's answer as
`RESULT <tracking number>` (or `RESULT -` for none), and then the process ends.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.speech.api import SilentSpeaker
from kiosk.ui.app import application, start_kiosk
from kiosk.ui.shell.main_window import MainWindow

POLL_MS = 20
_TIMERS: list[QTimer] = []   # kept alive while they wait


def say(line: str) -> None:
    print(line, flush=True)


def main(data_dir: Path) -> int:
    app = application()
    running = start_kiosk(data_dir, fullscreen=False, speaker_factory=SilentSpeaker)
    window = running.window
    if not isinstance(window, MainWindow):
        say("ERROR the kiosk did not start")
        return 1
    window.resize(1920, 1080)
    window.idle.stop()
    page = window.pages.status
    page.submitted.connect(lambda digits: say(f"SUBMITTED {digits}"))

    def open_lookup() -> None:
        tile = window.home.status_tile
        if tile is None:
            say("ERROR no 查进度 tile")
            app.exit(1)
            return
        tile.click()
        window.activateWindow()
        wait_until(lambda: window.isActiveWindow() and QApplication.focusWidget() is not None,
                   lambda: say("READY"))

    def answered() -> None:
        result = page.result
        say(f"RESULT {result.tracking_number if result is not None else '-'}")
        app.exit(0)

    page.submitted.connect(lambda _digits: wait_until(
        lambda: not window.tasks.busy and not page.busy.isVisible(), answered))
    running.when_started(open_lookup)
    return app.exec()


def wait_until(condition: object, then: object) -> None:
    """Call `then()` once `condition()` holds, checking on a timer (the event loop runs)."""
    assert callable(condition) and callable(then)
    timer = QTimer()

    def check() -> None:
        if condition():
            timer.stop()
            _TIMERS.remove(timer)
            then()

    _TIMERS.append(timer)
    timer.timeout.connect(check)
    timer.start(POLL_MS)


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
