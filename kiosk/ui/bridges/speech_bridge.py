"""The kiosk's voice on the Qt side: owns one Speaker and re-emits its events as signals.

The speaker is made off the UI thread (starting the worker process can take seconds), and a
sentence asked for before it is ready waits as the single "latest" one, so the first screen is
still spoken. `say` and `stop` only write a line to a pipe: the UI thread never waits on speech.
Problems (no engine, no audio device, worker died) come out as `problem_changed`: the top bar
shows residents one plain sentence (`resident_notice`), the technician panel the detail; the
resident's screen never waits for or depends on speech.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

from kiosk.speech.api import EventCallback, RateStep, Speaker, SpeechEvent, SpeechStatus
from kiosk.ui.look.qt_compat import emit

log = logging.getLogger(__name__)
SpeakerFactory = Callable[[EventCallback], Speaker]
VOLUME_STEPS = (0.4, 0.7, 1.0)
RESIDENT_NOTICE = "speech_voice.no_sound"   # assets/i18n/*/speech_voice.toml


class SpeechBridge(QObject):
    speech_event = Signal(object)     # SpeechEvent, on the main thread
    problem_changed = Signal(str)     # "" when speech works
    ready = Signal()
    _made = Signal(object)            # Speaker, from the starter thread

    def __init__(self, factory: SpeakerFactory, *, threaded: bool = True, start: bool = True,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self.speaker: Speaker | None = None
        self._pending: tuple[str, str] | None = None
        self._closed = False
        self.last: tuple[str, str] | None = None   # (text, language): what Repeat says again
        self.last_id: str | None = None            # the utterance id of the latest say()
        self.problem = ""
        self.rate = RateStep.NORMAL
        self.volume_index = len(VOLUME_STEPS) - 1
        self._made.connect(self._adopt)
        self.speech_event.connect(self._watch)
        self._threaded, self._started = threaded, False
        if start:
            self.start()

    def start(self) -> None:
        """Make the speaker (a worker process, from a thread); `start=False` waits for this call,
        so the kiosk can show its first frame before starting the speech worker."""
        if self._started or self._closed:
            return
        self._started = True
        if self._threaded:
            threading.Thread(target=self._make, name="speech-start", daemon=True).start()
        else:
            self._adopt(self._factory(self._from_worker))

    # -- start-up ----------------------------------------------------------------------------
    def _make(self) -> None:
        try:
            speaker = self._factory(self._from_worker)
        except Exception:  # never let speech stop the kiosk
            log.exception("could not create the speaker")
            from kiosk.speech.api import SilentSpeaker

            speaker = SilentSpeaker(self._from_worker, problem="speech could not start")
        emit(self._made, speaker)

    @Slot(object)
    def _adopt(self, speaker: Speaker) -> None:
        if self._closed:
            speaker.close()
            return
        self.speaker = speaker
        self._apply_settings()
        self._set_problem(speaker.status().problem or "")
        emit(self.ready)
        if self._pending is not None:
            text, language = self._pending
            self._pending = None
            self.last_id = speaker.say(text, language)

    def _from_worker(self, event: SpeechEvent) -> None:
        emit(self.speech_event, event)  # any thread → queued to the main thread

    # -- what the screens use ----------------------------------------------------------------
    def say(self, text: str, language: str) -> None:
        """Speak `text` now, cutting off whatever was being said."""
        if not text or self._closed:
            return
        self.last = (text, language)
        if self.speaker is None:
            self._pending = (text, language)
        else:
            self.last_id = self.speaker.say(text, language)

    def repeat(self) -> None:
        if self.last is not None:
            self.say(*self.last)

    def stop(self) -> None:
        self._pending = None
        if self.speaker is not None:
            self.speaker.stop()

    def set_rate(self, step: RateStep) -> None:
        self.rate = RateStep(step)
        if self.speaker is not None:
            self.speaker.set_rate(self.rate)

    def set_volume_index(self, index: int) -> None:
        self.volume_index = max(0, min(len(VOLUME_STEPS) - 1, index))
        if self.speaker is not None:
            self.speaker.set_volume(VOLUME_STEPS[self.volume_index])

    @property
    def volume(self) -> float:
        return VOLUME_STEPS[self.volume_index]

    def reset_for_new_resident(self) -> None:
        self.rate, self.volume_index = RateStep.NORMAL, len(VOLUME_STEPS) - 1
        self.last = None
        if self.speaker is not None:
            self.speaker.reset_for_new_resident()

    def resident_notice(self, t: Callable[[str], str]) -> str:
        """What residents see while speech has a problem: one plain sentence in their language
        ("" while speech works). The detail (aplay's or ALSA's own words) stays in `problem`,
        for the technician panel and `kiosk doctor` only."""
        return t(RESIDENT_NOTICE) if self.problem else ""

    def status(self) -> SpeechStatus | None:
        return None if self.speaker is None else self.speaker.status()

    def close(self) -> None:
        self._closed = True
        if self.speaker is not None:
            self.speaker.close()
            self.speaker = None

    # -- internals ---------------------------------------------------------------------------
    def _apply_settings(self) -> None:
        if self.speaker is not None:
            self.speaker.set_rate(self.rate)
            self.speaker.set_volume(self.volume)

    @Slot(object)
    def _watch(self, event: SpeechEvent) -> None:
        if event.kind == "failed":
            self._set_problem(event.detail or "speech failed")
        elif event.kind in ("started", "finished") and self.speaker is not None:
            self._set_problem(self.speaker.status().problem or "")

    def _set_problem(self, problem: str) -> None:
        if problem != self.problem:
            self.problem = problem
            emit(self.problem_changed, problem)
