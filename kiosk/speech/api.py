"""The kiosk's voice: a small Speaker interface, one worker process that owns the TTS engine.

Why a process: pyttsx3's espeak driver blocks in runAndWait(), drops queued utterances and cannot
cut its own playback. The worker (kiosk/speech/worker.py) synthesizes each utterance to WAV files,
one per part (speech_parts: the first clause plays while the next is synthesized), and plays
them with a player it can kill, so any new say() or stop() silences the old one at once.
Latest wins: utterances superseded before they start are 'skipped', never played late.

Speech failing must never stop a resident: with no engine or no audio device the kiosk keeps
working, say() still returns, events say 'failed', and status().problem tells the technician why.
Nothing here imports Qt; a bridge in kiosk/ui turns events into signals.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, Protocol

from kiosk.errors import KioskError

EventKind = Literal["started", "finished", "interrupted", "skipped", "failed"]


class RateStep(StrEnum):
    SLOW = "slow"
    NORMAL = "normal"
    FAST = "fast"


# Words per minute. espeak-ng speaks 175 by default and pyttsx3 sets 200; both are too quick for
# elderly listeners who hear Mandarin synthesis for the first time. NORMAL (140) is 20% under
# espeak's default, SLOW (115) about a third under it, FAST (170) stays just under the default
# (how long a prompt lasts at each step: docs/benchmarks.md).
RATE_WPM: dict[RateStep, int] = {RateStep.SLOW: 115, RateStep.NORMAL: 140, RateStep.FAST: 170}
DEFAULT_RATE = RateStep.NORMAL
DEFAULT_VOLUME = 1.0  # the hall is noisy; the technician sets the amplifier, residents go down


@dataclass(frozen=True)
class SpeechEvent:
    """Something that happened to an utterance: started, finished, interrupted, failed, …"""

    utterance_id: str
    kind: EventKind
    detail: str | None = None
    duration_s: float | None = None  # started: first part's audio length; else: time played


@dataclass(frozen=True)
class SpeechStatus:
    """Whether speech works now, and the resident's rate and volume."""

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


# ---- a long text in parts (pure) ------------------------------------------------------------

_CLAUSE_MARKS = "，、；：,;:"
_SENTENCE_MARKS = "。！？…!?."
_CLOSERS = "”’」』）】》)]\"'"
MAX_PART_CHARS = 40  # a later part: long to listen to, quick to synthesize (docs/benchmarks.md)


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

class SpeakerSettings:
    def __init__(self) -> None:
        self.rate, self.volume = DEFAULT_RATE, DEFAULT_VOLUME

    def set_volume(self, volume: float) -> float:
        self.volume = min(1.0, max(0.0, float(volume)))
        return self.volume


def new_utterance_id(utterance_id: str | None) -> str:
    # 12 random hex digits, as uuid4().hex[:12] gave, without importing uuid (and with it
    # platform) before the kiosk's first frame.
    return utterance_id or os.urandom(6).hex()


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
        self._settings = SpeakerSettings()
        self.spoken: list[tuple[str, str, str]] = []  # (utterance_id, text, language)

    def say(self, text: str, language: str, *, utterance_id: str | None = None) -> str:
        uid = new_utterance_id(utterance_id)
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
        self._settings = SpeakerSettings()

    def status(self) -> SpeechStatus:
        return SpeechStatus(False, False, dict(self._voices), self._problem,
                            self._settings.rate, self._settings.volume)

    def close(self) -> None:
        pass
