"""The live probes of `kiosk bench` (run through `python -m kiosk.bench.probes`): the kiosk at
work.

- `heartbeat`: the kiosk, pointed at a central, drains its queue while it keeps speaking; a 5 ms
  precise timer on the main thread records every gap, the longest one beyond 5 ms is the stall.
- `speech`: screen changes (home ⇄ a service's consent screen) with the real speech worker; each
  change's moment is printed, then, while the prompt plays, an interrupt's moment. The audio
  player notes when it started playing and when it was silenced ($KIOSK_AUDIO_TAP, see
  kiosk/speech/player.py `tap`); the bench pairs the two.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer

from kiosk.bench.probes.common import Heartbeat, say
from kiosk.ui.app import application, start_kiosk

SPEAK_EVERY_MS = 1500


def heartbeat(data_dir: Path, expect: int, timeout_s: float) -> int:
    """Ends when the sync status reports `expect` delivered (or at the timeout)."""
    app = application()
    running = start_kiosk(data_dir, fullscreen=False)
    window: Any = running.window  # MainWindow, unless the kiosk could not start
    beat = Heartbeat()
    state: dict[str, Any] = {"began": 0.0, "spoken": 0, "done": False, "delivered": 0}

    def finish(timed_out: bool) -> None:
        if state["done"]:
            return
        state["done"] = True
        result = beat.result()
        say(**result, drain_s=time.monotonic() - state["began"], spoken=state["spoken"],
            delivered=state["delivered"], timed_out=timed_out)
        app.quit()

    def on_status(status: Any) -> None:
        state["delivered"] = getattr(status, "delivered", 0)
        if state["began"] and state["delivered"] >= expect:
            finish(False)

    def speak() -> None:
        if not state["done"]:
            window.repeat()  # the screen's prompt again: synthesis and playback in the worker
            state["spoken"] += 1
            QTimer.singleShot(SPEAK_EVERY_MS, speak)

    def begin() -> None:   # once sync, speech and the gate are up (start_kiosk defers them)
        state["began"] = time.monotonic()
        beat.start()
        speak()
        bridge = running.bridge
        if bridge is not None:
            bridge.status_changed.connect(on_status)
            bridge.wake()
        QTimer.singleShot(int(timeout_s * 1000), lambda: finish(True))

    running.when_started(begin)
    try:
        return app.exec()
    finally:
        running.stop()


def speech(data_dir: Path, trials: int) -> int:
    """Prints {"changes": [...], "interrupts": [...]}: CLOCK_MONOTONIC moments of each action."""
    app = application()
    running = start_kiosk(data_dir, fullscreen=False)
    window: Any = running.window
    service = window.catalog.services[0].id
    changes: list[float] = []
    interrupts: list[float] = []
    said: list[float] = []  # when the screen handed its prompt to the speech bridge
    bridge_say = window.speech.say

    def say_and_note(text: str, language: str) -> None:
        said.append(time.monotonic())
        bridge_say(text, language)

    window.speech.say = say_and_note

    def change() -> None:
        if len(changes) >= trials:
            say(changes=changes, interrupts=interrupts, said=said, problem=window.speech.problem)
            app.quit()
            return
        changes.append(time.monotonic())
        if len(changes) % 2:
            window.session.start(service)   # home → consent: the consent prompt is spoken
        else:
            window.session.reset()          # consent → home: the home prompt is spoken
        QTimer.singleShot(900, interrupt)

    def interrupt() -> None:
        interrupts.append(time.monotonic())
        window.speech.stop()                # the resident touched "stop" / the worker goes quiet
        QTimer.singleShot(400, change)

    def begin() -> None:
        window.speech.stop()
        QTimer.singleShot(300, change)

    def never_ready() -> None:
        if not changes:
            say(error="speech never became ready")
            app.quit()

    window.speech.ready.connect(lambda: QTimer.singleShot(500, begin))
    QTimer.singleShot(30_000, never_ready)
    try:
        return app.exec()
    finally:
        running.stop()
