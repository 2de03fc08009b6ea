"""A stand-in for `aplay`: each part plays exactly until the test says it ended."""

from __future__ import annotations

import threading
from pathlib import Path

from kiosk.speech.player import PlayResult


class FakePlayback:
    def __init__(self, wav: Path, duration_s: float) -> None:
        self.wav, self.duration_s = wav, duration_s
        self.interrupted = False
        self._ended = threading.Event()

    def wait(self) -> PlayResult:
        self._ended.wait()
        if self.interrupted:
            return PlayResult("interrupted", 0.0)
        return PlayResult("finished", self.duration_s)

    def interrupt(self) -> None:
        self.interrupted = True
        self._ended.set()

    def end(self) -> None:
        self._ended.set()


class FakePlayer:
    """Records every part it was asked to play; a part plays until `end()` or an interrupt.
    Files named "fail*" cannot be started, like a device unplugged between two parts."""

    def __init__(self) -> None:
        self.started: list[FakePlayback] = []
        self._cond = threading.Condition()

    def start(self, wav: Path, duration_s: float) -> FakePlayback:
        if wav.name.startswith("fail"):
            raise OSError("No such device")
        with self._cond:
            self.started.append(FakePlayback(wav, duration_s))
            self._cond.notify_all()
            return self.started[-1]

    def part(self, number: int, timeout: float = 5.0) -> FakePlayback:
        """The `number`th part started (from 1), once it has started."""
        with self._cond:
            assert self._cond.wait_for(lambda: len(self.started) >= number, timeout), (
                f"part {number} never started; started {[p.wav.name for p in self.started]}")
            return self.started[number - 1]

    def names(self) -> list[str]:
        with self._cond:
            return [p.wav.name for p in self.started]
