"""Speech through the real engine (pyttsx3 + espeak-ng), played by `aplay -D null` when present.

espeak-ng is installed here and in CI; these tests skip only where it truly is not.
Run with -s to see the measured synthesis time and interrupt latency.
"""

from __future__ import annotations

import ctypes.util
import shutil
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.speech.api import RATE_WPM, RateStep, speech_parts
from kiosk.speech.player import wav_duration
from kiosk.speech.process import ProcessSpeaker
from kiosk.speech.worker import Pyttsx3Engine
from tests.helpers.speech_events import PLAYS_FOREVER, Events

pytestmark = pytest.mark.skipif(
    sys.platform.startswith("linux") and shutil.which("espeak-ng") is None
    and ctypes.util.find_library("espeak-ng") is None,
    reason="espeak-ng is not installed (apt-get install espeak-ng)")

PROMPT = "您好，请选择您要办的事。"
LONGER = "您好，请选择您要办的事。请把身份证放在感应区，然后按确认键继续。"
# No sound card here: `aplay -D null` returns at once and the worker paces playback itself.
PLAYER = ["aplay", "-q", "-D", "null"] if shutil.which("aplay") else [sys.executable, "-c", "pass"]


@pytest.fixture(scope="module")
def engine() -> Pyttsx3Engine:
    return Pyttsx3Engine()  # in this process: espeak is initialised once per process anyway


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def speaker(events: Events) -> Iterator[ProcessSpeaker]:
    opened = ProcessSpeaker(events, player_command=PLAYER)
    yield opened
    opened.close()


def _synthesize(engine: Pyttsx3Engine, text: str, tmp_path: Path, step: RateStep = RateStep.NORMAL,
                voice: str = "sit/cmn-latn-pinyin") -> float:
    wav = tmp_path / f"{abs(hash((text, step)))}.wav"
    engine.synthesize(text, voice, RATE_WPM[step], 1.0, wav)
    return wav_duration(wav)


def test_chinese_prompt_gives_audio_of_plausible_length(engine: Pyttsx3Engine,
                                                        tmp_path: Path) -> None:
    timings = []
    for _ in range(10):
        began = time.perf_counter()
        seconds = _synthesize(engine, PROMPT, tmp_path)
        timings.append(time.perf_counter() - began)
        assert 1.0 < seconds < 8.0
    assert _synthesize(engine, LONGER, tmp_path) > seconds + 1.0
    print(f"\nsynthesis of {len(PROMPT)} Chinese characters ({seconds:.2f} s of audio): "
          f"p50 {statistics.median(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms")


def test_rate_steps_change_the_length_every_time(engine: Pyttsx3Engine, tmp_path: Path) -> None:
    # pyttsx3's espeak driver used to drop rate changes at random; each step must take effect.
    for _ in range(3):
        lengths = [_synthesize(engine, PROMPT, tmp_path, step) for step in RateStep]
        slow, normal, fast = lengths
        assert slow > normal > fast


def test_a_text_synthesized_in_parts_lasts_as_long_as_the_whole(engine: Pyttsx3Engine,
                                                                 tmp_path: Path) -> None:
    # espeak speaks clause by clause anyway: cutting there adds no pause and loses no sound.
    for text in (LONGER, "Hello, please choose a service. Then press OK."):
        parts = speech_parts(text)
        assert len(parts) >= 3
        whole = _synthesize(engine, text, tmp_path)
        in_parts = sum(_synthesize(engine, part, tmp_path) for part in parts)
        assert in_parts == pytest.approx(whole, abs=0.05)


def test_a_text_in_parts_is_played_to_the_end(speaker: ProcessSpeaker, events: Events,
                                              engine: Pyttsx3Engine, tmp_path: Path) -> None:
    text = "好，请听。"
    uid = speaker.say(text, "zh_CN")
    events.wait_for(uid, "finished", timeout=15)
    assert [kind for _, kind in events.kinds(uid)] == ["started", "finished"]
    started, finished = events.event(uid, "started"), events.event(uid, "finished")
    assert (started.duration_s or 0) < (finished.duration_s or 0)   # the first part only
    assert finished.duration_s == pytest.approx(_synthesize(engine, text, tmp_path), abs=0.1)


def test_zh_cn_speaks_mandarin_and_en_english(speaker: ProcessSpeaker) -> None:
    status = speaker.status()
    assert status.engine_available
    assert status.voice_by_language["zh_CN"].split("/")[-1] == "cmn-latn-pinyin"
    assert status.voice_by_language["en"].split("/")[-1].startswith("en")


def test_rapid_screen_changes_finish_only_the_last(speaker: ProcessSpeaker,
                                                   events: Events) -> None:
    texts = ["欢迎使用便民自助终端。", "请选择您要办的事。", "社保缴费。", "请输入身份证号码。",
             "已输入 18 位。", "请核对您的信息。", "Please check your answers.", "提交成功，谢谢。"]
    ids = [speaker.say(text, "en" if text.isascii() else "zh_CN") for text in texts]
    last_started = events.wait_for(ids[-1], "started")
    events.wait_for(ids[-1], "finished", timeout=15)
    assert (events.event(ids[-1], "finished").duration_s or 0) > 1.0
    for uid in ids[:-1]:
        assert [kind for _, kind in events.kinds(uid)] in (["skipped"], ["started",
                                                                          "interrupted"])
    assert [e.utterance_id for t, e in events.items
            if e.kind == "started" and t > last_started] == []


@pytest.mark.parametrize("player", [PLAYER, PLAYS_FOREVER], ids=["paced", "killed-process"])
def test_interrupt_latency_is_under_200_ms(player: list[str], events: Events) -> None:
    speaker = ProcessSpeaker(events, player_command=player)
    try:
        latencies = _interrupt_latencies(speaker, events)
    finally:
        speaker.close()
    print(f"\ninterrupt latency ({player[0]}) over {len(latencies)} trials: "
          f"p50 {statistics.median(latencies) * 1000:.1f} ms, "
          f"max {max(latencies) * 1000:.1f} ms")
    assert max(latencies) < 0.2


def _interrupt_latencies(speaker: ProcessSpeaker, events: Events) -> list[float]:
    """Seconds from say()/stop() to the old utterance's 'interrupted' event, 20 times."""
    latencies = []
    current = speaker.say(PROMPT, "zh_CN")
    for trial in range(20):
        events.wait_for(current, "started")
        called = time.perf_counter()
        if trial % 2:
            speaker.stop()
            latencies.append(events.wait_for(current, "interrupted") - called)
            current = speaker.say(PROMPT, "zh_CN")
        else:
            following = speaker.say(PROMPT, "zh_CN")
            latencies.append(events.wait_for(current, "interrupted") - called)
            current = following
    return latencies
