"""Interruptible WAV playback for the speech worker (kiosk/speech/worker.py).

pyttsx3 cannot cut its own playback, so the worker only asks it for WAV files and plays them
here, where stopping is a process kill (Linux: `aplay`) or `PlaySound(None)` (Windows). A long
text comes as several files, one per part, played back to back by a `Playlist`.
Playback is always paced by the WAV's own length: players such as `aplay -D null` (machines
without a sound card) return at once, and 'finished' must still mean "heard to the end".
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import sys
import threading
import time
import wave
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

ENV_PLAYER = "KIOSK_AUDIO_PLAYER"
ENV_TAP = "KIOSK_AUDIO_TAP"  # `kiosk bench`: a file where playback start and silence are noted
WINSOUND = "winsound"  # pseudo-command: play with the Windows API instead of a program


@dataclass(frozen=True)
class PlayResult:
    kind: Literal["finished", "interrupted", "failed"]
    played_s: float
    detail: str | None = None


class Playback(Protocol):
    def wait(self) -> PlayResult: ...
    def interrupt(self) -> None: ...


class AudioPlayer(Protocol):
    def start(self, wav: Path, duration_s: float) -> Playback:
        """Start playing; raises OSError when the player cannot even be started."""
        ...


def wav_duration(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / float(wav.getframerate())


def write_silence(path: Path, seconds: float, rate: int = 22050) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"\0\0" * int(seconds * rate))


def player_command(override: str | list[str] | None = None) -> list[str]:
    """The argument list to which the WAV path is appended: argument, then env, then platform."""
    if isinstance(override, list):
        return override
    text = override or os.environ.get(ENV_PLAYER, "").strip()
    if text:
        return shlex.split(text, posix=sys.platform != "win32")
    if sys.platform == "win32":
        return [WINSOUND]
    if sys.platform == "darwin":
        return ["afplay"]
    return ["aplay", "-q"]


def make_player(command: list[str]) -> AudioPlayer:
    if command == [WINSOUND]:
        return WinsoundPlayer()
    return CommandPlayer(command)


def _last_line(text: str) -> str:
    # ALSA prints several "ALSA lib ..." lines; the last one says what went wrong.
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


class _PacedPlayback:
    """Shared interrupt flag and the wait that keeps 'finished' honest."""

    def __init__(self, duration_s: float) -> None:
        self._duration_s = duration_s
        self._started = time.monotonic()
        self._interrupted = threading.Event()

    def _played(self) -> float:
        return round(time.monotonic() - self._started, 3)

    def _pace(self) -> PlayResult:
        remaining = self._duration_s - (time.monotonic() - self._started)
        if self._interrupted.wait(max(0.0, remaining)):
            return PlayResult("interrupted", self._played())
        return PlayResult("finished", self._played())


def tap(event: str) -> None:
    """Note `event` with its CLOCK_MONOTONIC time for `kiosk bench` (only if $KIOSK_AUDIO_TAP
    names a file; the clock is system-wide, so the bench compares it with the UI's)."""
    path = os.environ.get(ENV_TAP)
    if path:
        with open(path, "a", encoding="ascii") as out:
            out.write(f"{event} {time.monotonic():.6f}\n")


class CommandPlayback(_PacedPlayback):
    def __init__(self, command: list[str], wav: Path, duration_s: float) -> None:
        super().__init__(duration_s)
        self._name = command[0]
        self._proc = subprocess.Popen(  # noqa: S603 - the technician's configured player
            [*command, str(wav)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, errors="replace")
        tap("play")  # the player runs, the complete WAV at hand: audio goes to the device now

    def wait(self) -> PlayResult:
        # communicate() drains stderr while waiting, so a chatty player cannot block on a pipe.
        _, err = self._proc.communicate()
        if self._interrupted.is_set():
            return PlayResult("interrupted", self._played())
        if self._proc.returncode != 0:
            return PlayResult("failed", self._played(),
                              f"{self._name} failed (exit {self._proc.returncode}): "
                              f"{_last_line(err)}")
        return self._pace()

    def interrupt(self) -> None:
        self._interrupted.set()
        if self._proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self._proc.kill()  # SIGKILL: aplay stops within a few ms, mid-buffer
        tap("silence")


class CommandPlayer:
    def __init__(self, command: list[str]) -> None:
        self.command = command

    def start(self, wav: Path, duration_s: float) -> Playback:
        return CommandPlayback(self.command, wav, duration_s)


class Playlist:
    """WAV parts played back to back, in order, as one interruptible Playback.

    The worker hands over a long text's first part as soon as it is synthesized and each next
    part shortly before the one playing ends, so speech starts after one clause's synthesis
    instead of the whole text's. Every part is one run of the player; `interrupt` stops the
    part playing and all after it. The first part starts in the constructor, so a player that
    cannot start raises OSError there, as `AudioPlayer.start` does.
    """

    def __init__(self, player: AudioPlayer, wav: Path, duration_s: float) -> None:
        self._player = player
        self._cond = threading.Condition()
        self._queue: deque[tuple[Path, float]] = deque()
        self._closed = self._interrupted = False
        self._played = 0.0
        self._result: PlayResult | None = None
        self._current: Playback | None = player.start(wav, duration_s)
        self._ends = time.monotonic() + duration_s  # when the part playing will have played
        threading.Thread(target=self._run, args=(self._current,), name="playlist",
                         daemon=True).start()

    def add(self, wav: Path, duration_s: float) -> None:
        """Queue the next part: it starts when the one before has finished."""
        with self._cond:
            self._queue.append((wav, duration_s))
            self._cond.notify_all()

    def close(self) -> None:
        """No more parts: playback finishes after the last one queued."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def wait_for_room(self, lead_s: float) -> bool:
        """Block until every queued part has started and the one playing has at most `lead_s`
        left; False once playback has ended or was interrupted.

        The worker synthesizes the next part just in time: text cut off by the resident is
        never synthesized in vain, and the next screen's prompt rarely finds the engine busy.
        """
        with self._cond:
            while self._result is None and not self._interrupted:
                left = self._ends - time.monotonic()
                if not self._queue and (self._current is None or left <= lead_s):
                    return True  # (a part may also end early: a player that failed, a test's)
                self._cond.wait(None if self._queue else left - lead_s)
            return False

    def wait(self) -> PlayResult:
        with self._cond:
            self._cond.wait_for(lambda: self._result is not None)
            assert self._result is not None  # noqa: S101 - for mypy: the wait guarantees it
            return self._result

    def interrupt(self) -> None:
        with self._cond:
            self._interrupted = True
            current = self._current
            self._cond.notify_all()
        if current is not None:
            current.interrupt()
        else:
            tap("silence")  # between two parts: nothing plays, and nothing will

    def _run(self, playback: Playback) -> None:
        while True:
            result = playback.wait()
            with self._cond:
                self._played += result.played_s
                self._current = None
                self._cond.notify_all()  # wait_for_room: nothing plays, the next part is due
                if result.kind != "finished" or self._interrupted:
                    kind = "interrupted" if self._interrupted else result.kind
                    return self._end(kind, result.detail)
                self._cond.wait_for(lambda: bool(self._queue) or self._closed
                                    or self._interrupted)
                if self._interrupted or not self._queue:
                    return self._end("interrupted" if self._interrupted else "finished")
                wav, duration_s = self._queue.popleft()
                try:  # under the lock: an interrupt waits for the part just started, then ends it
                    self._current = playback = self._player.start(wav, duration_s)
                except OSError as err:
                    return self._end("failed", f"cannot start the player: {err}")
                self._ends = time.monotonic() + duration_s
                self._cond.notify_all()  # room for the part after this one

    def _end(self, kind: Literal["finished", "interrupted", "failed"],
             detail: str | None = None) -> None:
        self._result = PlayResult(kind, round(self._played, 3), detail)
        self._cond.notify_all()


class WinsoundPlayback(_PacedPlayback):
    """SND_ASYNC returns at once and gives no completion signal, so we wait the WAV length."""

    def __init__(self, wav: Path, duration_s: float) -> None:
        super().__init__(duration_s)
        if sys.platform == "win32":
            import winsound
            try:
                winsound.PlaySound(str(wav), winsound.SND_FILENAME | winsound.SND_ASYNC
                                   | winsound.SND_NODEFAULT)
            except RuntimeError as err:  # "Failed to play sound": no output device
                raise OSError(f"winsound failed: {err}") from err

    def wait(self) -> PlayResult:
        return self._pace()

    def interrupt(self) -> None:
        self._interrupted.set()
        if sys.platform == "win32":
            import winsound
            winsound.PlaySound(None, 0)  # stops any sound this process is playing


class WinsoundPlayer:
    def start(self, wav: Path, duration_s: float) -> Playback:
        return WinsoundPlayback(wav, duration_s)


def probe_audio(player: AudioPlayer, folder: Path, timeout: float = 1.0) -> str | None:
    """Play 50 ms of silence; None when that worked, else a sentence for the technician."""
    wav = folder / "probe.wav"
    write_silence(wav, 0.05)
    try:
        playback = player.start(wav, 0.05)
        # A player stuck on a busy or hung device must not hold up the kiosk's start.
        timer = threading.Timer(timeout, playback.interrupt)
        timer.start()
        result = playback.wait()
        timer.cancel()
    except OSError as err:
        return f"no audio device: cannot start the audio player: {err}"
    finally:
        wav.unlink(missing_ok=True)
    if result.kind == "interrupted":
        return f"audio player did not finish a 0.05 s test sound within {timeout:g} s"
    return None if result.kind == "finished" else f"no audio device: {result.detail}"
