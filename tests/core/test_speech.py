"""Speech without a real engine: voice choice, the silent speaker, and the worker's timing rules.

The worker runs for real here (a separate process); only its engine is swapped for silence of a
known length and its player for tiny Python programs, so timing and ordering are exercised fast.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.speech.api import (
    DEFAULT_RATE,
    DEFAULT_VOLUME,
    RATE_WPM,
    RateStep,
    SilentSpeaker,
)
from kiosk.speech.factory import create_speaker
from kiosk.speech.process import ProcessSpeaker
from kiosk.speech.voices import VoiceInfo, choose_voice, voice_name
from tests.helpers.speech_events import PLAYS_FOREVER, Events

RETURNS_AT_ONCE = [sys.executable, "-c", "pass"]  # like `aplay -D null`: the worker paces it
NO_DEVICE = [sys.executable, "-c", "import sys; sys.exit('audio open error: No such device')"]


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def make_speaker(events: Events) -> Iterator[Callable[..., ProcessSpeaker]]:
    speakers: list[ProcessSpeaker] = []

    def make(player: list[str], seconds_per_char: float = 0.05) -> ProcessSpeaker:
        speaker = ProcessSpeaker(events, player_command=player,
                                 fake_engine_seconds_per_char=seconds_per_char)
        speakers.append(speaker)
        return speaker
    yield make
    for speaker in speakers:
        speaker.close()


# ---- voice choice --------------------------------------------------------------------------

ESPEAK_VOICES = [
    VoiceInfo("gmw/en-029", "English (Caribbean)", ("en-029",)),
    VoiceInfo("gmw/en", "English (Great Britain)", ("en-gb",)),
    VoiceInfo("sit/hak", "Hakka Chinese", ("hak",)),
    VoiceInfo("sit/cmn-latn-pinyin", "Chinese (Mandarin, latin as Pinyin)", ("cmn-latn-pinyin",)),
    VoiceInfo("sit/cmn", "Chinese (Mandarin, latin as English)", ("cmn",)),
    VoiceInfo("sit/yue", "Chinese (Cantonese)", ("yue",)),
]
SAPI5_VOICES = [
    VoiceInfo(r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Speech\Voices\Tokens\TTS_MS_EN-US_ZIRA_11.0",
              "Microsoft Zira Desktop - English (United States)", ("en-US",)),
    VoiceInfo(r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Speech\Voices\Tokens\TTS_MS_ZH-CN_HUIHUI_11.0",
              "Microsoft Huihui Desktop - Chinese (Simplified)", ("zh-CN",)),
]


def test_the_mandarin_voice_that_reads_characters_as_mandarin_is_chosen() -> None:
    # espeak-ng 1.51's cmn reads most characters through its English voice ("(en)nI55nt'u:55"
    # for 您好); cmn-latn-pinyin reads them as Mandarin (tests/core/test_mandarin_phonemes.py).
    assert choose_voice(ESPEAK_VOICES, "zh_CN").voice_id == "sit/cmn-latn-pinyin"
    assert choose_voice(list(reversed(ESPEAK_VOICES)), "zh_CN").voice_id == "sit/cmn-latn-pinyin"
    assert choose_voice(ESPEAK_VOICES, "zh_CN").problem is None


def test_plain_cmn_still_beats_hakka_and_cantonese_when_it_is_all_there_is() -> None:
    voices = [v for v in ESPEAK_VOICES if v.id != "sit/cmn-latn-pinyin"]
    assert choose_voice(voices, "zh_CN").voice_id == "sit/cmn"


def test_voice_names_are_what_a_technician_types() -> None:
    assert voice_name("sit/cmn-latn-pinyin") == "cmn-latn-pinyin"
    assert voice_name(SAPI5_VOICES[1].id) == "TTS_MS_ZH-CN_HUIHUI_11.0"
    assert voice_name(None) == ""


def test_english_prefers_a_main_variety() -> None:
    assert choose_voice(ESPEAK_VOICES, "en").voice_id == "gmw/en"


def test_sapi5_chinese_voice_found_by_language_or_name() -> None:
    assert choose_voice(SAPI5_VOICES, "zh_CN").voice_id.endswith("HUIHUI_11.0")  # type: ignore[union-attr]
    by_name = [VoiceInfo("token/1", "Microsoft Huihui Desktop", ("Unknown Locale: 1",))]
    assert choose_voice(by_name, "zh_CN").voice_id == "token/1"
    assert choose_voice(SAPI5_VOICES, "en").voice_id.endswith("ZIRA_11.0")  # type: ignore[union-attr]


def test_no_mandarin_voice_falls_back_and_says_so() -> None:
    voices = [VoiceInfo("en1", "English", ("en",)), VoiceInfo("yue", "Chinese (Cantonese)",
                                                             ("yue",))]
    choice = choose_voice(voices, "zh_CN")
    assert choice.voice_id == "en1"
    assert choice.problem == "no Mandarin voice; speaking zh_CN with English (en1)"


def test_no_voices_at_all_is_a_problem_not_a_crash() -> None:
    choice = choose_voice([], "en")
    assert choice.voice_id is None
    assert choice.problem


# ---- SilentSpeaker ---------------------------------------------------------------------------

def test_silent_speaker_records_and_reports_its_problem(events: Events) -> None:
    speaker = SilentSpeaker(events, problem="no speech engine")
    uid = speaker.say("您好", "zh_CN", utterance_id="welcome")
    assert uid == "welcome"
    assert speaker.spoken == [("welcome", "您好", "zh_CN")]
    assert events.kinds() == [("welcome", "failed")]
    assert events.event("welcome", "failed").detail == "no speech engine"
    status = speaker.status()
    assert (status.engine_available, status.audio_available, status.problem) == (
        False, False, "no speech engine")


def test_silent_speaker_without_problem_reports_finished(events: Events) -> None:
    uid = SilentSpeaker(events).say("hello", "en")
    assert events.kinds() == [(uid, "finished")]


def test_rate_and_volume_are_reset_for_a_new_resident() -> None:
    speaker = SilentSpeaker()
    speaker.set_rate(RateStep.SLOW)
    speaker.set_volume(1.7)
    assert (speaker.status().rate, speaker.status().volume) == (RateStep.SLOW, 1.0)
    speaker.set_volume(-3)
    assert speaker.status().volume == 0.0
    speaker.reset_for_new_resident()
    assert (speaker.status().rate, speaker.status().volume) == (DEFAULT_RATE, DEFAULT_VOLUME)


def test_normal_rate_is_slower_than_the_engine_default() -> None:
    espeak_default_wpm = 175
    assert RATE_WPM[RateStep.SLOW] < RATE_WPM[RateStep.NORMAL] < RATE_WPM[RateStep.FAST]
    assert RATE_WPM[DEFAULT_RATE] < espeak_default_wpm


def test_create_speaker_disabled_is_silent(events: Events) -> None:
    speaker = create_speaker(events, enabled=False)
    assert isinstance(speaker, SilentSpeaker)
    assert speaker.status().problem == "speech is switched off in the settings"


def test_create_speaker_without_engine_falls_back_to_silent(
        events: Events, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "pyttsx3"
    broken.mkdir()
    (broken / "__init__.py").write_text(
        "raise OSError('libespeak-ng.so.1: cannot open shared object file')\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    speaker = create_speaker(events, player_command=RETURNS_AT_ONCE)
    assert isinstance(speaker, SilentSpeaker)
    assert "no speech engine" in (speaker.status().problem or "")
    assert "libespeak-ng.so.1" in (speaker.status().problem or "")
    speaker.say("您好", "zh_CN", utterance_id="a")
    assert events.kinds() == [("a", "failed")]


# ---- ProcessSpeaker: interruption, latest wins, no audio, hygiene ---------------------------

def test_new_speech_interrupts_the_current_one_within_200_ms(
        make_speaker: Callable[..., ProcessSpeaker], events: Events) -> None:
    speaker = make_speaker(PLAYS_FOREVER)
    first = speaker.say("您好，请选择您要办的事。", "zh_CN")
    events.wait_for(first, "started")
    called = time.perf_counter()
    second = speaker.say("请输入手机号码。", "zh_CN")
    assert events.wait_for(first, "interrupted") - called < 0.2
    events.wait_for(second, "started")
    called = time.perf_counter()
    speaker.stop()
    assert events.wait_for(second, "interrupted") - called < 0.2


def test_rapid_calls_only_the_last_is_finished_and_nothing_stale_follows(
        make_speaker: Callable[..., ProcessSpeaker], events: Events) -> None:
    speaker = make_speaker(RETURNS_AT_ONCE, seconds_per_char=0.03)
    ids = [speaker.say(f"第{i}屏：请选择您要办的事。", "zh_CN") for i in range(8)]
    last_started = events.wait_for(ids[-1], "started")
    finished = events.wait_for(ids[-1], "finished")
    # Spoken in two parts, "第7屏：" then the rest, each paced to its WAV's length.
    assert events.event(ids[-1], "started").duration_s == pytest.approx(4 * 0.03, abs=0.01)
    assert events.event(ids[-1], "finished").duration_s == pytest.approx(13 * 0.03, abs=0.1)
    assert finished - last_started >= 0.3
    for uid in ids[:-1]:
        kinds = [kind for _, kind in events.kinds(uid)]
        assert kinds in (["skipped"], ["started", "interrupted"]), kinds
    started_after = [e.utterance_id for t, e in events.items
                     if e.kind == "started" and t > last_started]
    assert started_after == []


def test_stop_with_nothing_playing_is_harmless(
        make_speaker: Callable[..., ProcessSpeaker], events: Events) -> None:
    speaker = make_speaker(RETURNS_AT_ONCE, seconds_per_char=0.01)
    speaker.stop()
    uid = speaker.say("好", "zh_CN", utterance_id="after-stop")
    assert uid == "after-stop"
    events.wait_for(uid, "finished")


def test_slower_rate_gives_longer_audio(
        make_speaker: Callable[..., ProcessSpeaker], events: Events) -> None:
    speaker = make_speaker(RETURNS_AT_ONCE, seconds_per_char=0.01)
    speaker.set_rate(RateStep.SLOW)
    slow = speaker.say("请选择您要办的事", "zh_CN")
    events.wait_for(slow, "finished")
    speaker.set_rate(RateStep.FAST)
    fast = speaker.say("请选择您要办的事", "zh_CN")
    events.wait_for(fast, "finished")
    slow_s = events.event(slow, "started").duration_s or 0
    fast_s = events.event(fast, "started").duration_s or 0
    assert slow_s > fast_s
    assert speaker.status().rate == RateStep.FAST
    speaker.reset_for_new_resident()
    assert speaker.status().rate == DEFAULT_RATE


def test_no_audio_device_shows_in_status_and_say_fails_softly(
        make_speaker: Callable[..., ProcessSpeaker], events: Events) -> None:
    speaker = make_speaker(NO_DEVICE)
    status = speaker.status()
    assert status.engine_available and not status.audio_available
    assert status.problem and status.problem.startswith("no audio device")
    assert "No such device" in status.problem
    uid = speaker.say("您好", "zh_CN")
    events.wait_for(uid, "failed")
    assert "No such device" in (events.event(uid, "failed").detail or "")


def test_missing_player_program_is_reported(
        make_speaker: Callable[..., ProcessSpeaker], events: Events, tmp_path: Path) -> None:
    speaker = make_speaker([str(tmp_path / "no-such-player")])
    assert "cannot start the audio player" in (speaker.status().problem or "")
    events.wait_for(speaker.say("您好", "zh_CN"), "failed")


def test_events_arrive_on_a_background_thread(
        make_speaker: Callable[..., ProcessSpeaker], events: Events) -> None:
    speaker = make_speaker(RETURNS_AT_ONCE, seconds_per_char=0.01)
    events.wait_for(speaker.say("好", "zh_CN"), "finished")
    assert events.threads == {"speech-events"}


def test_close_ends_the_worker_within_a_second_and_removes_temp_files(
        make_speaker: Callable[..., ProcessSpeaker], events: Events) -> None:
    speaker = make_speaker(PLAYS_FOREVER)
    uid = speaker.say("您好，请选择您要办的事。", "zh_CN")
    events.wait_for(uid, "started")
    began = time.perf_counter()
    speaker.close()
    assert time.perf_counter() - began < 1.0
    assert speaker._proc.returncode == 0
    assert not speaker._tmpdir.exists()
    speaker.close()  # twice is fine
    later = speaker.say("还在吗", "zh_CN")
    assert (later, "failed") in events.kinds()


def test_worker_exits_when_the_kiosk_goes_away(
        make_speaker: Callable[..., ProcessSpeaker], events: Events) -> None:
    speaker = make_speaker(PLAYS_FOREVER)
    events.wait_for(speaker.say("您好", "zh_CN"), "started")
    assert speaker._proc.stdin is not None
    speaker._proc.stdin.close()  # what the OS does when the kiosk process dies
    assert speaker._proc.wait(timeout=2.0) == 0


def test_a_dead_worker_fails_what_was_said_and_shows_in_status(
        make_speaker: Callable[..., ProcessSpeaker], events: Events) -> None:
    speaker = make_speaker(PLAYS_FOREVER)
    uid = speaker.say("您好", "zh_CN")
    events.wait_for(uid, "started")
    speaker._proc.kill()
    events.wait_for(uid, "failed")
    status = speaker.status()
    assert not status.engine_available
    assert (status.problem or "").startswith("speech worker stopped")


def test_empty_text_stops_and_is_skipped(
        make_speaker: Callable[..., ProcessSpeaker], events: Events) -> None:
    speaker = make_speaker(PLAYS_FOREVER)
    first = speaker.say("您好", "zh_CN")
    events.wait_for(first, "started")
    empty = speaker.say("  ", "zh_CN")
    events.wait_for(first, "interrupted")
    events.wait_for(empty, "skipped")
