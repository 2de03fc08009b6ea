"""The window with the real speaker (worker process, pyttsx3 + espeak-ng, `aplay -D null`):
screens changing quickly lose no final sentence and leave no stale one playing, and the UI
thread never waits for speech."""

from __future__ import annotations

import ctypes.util
import shutil
import sys
import time

import pytest
from pytestqt.qtbot import QtBot

from kiosk.speech.api import SpeechEvent
from kiosk.speech.process import ProcessSpeaker
from kiosk.ui.bridges.speech_bridge import SpeechBridge
from tests.helpers.kiosk_window import WindowFactory

pytestmark = pytest.mark.skipif(
    sys.platform.startswith("linux") and shutil.which("espeak-ng") is None
    and ctypes.util.find_library("espeak-ng") is None, reason="espeak-ng is not installed")
PLAYER = ["aplay", "-q", "-D", "null"] if shutil.which("aplay") else [sys.executable, "-c", "pass"]
FINAL = ("finished", "interrupted", "skipped", "failed")


def test_rapid_screen_changes_end_with_the_last_screen_spoken(
        qtbot: QtBot, make_window: WindowFactory) -> None:
    bridge = SpeechBridge(lambda on_event: ProcessSpeaker(on_event, player_command=PLAYER))
    events: list[SpeechEvent] = []
    bridge.speech_event.connect(events.append)
    window = make_window(speech=bridge)
    with qtbot.waitSignal(bridge.ready, timeout=30_000):
        pass
    status = bridge.status()
    assert status is not None and status.engine_available, status
    assert status.voice_by_language.get("zh_CN", "").endswith("cmn-latn-pinyin")

    started = time.monotonic()
    window.home.tiles["every_type"].click()      # each screen speaks and cuts off the last
    window.consent.bar.next.click()
    window.question.bar.back.click()
    window.consent.bar.next.click()
    assert time.monotonic() - started < 0.5      # the UI never waited for speech
    final = bridge.last_id
    assert final is not None and bridge.last is not None
    assert bridge.last[0].startswith("您叫什么名字？")

    def final_done() -> bool:
        return any(e.utterance_id == final and e.kind in FINAL for e in events)

    qtbot.waitUntil(final_done, timeout=60_000)
    last = next(e for e in events if e.utterance_id == final and e.kind in FINAL)
    assert last.kind == "finished", last
    begun = next(e for e in events if e.utterance_id == final and e.kind == "started")
    assert begun.duration_s is not None and begun.duration_s > 1.0   # a real sentence
    # Nothing else started after the final sentence did: no stale speech.
    after = events[events.index(begun) + 1:]
    assert all(e.utterance_id == final or e.kind != "started" for e in after)
    # Every earlier sentence ended (cut off or skipped), none is left hanging.
    earlier = {e.utterance_id for e in events if e.utterance_id != final}
    for uid in earlier:
        assert any(e.utterance_id == uid and e.kind in FINAL for e in events), uid
