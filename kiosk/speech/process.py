"""The real speaker: the kiosk's end of `python -m kiosk.speech.worker` (kiosk/speech/api.py has
the types and the voice choice; kiosk/speech/factory.py picks this when speech starts).

Kept apart so that the window's start, which needs speech's types before its first frame, does not
import subprocess, tempfile and the rest of a child process's plumbing (docs/benchmarks.md).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from kiosk.speech.api import (
    DEFAULT_RATE,
    DEFAULT_VOLUME,
    RATE_WPM,
    EventCallback,
    RateStep,
    SpeakerSettings,
    SpeechEvent,
    SpeechStatus,
    SpeechUnavailable,
    new_utterance_id,
)


def _worker_env() -> dict[str, str]:
    # The worker must import this package even when the kiosk runs from a source checkout.
    root = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "PYTHONUNBUFFERED": "1"}



class ProcessSpeaker:
    """The real speaker: drives `python -m kiosk.speech.worker` over JSON lines on its stdin.

    on_event runs on this object's reader thread (or, once the worker has died, on the caller's).
    `fake_engine_seconds_per_char` swaps espeak for a silent synthesizer, for fast tests.
    """

    def __init__(self, on_event: EventCallback, *, player_command: str | list[str] | None = None,
                 startup_timeout: float = 15.0,
                 fake_engine_seconds_per_char: float | None = None) -> None:
        self._on_event = on_event
        self._settings = SpeakerSettings()
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._status = SpeechStatus(False, False, {}, "speech worker is starting")
        self._unanswered: set[str] = set()  # said, but no final event yet
        self._closing = False
        self._tmpdir = Path(tempfile.mkdtemp(prefix="kiosk-speech-"))
        args = [sys.executable, "-m", "kiosk.speech.worker", "--tmpdir", str(self._tmpdir)]
        if player_command is not None:
            args += ["--player", json.dumps(player_command)]
        if fake_engine_seconds_per_char is not None:
            args += ["--fake-engine", str(fake_engine_seconds_per_char)]
        try:
            self._proc = subprocess.Popen(  # noqa: S603 - our own module, our own interpreter
                args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                encoding="utf-8", env=_worker_env())
        except OSError as err:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            raise SpeechUnavailable(f"cannot start the speech worker: {err}") from err
        self._reader = threading.Thread(target=self._read, name="speech-events", daemon=True)
        self._reader.start()
        if not self._ready.wait(startup_timeout):
            self.close()
            raise SpeechUnavailable(f"speech worker did not start within {startup_timeout:g} s")

    # -- commands
    def say(self, text: str, language: str, *, utterance_id: str | None = None) -> str:
        uid = new_utterance_id(utterance_id)
        with self._lock:
            self._unanswered.add(uid)
        if not self._send({"cmd": "say", "id": uid, "text": text, "language": language}):
            self._finish_unanswered()
        return uid

    def stop(self) -> None:
        self._send({"cmd": "stop"})

    def set_rate(self, step: RateStep) -> None:
        self._settings.rate = RateStep(step)
        self._send({"cmd": "rate", "wpm": RATE_WPM[self._settings.rate]})

    def set_volume(self, volume: float) -> None:
        self._send({"cmd": "volume", "value": self._settings.set_volume(volume)})

    def reset_for_new_resident(self) -> None:
        self.set_rate(DEFAULT_RATE)
        self.set_volume(DEFAULT_VOLUME)

    def status(self) -> SpeechStatus:
        with self._lock:
            return replace(self._status, rate=self._settings.rate, volume=self._settings.volume)

    def close(self) -> None:
        """Stop speaking and end the worker within about a second; safe to call twice."""
        self._closing = True
        self._send({"cmd": "close"})
        try:
            with self._lock:
                if self._proc.stdin:
                    self._proc.stdin.close()  # EOF also tells the worker to go
            self._proc.wait(timeout=1.0)
        except (OSError, subprocess.TimeoutExpired):
            self._proc.kill()
            self._proc.wait()
        self._reader.join(timeout=1.0)
        shutil.rmtree(self._tmpdir, ignore_errors=True)

    # -- plumbing
    def _send(self, message: dict[str, Any]) -> bool:
        stdin: IO[str] | None = self._proc.stdin
        with self._lock:
            try:
                if stdin is None or stdin.closed:
                    return False
                stdin.write(json.dumps(message, ensure_ascii=False) + "\n")
                stdin.flush()
                return True
            except (OSError, ValueError):  # broken pipe: the worker is gone
                return False

    def _read(self) -> None:
        assert self._proc.stdout is not None  # noqa: S101 - Popen(stdout=PIPE) guarantees it
        for line in self._proc.stdout:
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                continue  # never let a stray print kill the event stream
            if message.get("type") == "status":
                with self._lock:
                    self._status = SpeechStatus(
                        message["engine_available"], message["audio_available"],
                        dict(message["voice_by_language"]), message["problem"])
                self._ready.set()
            elif message.get("type") == "event":
                if message["kind"] != "started":
                    with self._lock:
                        self._unanswered.discard(message["id"])
                self._on_event(SpeechEvent(message["id"], message["kind"], message.get("detail"),
                                           message.get("duration_s")))
        code = self._proc.wait()
        with self._lock:
            if code != 0 or not self._closing:
                self._status = replace(self._status, engine_available=False,
                                       problem=f"speech worker stopped (exit code {code})")
        self._ready.set()
        self._finish_unanswered()

    def _finish_unanswered(self) -> None:
        # A UI waiting for 'finished' must not wait forever because the worker died.
        with self._lock:
            lost, self._unanswered = sorted(self._unanswered), set()
            problem = self._status.problem
        for uid in lost:
            self._on_event(SpeechEvent(uid, "failed", problem or "speech worker is not running"))
