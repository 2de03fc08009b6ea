"""A long text spoken in parts: where it is cut, and how the worker plays the parts.

The worker runs in this process with a fake engine (silence, 0.01 s a character, any text held
back on request) and the fake player of test_audio_player, so the test decides when each
part's synthesis and playback end. Every wait is on an event, never on a sleep.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.speech.api import speech_parts
from kiosk.speech.player import write_silence
from kiosk.speech.voices import VoiceInfo
from kiosk.speech.worker import Worker
from tests.helpers.fake_player import FakePlayer

CONSENT = ("开始之前，请先听一听 高龄津贴 这张表会记下老人的姓名、身份证号码、出生日期、住哪个村、"
           "跟谁住、有没有别的养老金，还有电话号码，用来看能不能领高龄津贴。填好后交给乡镇便民服务"
           "中心的工作人员。同意的话，点“同意”，我们就开始填表。不想填，点“不同意”。")
THREE = "开始之前，请先听一听。这张表会记下老人的姓名。"
THREE_PARTS = ["开始之前，", "请先听一听。", "这张表会记下老人的姓名。"]


# ---- where a text is cut -------------------------------------------------------------------

def test_the_first_part_is_the_first_clause_then_whole_sentences() -> None:
    assert speech_parts(THREE) == THREE_PARTS
    assert speech_parts("您好！您要办什么事？") == ["您好！", "您要办什么事？"]


def test_parts_keep_every_character_in_order() -> None:
    parts = speech_parts(CONSENT)
    assert "".join(parts) == CONSENT
    assert parts[0] == "开始之前，"
    assert parts[-1] == "不想填，点“不同意”。"      # the closing quote stays with its sentence


def test_a_long_sentence_is_cut_at_clauses_to_keep_parts_short() -> None:
    assert [len(part) for part in speech_parts(CONSENT)] == [5, 39, 32, 19, 19, 11]
    assert speech_parts("同意的话，点“同意”，我们就开始填表。", max_chars=10) == [
        "同意的话，", "点“同意”，", "我们就开始填表。"]
    assert speech_parts("甲，乙，丙，丁，戊。己。", max_chars=4) == [
        "甲，", "乙，丙，", "丁，戊。", "己。"]


def test_ascii_marks_cut_only_before_a_space_and_a_new_sentence() -> None:
    text = 'Hello, it costs 3.5 yuan, e.g. for 1,000 pages. He said "go." Then press OK!'
    assert speech_parts(text) == ["Hello,", "it costs 3.5 yuan, e.g. for 1,000 pages.",
                                  'He said "go."', "Then press OK!"]


def test_blank_text_has_no_parts_and_one_clause_is_one_part() -> None:
    assert speech_parts("  ") == []
    assert speech_parts("好") == ["好"]
    assert speech_parts("真的吗？！") == ["真的吗？！"]


# ---- the worker, in this process -----------------------------------------------------------

class FakeEngine:
    """Silence as long as the text; a text in `hold` waits for its event, one in `broken` fails."""

    def __init__(self, seconds_per_char: float = 0.01) -> None:
        self.seconds_per_char = seconds_per_char
        self.hold: dict[str, threading.Event] = {}
        self.broken: set[str] = set()
        self.asked: list[str] = []
        self.text_of: dict[str, str] = {}      # WAV file name -> its text
        self._cond = threading.Condition()

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo("fake/cmn", "Fake Mandarin", ("cmn",))]

    def synthesize(self, text: str, voice_id: str | None, wpm: int, volume: float,
                   wav: Path) -> None:
        with self._cond:
            self.asked.append(text)
            self._cond.notify_all()
        if text in self.hold:
            assert self.hold[text].wait(5.0)
        if text in self.broken:
            raise RuntimeError("espeak choked")
        write_silence(wav, len(text) * self.seconds_per_char)
        self.text_of[wav.name] = text

    def wait_asked(self, text: str) -> None:
        with self._cond:
            assert self._cond.wait_for(lambda: text in self.asked, 5.0), self.asked


class Out(io.StringIO):
    """The worker's stdout: JSON lines, kept as messages the test can wait for."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[dict[str, Any]] = []
        self._cond = threading.Condition()

    def write(self, text: str) -> int:
        with self._cond:
            self.messages += [json.loads(line) for line in text.splitlines()]
            self._cond.notify_all()
        return len(text)

    def event(self, uid: str, kind: str) -> dict[str, Any]:
        def found() -> dict[str, Any] | None:
            return next((m for m in self.messages if m.get("id") == uid
                         and m.get("kind") == kind), None)
        with self._cond:
            assert self._cond.wait_for(lambda: found() is not None, 5.0), (
                f"no {kind!r} for {uid}; got {self.messages}")
            return found() or {}

    def kinds(self, uid: str) -> list[str]:
        with self._cond:
            return [m["kind"] for m in self.messages if m.get("id") == uid]


