"""The speech worker's events as a test sees them, and a player command that never ends."""

from __future__ import annotations

import sys
import threading
import time

from kiosk.speech.api import (
    SpeechEvent,
)

# Plays "forever", except the worker's short start-up test sound (under a tenth of a second).
# It blocks until the worker stops it with a signal, as a real player is stopped.
PLAYS_FOREVER = [sys.executable, "-c", "import signal, sys, wave; w = wave.open(sys.argv[1]); "
                 "w.getnframes() > w.getframerate() * 0.1 and signal.pause()"]


class Events:
    """Collects events from the speaker's thread; tests wait on conditions, never sleep."""

    def __init__(self) -> None:
        self.items: list[tuple[float, SpeechEvent]] = []
        self.threads: set[str] = set()
        self._cond = threading.Condition()

    def __call__(self, event: SpeechEvent) -> None:
        with self._cond:
            self.items.append((time.perf_counter(), event))
            self.threads.add(threading.current_thread().name)
            self._cond.notify_all()

    def wait_for(self, uid: str, kind: str, timeout: float = 10.0) -> float:
        """Time at which `uid` had event `kind`."""
        def found() -> float | None:
            return next((t for t, e in self.items if e.utterance_id == uid and e.kind == kind),
                        None)
        with self._cond:
            assert self._cond.wait_for(lambda: found() is not None, timeout), (
                f"no {kind!r} for {uid} in {timeout} s; got {self.kinds()}")
            return found() or 0.0

    def kinds(self, uid: str | None = None) -> list[tuple[str, str]]:
        with self._cond:
            return [(e.utterance_id, e.kind) for _, e in self.items
                    if uid is None or e.utterance_id == uid]

    def event(self, uid: str, kind: str) -> SpeechEvent:
        return next(e for _, e in self.items if e.utterance_id == uid and e.kind == kind)
