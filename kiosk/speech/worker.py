"""The one process that owns the speech engine: `python -m kiosk.speech.worker` (see speech.py).

Protocol: JSON lines. Commands on stdin: say {id, text, language}, stop, rate {wpm},
volume {value}, close. Messages on stdout: status {...} once at start and whenever audio
breaks or recovers, event {id, kind, detail, duration_s}. stdin EOF means the kiosk is gone: exit.

Two threads: the reader reacts to commands at once (interrupting the player within
milliseconds); the main thread synthesizes and plays one utterance at a time. A generation counter
makes "latest wins" exact: whatever was superseded while it was being synthesized is 'skipped'.
A long text is spoken in parts (speech_parts: first clause, then sentences): the first plays as
soon as it is synthesized, each next part is synthesized shortly before the one playing ends,
and a Playlist plays them back to back. So the first audio waits for one clause's synthesis,
not the whole text's (figures: docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TextIO

from kiosk.i18n import LANGUAGES
from kiosk.speech.api import (
    DEFAULT_RATE,
    DEFAULT_VOLUME,
    RATE_WPM,
    speech_parts,
)
from kiosk.speech.player import (
    AudioPlayer,
    Playback,
    Playlist,
    PlayResult,
    make_player,
    player_command,
    probe_audio,
    wav_duration,
    write_silence,
)
from kiosk.speech.spoken_text import for_speech
from kiosk.speech.voices import VoiceChoice, VoiceInfo, choose_voice, voice_name

# The next part is synthesized when the one playing has this long left: ample for a part of
# MAX_PART_CHARS, and until then the engine is free for the next screen's prompt.
PART_LEAD_S = 0.5


class Engine(Protocol):
    def voices(self) -> list[VoiceInfo]: ...
    def synthesize(self, text: str, voice_id: str | None, wpm: int, volume: float,
                   wav: Path) -> None: ...


class Pyttsx3Engine:
    """pyttsx3 used only as "text in, WAV file out"; its own playback is never used."""

    def __init__(self) -> None:
        import pyttsx3

        self._engine = pyttsx3.init()
        self._espeak = self._engine.driver_name == "espeak"
        self._done = threading.Event()
        self._loop: threading.Thread | None = None
        self._loop_error: Exception | None = None
        self._engine.connect("finished-utterance", lambda **_: self._done.set())
        if self._espeak:
            # Each runAndWait() runs the driver's stop(), i.e. espeak_Cancel() whenever espeak is
            # still busy digesting the rate/volume we just set, and those settings are lost
            # (measured: 27 of 60 utterances at the wrong rate). We stop by killing the player,
            # so the driver's stop() is never needed.
            self._engine.proxy._driver.stop = lambda: None

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo(str(v.id), str(v.name or v.id), tuple(str(x) for x in v.languages))
                for v in self._engine.getProperty("voices")]

    def synthesize(self, text: str, voice_id: str | None, wpm: int, volume: float,
                   wav: Path) -> None:
        self._end_loop()
        if voice_id:
            self._engine.setProperty("voice", voice_id)
        self._engine.setProperty("rate", wpm)
        self._engine.setProperty("volume", volume)
        self._done.clear()
        self._engine.save_to_file(text, str(wav))
        if not self._espeak:
            self._engine.runAndWait()  # SAPI5 writes the file before it returns
        else:
            # espeak synthesizes on its own thread and says 'finished-utterance' once the file is
            # written; runAndWait() notices only at its next poll, well after the file is done
            # (docs/benchmarks.md). So the loop runs on a thread of its own and we go on at the
            # event; the next call joins the loop, which has ended by then.
            self._loop_error = None
            self._loop = threading.Thread(target=self._run_loop, name="pyttsx3-loop",
                                          daemon=True)
            self._loop.start()
            if not self._done.wait(5.0 + 0.2 * len(text)):
                raise TimeoutError("espeak did not finish synthesizing in time")
            if self._loop_error is not None:
                raise self._loop_error
        if not wav.exists():
            raise FileNotFoundError(f"the engine wrote no audio file ({wav.name})")

    def _run_loop(self) -> None:
        try:
            self._engine.runAndWait()
        except Exception as err:  # handed to synthesize(), on the worker's thread
            self._loop_error = err
            self._done.set()

    def _end_loop(self) -> None:
        # pyttsx3 runs one loop at a time ("run loop already started" otherwise).
        if self._loop is not None:
            self._loop.join(timeout=2.0)
            if self._loop.is_alive():
                raise TimeoutError("espeak is stuck in an earlier synthesis")
            self._loop = None


class FakeEngine:
    """Silence whose length follows the text and the rate: for tests of timing and ordering."""

    def __init__(self, seconds_per_char: float) -> None:
        self._seconds_per_char = seconds_per_char

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo("fake/cmn", "Fake Mandarin", ("cmn",)),
                VoiceInfo("fake/en", "Fake English", ("en",))]

    def synthesize(self, text: str, voice_id: str | None, wpm: int, volume: float,
                   wav: Path) -> None:
        write_silence(wav, len(text) * self._seconds_per_char * RATE_WPM[DEFAULT_RATE] / wpm)


def open_engine(fake_seconds_per_char: float | None) -> tuple[Engine | None, str | None]:
    if fake_seconds_per_char is not None:
        return FakeEngine(fake_seconds_per_char), None
    try:
        return Pyttsx3Engine(), None
    except Exception as err:  # ImportError, OSError from ctypes, RuntimeError from espeak init
        hint = " (install espeak-ng)" if sys.platform.startswith("linux") else ""
        return None, f"no speech engine{hint}: {type(err).__name__}: {err}"


@dataclass(frozen=True)
class Utterance:
    id: str
    text: str
    language: str


class Worker:
    def __init__(self, engine: Engine | None, engine_problem: str | None, player: AudioPlayer,
                 out: TextIO, tmpdir: Path) -> None:
        self._engine, self._engine_problem = engine, engine_problem
        self._player, self._out, self._tmpdir = player, out, tmpdir
        self._cond = threading.Condition()
        self._out_lock = threading.Lock()
        self._pending: Utterance | None = None
        self._generation = 0
        self._playback: Playback | None = None
        self._closing = False
        self._wpm, self._volume = RATE_WPM[DEFAULT_RATE], DEFAULT_VOLUME
        self._voice_list = engine.voices() if engine else []
        self._voices: dict[str, VoiceChoice] = {}
        self._audio_problem: str | None = None
        self.stopped = threading.Event()

    # -- output
    def _send(self, **message: Any) -> None:
        with self._out_lock:
            try:
                self._out.write(json.dumps(message, ensure_ascii=False) + "\n")
                self._out.flush()
            except (OSError, ValueError):
                pass  # the kiosk is gone; stdin EOF will end us

    def _event(self, uid: str, kind: str, detail: str | None = None,
               duration_s: float | None = None) -> None:
        self._send(type="event", id=uid, kind=kind, detail=detail, duration_s=duration_s)

    def send_status(self) -> None:
        problems = [self._engine_problem, *(c.problem for c in self._voices.values()),
                    self._audio_problem]
        self._send(type="status", engine_available=self._engine is not None,
                   audio_available=self._audio_problem is None,
                   voice_by_language={k: c.voice_id for k, c in self._voices.items()
                                      if c.voice_id},
                   problem="; ".join(p for p in problems if p) or None)

    def start_up(self) -> None:
        for language in LANGUAGES:
            self._voice_for(language)
        self._audio_problem = probe_audio(self._player, self._tmpdir)
        self.send_status()

    def _voice_for(self, language: str) -> VoiceChoice:
        if language not in self._voices:
            self._voices[language] = choose_voice(self._voice_list, language)
        return self._voices[language]

    # -- reader thread
    def handle(self, message: dict[str, Any]) -> None:
        cmd = message.get("cmd")
        with self._cond:
            if cmd in ("say", "stop", "close"):
                if self._pending is not None:
                    self._event(self._pending.id, "skipped", "superseded before it started")
                    self._pending = None
                self._generation += 1
                if self._playback is not None:
                    self._playback.interrupt()
                if cmd == "say":
                    self._pending = Utterance(str(message["id"]), str(message["text"]),
                                              str(message["language"]))
                self._closing = self._closing or cmd == "close"
                self._cond.notify_all()
            elif cmd == "rate":  # applies from the next utterance; the UI repeats the prompt
                self._wpm = int(message["wpm"])
            elif cmd == "volume":
                self._volume = min(1.0, max(0.0, float(message["value"])))

    # -- main thread
    def run(self) -> None:
        try:
            while True:
                with self._cond:
                    while self._pending is None and not self._closing:
                        self._cond.wait()
                    if self._closing or self._pending is None:
                        return
                    utterance, generation = self._pending, self._generation
                    self._pending = None
                self._speak(utterance, generation)
        finally:
            self.stopped.set()

    def _speak(self, utt: Utterance, generation: int) -> None:
        if self._engine is None:
            self._event(utt.id, "failed", self._engine_problem)
            return
        parts = speech_parts(for_speech(utt.text, utt.language))  # "+" → 加号, 2026年 → 二零二六年
        if not parts:  # say("") is a stop that still answers for its id
            self._event(utt.id, "skipped", "nothing to say")
            return
        # One rate and volume for the whole text: a change applies from the next utterance.
        voice, wpm, volume = self._voice_for(utt.language).voice_id, self._wpm, self._volume
        wavs: list[Path] = []

        def synthesize(text: str) -> tuple[Path, float]:
            wavs.append(self._tmpdir / f"{uuid.uuid4().hex}.wav")
            assert self._engine is not None  # noqa: S101 - checked above; for mypy
            self._engine.synthesize(text, voice, wpm, volume, wavs[-1])
            return wavs[-1], wav_duration(wavs[-1])

        try:
            began = time.monotonic()
            try:
                wav, duration = synthesize(parts[0])
            except Exception as err:  # a bad utterance must not end the worker
                self._event(utt.id, "failed", f"synthesis failed: {type(err).__name__}: {err}")
                return
            synth_ms = (time.monotonic() - began) * 1000
            playlist = self._start_playing(utt, generation, wav, duration)
            if playlist is None:
                return
            self._event(utt.id, "started", f"voice {voice}, part 1 of {len(parts)} synthesized "
                                           f"in {synth_ms:.0f} ms", round(duration, 3))
            problem = self._synthesize_rest(parts[1:], generation, playlist, synthesize)
            playlist.close()
            result = playlist.wait()
            with self._cond:
                self._playback = None
            if result.kind == "failed":
                self._set_audio_problem(f"no audio device: {result.detail}")
            elif result.kind == "finished":
                self._set_audio_problem(None)  # a device plugged in later is noticed here
            if problem is not None and result.kind == "finished":
                result = PlayResult("failed", result.played_s, problem)  # a part went missing
            self._event(utt.id, result.kind, result.detail, result.played_s)
        finally:
            for wav in wavs:
                wav.unlink(missing_ok=True)

    def _start_playing(self, utt: Utterance, generation: int, wav: Path,
                       duration: float) -> Playlist | None:
        with self._cond:
            if generation != self._generation or self._closing:
                self._event(utt.id, "skipped", "superseded while being synthesized")
                return None
            try:
                self._playback = Playlist(self._player, wav, duration)
            except OSError as err:
                self._set_audio_problem(f"no audio device: cannot start the player: {err}")
                self._event(utt.id, "failed", self._audio_problem)
                return None
            return self._playback

    def _synthesize_rest(self, parts: list[str], generation: int, playlist: Playlist,
                         synthesize: Callable[[str], tuple[Path, float]]) -> str | None:
        """Each next part shortly before the one playing ends; the problem if one failed."""
        for part in parts:
            if not playlist.wait_for_room(PART_LEAD_S):
                return None  # interrupted, or the player failed: the result says which
            try:
                wav, duration = synthesize(part)
            except Exception as err:  # what was made still plays; the event says 'failed'
                return f"synthesis failed: {type(err).__name__}: {err}"
            with self._cond:  # the generation check and add() are one step against handle()
                if generation != self._generation or self._closing:
                    return None
                playlist.add(wav, duration)
        return None

    def _set_audio_problem(self, problem: str | None) -> None:
        if problem != self._audio_problem:
            self._audio_problem = problem
            self.send_status()


def _protocol_stream() -> TextIO:
    # pyttsx3 prints "Audio saved to ..." on stdout: keep the real stdout for our JSON only and
    # point file descriptor 1 (Python prints and C code alike) at the null device.
    out = io.TextIOWrapper(os.fdopen(os.dup(1), "wb"), encoding="utf-8", line_buffering=True)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
    return out


def _read_commands(worker: Worker) -> None:
    for line in io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8"):
        try:
            worker.handle(json.loads(line))
        except (ValueError, KeyError, TypeError):
            continue
    worker.handle({"cmd": "close"})  # EOF: the kiosk closed us or died
    if not worker.stopped.wait(2.0):
        os._exit(0)  # stuck inside the engine: leave anyway, the kiosk must not keep a zombie


def voices_in_use(engine: Engine | None, problem: str | None) -> dict[str, Any]:
    """The voice the worker speaks each language with: what `kiosk doctor` reports."""
    voices = engine.voices() if engine else []
    names = {v.id: v.name for v in voices}
    chosen = {language: choose_voice(voices, language) for language in LANGUAGES}
    return {"engine_problem": problem, "voices": {
        language: {"voice": voice_name(c.voice_id), "voice_id": c.voice_id,
                   "name": names.get(c.voice_id or ""), "problem": c.problem}
        for language, c in chosen.items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kiosk speech worker"
                                                 " (started by kiosk.speech.api)")
    parser.add_argument("--tmpdir", help="folder for the WAV files (required to speak)")
    parser.add_argument("--player", help="JSON string or list: audio player command")
    parser.add_argument("--fake-engine", type=float, help="seconds per character (tests)")
    parser.add_argument("--list-voices", action="store_true",
                        help="print the voice chosen for each language as JSON, then exit")
    args = parser.parse_args(argv)
    out = _protocol_stream()
    if args.list_voices:
        out.write(json.dumps(voices_in_use(*open_engine(args.fake_engine)),
                             ensure_ascii=False) + "\n")
        return 0
    if not args.tmpdir:
        parser.error("--tmpdir is required")
    tmpdir = Path(args.tmpdir)
    tmpdir.mkdir(parents=True, exist_ok=True)
    engine, problem = open_engine(args.fake_engine)
    player = make_player(player_command(json.loads(args.player) if args.player else None))
    worker = Worker(engine, problem, player, out, tmpdir)
    worker.start_up()
    threading.Thread(target=_read_commands, args=(worker,), name="commands", daemon=True).start()
    worker.run()
    shutil.rmtree(tmpdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
