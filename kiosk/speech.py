"""The kiosk's voice: a small Speaker interface, one worker process that owns the TTS engine.

Why a process: pyttsx3's espeak driver blocks in runAndWait(), drops queued utterances and cannot
cut its own playback. The worker (kiosk/speech_worker.py) synthesizes each utterance to WAV files,
one per part (speech_parts: the first clause plays while the next is synthesized), and plays
them with a player it can kill, so any new say() or stop() silences the old one at once.
Latest wins: utterances superseded before they start are 'skipped', never played late.

Speech failing must never stop a resident: with no engine or no audio device the kiosk keeps
working, say() still returns, events say 'failed', and status().problem tells the technician why.
Nothing here imports Qt; a bridge in kiosk/ui turns events into signals.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from kiosk.errors import KioskError

EventKind = Literal["started", "finished", "interrupted", "skipped", "failed"]


class RateStep(StrEnum):
    SLOW = "slow"
    NORMAL = "normal"
    FAST = "fast"


# Words per minute. espeak-ng speaks 175 by default and pyttsx3 sets 200; both are too quick for
# elderly listeners who hear Mandarin synthesis for the first time. NORMAL (140) is 20% under
# espeak's default, SLOW (115) about a third under it, FAST (170) stays just under the default.
# Measured: "您好，请选择您要办的事。" lasts 7.4 s / 6.0 s / 4.8 s at the three steps.
RATE_WPM: dict[RateStep, int] = {RateStep.SLOW: 115, RateStep.NORMAL: 140, RateStep.FAST: 170}
DEFAULT_RATE = RateStep.NORMAL
DEFAULT_VOLUME = 1.0  # the hall is noisy; the technician sets the amplifier, residents go down
LANGUAGES = ("zh_CN", "en")


@dataclass(frozen=True)
class SpeechEvent:
    utterance_id: str
    kind: EventKind
    detail: str | None = None
    duration_s: float | None = None  # started: first part's audio length; else: time played


@dataclass(frozen=True)
class SpeechStatus:
    engine_available: bool
    audio_available: bool
    voice_by_language: dict[str, str] = field(default_factory=dict)
    problem: str | None = None  # plain words for a technician
    rate: RateStep = DEFAULT_RATE
    volume: float = DEFAULT_VOLUME


EventCallback = Callable[[SpeechEvent], None]


class Speaker(Protocol):
    def say(self, text: str, language: str, *, utterance_id: str | None = None) -> str: ...
    def stop(self) -> None: ...
    def set_rate(self, step: RateStep) -> None: ...
    def set_volume(self, volume: float) -> None: ...
    def reset_for_new_resident(self) -> None: ...
    def status(self) -> SpeechStatus: ...
    def close(self) -> None: ...


class SpeechUnavailable(KioskError):
    """The speech worker could not be started or reported no usable engine."""


# ---- voice choice (pure, so it is tested against fake voice lists) -------------------------

@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class VoiceChoice:
    voice_id: str | None
    problem: str | None = None


_LANGUAGE_NAMES = {"zh": "Mandarin", "en": "English"}
_NOT_MANDARIN = ("cantonese", "hakka", "hong kong", "yue", "hak")
_MANDARIN_NAMES = ("mandarin", "huihui", "yaoyao", "kangkang", "xiaoxiao", "simplified")


def _score(voice: VoiceInfo, primary: str) -> int:
    """How well a voice fits a language: 0 = not at all; higher is better; ties keep list order."""
    langs = [lang.lower().replace("_", "-") for lang in voice.languages]
    name = voice.name.lower()
    if primary == "zh":
        if any(word in name for word in _NOT_MANDARIN) or any(
                lang.startswith(("yue", "hak", "zh-hk")) for lang in langs):
            return 0
        if "cmn" in langs:
            return 100
        if any(lang in ("zh-cn", "zh", "zh-hans", "zh-hans-cn") for lang in langs):
            return 90
        if any(word in name for word in _MANDARIN_NAMES):
            return 80
        if any(lang.startswith(("cmn-", "zh-")) for lang in langs):
            return 70  # cmn-latn-pinyin, zh-TW: Mandarin, but not the first choice
        return 50 if "chinese" in name else 0
    if primary in langs:
        return 100
    if any(lang in (f"{primary}-us", f"{primary}-gb") for lang in langs):
        return 90
    if any(lang.startswith(primary + "-") for lang in langs):
        return 80
    return 50 if primary == "en" and "english" in name else 0


def choose_voice(voices: Sequence[VoiceInfo], language: str) -> VoiceChoice:
    """The best voice for "zh_CN" / "en"; else any voice, with a problem the technician sees."""
    primary = language.replace("-", "_").split("_")[0].lower()
    if not voices:
        return VoiceChoice(None, "the speech engine has no voices installed")
    best = max(voices, key=lambda v: _score(v, primary))  # max() keeps the first of equals
    if _score(best, primary) > 0:
        return VoiceChoice(best.id)
    wanted = _LANGUAGE_NAMES.get(primary, language)
    return VoiceChoice(voices[0].id, f"no {wanted} voice; speaking {language} with "
                                     f"{voices[0].name} ({voices[0].id})")


# ---- a long text in parts (pure) ------------------------------------------------------------

_CLAUSE_MARKS = "，、；：,;:"
_SENTENCE_MARKS = "。！？…!?."
_CLOSERS = "”’」』）】》)]\"'"
MAX_PART_CHARS = 40  # a later part: about 20 s of Mandarin, synthesized in about 15 ms


def _clauses(text: str) -> list[tuple[str, bool]]:
    """(slice, ends a sentence) after each run of marks and closing quotes; ASCII marks count
    only before a space (and "." before a capital), so "3.5", "1,000" and "e.g. for" stay whole.
    The slices join to `text`."""
    found, start, i = [], 0, 0
    while i < len(text):
        mark, i = text[i], i + 1
        if mark not in _CLAUSE_MARKS and mark not in _SENTENCE_MARKS:
            continue
        run = mark
        while i < len(text) and (text[i] in _CLOSERS or text[i] in _SENTENCE_MARKS):
            run, i = run + text[i], i + 1
        spaced, after = i == len(text) or text[i].isspace(), text[i:].lstrip()[:1]
        if mark.isascii() and (not spaced or (mark == "." and after.islower())):
            continue
        found.append((text[start:i], any(c in _SENTENCE_MARKS for c in run)))
        start = i
    found.append((text[start:], True))
    return [(clause, ends) for clause, ends in found if clause.strip()]


def speech_parts(text: str, max_chars: int = MAX_PART_CHARS) -> list[str]:
    """`text` cut where the voice pauses anyway, so speaking can start after one clause.

    The first part is the first clause, quick to synthesize; each later part is a sentence, or
    clauses up to `max_chars` of a longer one, so a part's synthesis never holds up the next
    screen's prompt for long. espeak-ng speaks clause by clause anyway: the parts' audio lasts
    exactly as long as the whole text's (measured, to the sample, for the Mandarin prompts).
    """
    clauses = _clauses(text)
    if not clauses:
        return []
    parts, current = [clauses[0][0]], ""
    for clause, ends_sentence in clauses[1:]:
        if current.strip() and len(current.strip()) + len(clause.strip()) > max_chars:
            parts.append(current)
            current = ""
        current += clause
        if ends_sentence:
            parts.append(current)
            current = ""
    parts.append(current)
    return [part.strip() for part in parts if part.strip()]


# ---- implementations ------------------------------------------------------------------------

class _Settings:
    def __init__(self) -> None:
        self.rate, self.volume = DEFAULT_RATE, DEFAULT_VOLUME

    def set_volume(self, volume: float) -> float:
        self.volume = min(1.0, max(0.0, float(volume)))
        return self.volume


def _worker_env() -> dict[str, str]:
    # The worker must import this package even when the kiosk runs from a source checkout.
    root = str(Path(__file__).resolve().parent.parent)
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "PYTHONUNBUFFERED": "1"}


def _new_id(utterance_id: str | None) -> str:
    return utterance_id or uuid.uuid4().hex[:12]


class SilentSpeaker:
    """Says nothing, remembers what it would have said.

    Used when there is no engine or speech is switched off, and as a test double. Events are
    emitted synchronously from the caller's thread: 'failed' with the problem when speech is
    broken, 'finished' (0 s) when silence is intended (problem None).
    """

    def __init__(self, on_event: EventCallback | None = None, *, problem: str | None = None,
                 voice_by_language: dict[str, str] | None = None) -> None:
        self._on_event, self._problem = on_event, problem
        self._voices = dict(voice_by_language or {})
        self._settings = _Settings()
        self.spoken: list[tuple[str, str, str]] = []  # (utterance_id, text, language)

    def say(self, text: str, language: str, *, utterance_id: str | None = None) -> str:
        uid = _new_id(utterance_id)
        self.spoken.append((uid, text, language))
        if self._on_event is not None:
            kind: EventKind = "failed" if self._problem else "finished"
            self._on_event(SpeechEvent(uid, kind, self._problem, 0.0))
        return uid

    def stop(self) -> None:
        pass

    def set_rate(self, step: RateStep) -> None:
        self._settings.rate = RateStep(step)

    def set_volume(self, volume: float) -> None:
        self._settings.set_volume(volume)

    def reset_for_new_resident(self) -> None:
        self._settings = _Settings()

    def status(self) -> SpeechStatus:
        return SpeechStatus(False, False, dict(self._voices), self._problem,
                            self._settings.rate, self._settings.volume)

    def close(self) -> None:
        pass


class ProcessSpeaker:
    """The real speaker: drives `python -m kiosk.speech_worker` over JSON lines on its stdin.

    on_event runs on this object's reader thread (or, once the worker has died, on the caller's).
    `fake_engine_seconds_per_char` swaps espeak for a silent synthesizer, for fast tests.
    """

    def __init__(self, on_event: EventCallback, *, player_command: str | list[str] | None = None,
                 startup_timeout: float = 15.0,
                 fake_engine_seconds_per_char: float | None = None) -> None:
        self._on_event = on_event
        self._settings = _Settings()
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._status = SpeechStatus(False, False, {}, "speech worker is starting")
        self._unanswered: set[str] = set()  # said, but no final event yet
        self._closing = False
        self._tmpdir = Path(tempfile.mkdtemp(prefix="kiosk-speech-"))
        args = [sys.executable, "-m", "kiosk.speech_worker", "--tmpdir", str(self._tmpdir)]
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
        uid = _new_id(utterance_id)
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


def create_speaker(on_event: EventCallback, *, enabled: bool = True,
                   player_command: str | list[str] | None = None,
                   startup_timeout: float = 15.0) -> Speaker:
    """The speaker the kiosk should use: ProcessSpeaker if an engine works, else SilentSpeaker.

    A missing audio device does not fall back: the engine still works, the device may be
    plugged in later, and ProcessSpeaker reports it in status().problem meanwhile.
    """
    if not enabled:
        return SilentSpeaker(on_event, problem="speech is switched off in the settings")
    try:
        speaker = ProcessSpeaker(on_event, player_command=player_command,
                                 startup_timeout=startup_timeout)
    except SpeechUnavailable as err:
        return SilentSpeaker(on_event, problem=str(err))
    status = speaker.status()
    if not status.engine_available:
        speaker.close()
        return SilentSpeaker(on_event, problem=status.problem or "no speech engine")
    return speaker