class Running:
    def __init__(self, engine: FakeEngine, tmpdir: Path) -> None:
        self.engine, self.player, self.out, self.tmpdir = engine, FakePlayer(), Out(), tmpdir
        self.worker = Worker(engine, None, self.player, self.out, tmpdir)
        self._thread = threading.Thread(target=self.worker.run, daemon=True)
        self._thread.start()

    def say(self, uid: str, text: str) -> None:
        self.worker.handle({"cmd": "say", "id": uid, "text": text, "language": "zh_CN"})

    def played(self) -> list[str]:
        return [self.engine.text_of[name] for name in self.player.names()]

    def close(self) -> None:
        for gate in self.engine.hold.values():
            gate.set()
        self.worker.handle({"cmd": "close"})
        self._thread.join(5.0)
        assert not self._thread.is_alive()


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    worker = Running(FakeEngine(), tmp_path)
    yield worker
    worker.close()


def test_a_long_text_plays_its_first_part_before_the_rest_is_synthesized(
        running: Running) -> None:
    running.engine.hold["请先听一听。"] = gate = threading.Event()
    running.say("a", THREE)
    first = running.player.part(1)
    running.engine.wait_asked("请先听一听。")              # still being synthesized
    assert running.played() == ["开始之前，"]
    assert running.out.event("a", "started")["duration_s"] == pytest.approx(0.05)
    gate.set()
    first.end()
    running.player.part(2).end()
    running.player.part(3).end()
    finished = running.out.event("a", "finished")
    assert finished["duration_s"] == pytest.approx(len("".join(THREE_PARTS)) * 0.01)
    assert running.played() == THREE_PARTS
    assert running.out.kinds("a") == ["started", "finished"]
    running.close()
    assert list(running.tmpdir.glob("*.wav")) == []      # every part's file is gone


def test_interrupt_during_the_second_part_stops_everything(running: Running) -> None:
    running.say("a", THREE)
    running.player.part(1).end()
    second = running.player.part(2)
    running.worker.handle({"cmd": "stop"})
    assert second.interrupted
    running.out.event("a", "interrupted")
    running.close()
    assert running.played() == THREE_PARTS[:2]
    assert running.out.kinds("a") == ["started", "interrupted"]


def test_a_new_prompt_while_the_next_part_is_synthesized_is_the_only_one_heard(
        running: Running) -> None:
    running.engine.hold["请先听一听。"] = gate = threading.Event()
    running.say("a", THREE)
    first = running.player.part(1)
    running.engine.wait_asked("请先听一听。")
    running.say("b", "您好！您要办什么事？")
    assert first.interrupted                             # silent at once, not after synthesis
    gate.set()
    running.player.part(2).end()
    running.player.part(3).end()
    running.out.event("b", "finished")
    assert running.played() == ["开始之前，", "您好！", "您要办什么事？"]
    assert running.out.kinds("a") == ["started", "interrupted"]
    assert running.out.kinds("b") == ["started", "finished"]


def test_superseded_while_its_first_part_is_synthesized_is_skipped(running: Running) -> None:
    running.engine.hold["开始之前，"] = gate = threading.Event()
    running.say("a", THREE)
    running.engine.wait_asked("开始之前，")
    running.say("b", "您好！")
    gate.set()
    running.player.part(1).end()
    running.out.event("b", "finished")
    assert running.played() == ["您好！"]
    assert running.out.kinds("a") == ["skipped"]


def test_the_next_part_is_synthesized_only_when_the_one_playing_nears_its_end(
        tmp_path: Path) -> None:
    running = Running(FakeEngine(seconds_per_char=1.0), tmp_path)  # "开始之前，" lasts 5 s
    try:
        running.say("a", THREE)
        first = running.player.part(1)
        running.out.event("a", "started")
        assert running.engine.asked == ["开始之前，"]         # 5 s left: not yet
        first.end()
        running.engine.wait_asked("请先听一听。")
        running.player.part(2)
    finally:
        running.close()
    assert running.out.kinds("a") == ["started", "interrupted"]


def test_a_part_that_cannot_be_synthesized_fails_after_the_rest_played(
        running: Running) -> None:
    running.engine.broken.add("请先听一听。")
    running.say("a", THREE)
    running.player.part(1).end()
    failed = running.out.event("a", "failed")
    assert failed["detail"] == "synthesis failed: RuntimeError: espeak choked"
    assert running.played() == ["开始之前，"]
    assert running.out.kinds("a") == ["started", "failed"]
