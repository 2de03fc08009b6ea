"""Items 5 and 6: the kiosk at work (UI stalls while syncing and speaking; speech latencies).

Both run the kiosk in a probe process (kiosk/bench/probes/live.py). Speech uses the real
engine (pyttsx3 → espeak-ng) in the real worker process; the audio player is $KIOSK_AUDIO_PLAYER
if set, else `aplay` — on a machine without a sound card `aplay -D null`, which the output says.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from kiosk.bench.central_proc import CentralProcess
from kiosk.bench.fixtures import cached_data_dir
from kiosk.bench.qt_items import Probe, probe_env
from kiosk.bench.report import Item, median, percentile
from kiosk.bench.throughput import configure
from kiosk.speech.api import RATE_WPM, RateStep

PROMPT = "您好，请选择您要办的事。"


def heartbeat_items(work: Path, count: int, timeout_s: float) -> list[Item]:
    folder = cached_data_dir(work / "cache", count, "queued", work / "ui-busy")
    central_dir = work / "central-ui"
    shutil.rmtree(central_dir, ignore_errors=True)
    with CentralProcess.start(central_dir) as central:
        assert central.token is not None  # noqa: S101 - a fresh central issues one
        settings = configure(folder, central, central.token)
        settings.set("sync.interval_seconds", "1")
        probe = Probe.run(["heartbeat", "--data-dir", str(folder), "--expect", str(count),
                           "--seconds", str(timeout_s)], env=_speech_env(work),
                          timeout=timeout_s + 60)
        probe.finish()
    ours = probe.first
    if ours.get("timed_out"):
        raise RuntimeError(f"the kiosk delivered {ours.get('delivered')} of {count} in "
                           f"{timeout_s:g} s")
    base = Probe.run(["bare-heartbeat", "--seconds", f"{max(1.0, ours['drain_s']):.2f}"])
    base.finish()
    return [Item("longest UI stall, syncing + speaking", ours["max_stall_ms"],
                 base.first["max_stall_ms"], "ms", 50.0, budget_on="ours",
                 note=f"{count:,} applications drained in {ours['drain_s']:.1f} s while "
                      f"speaking {ours['spoken']} prompts; 5 ms heartbeat; p99 stall "
                      f"{ours['p99_stall_ms']:.1f} ms; baseline: bare window, idle")]


def _player() -> tuple[str, str]:
    chosen = os.environ.get("KIOSK_AUDIO_PLAYER", "").strip()
    if chosen:
        return chosen, f"player {chosen}"
    try:
        cards = subprocess.run(["aplay", "-l"], capture_output=True, text=True,  # noqa: S607
                               timeout=10, check=False)
        has_card = "card" in cards.stdout
    except (OSError, subprocess.TimeoutExpired):
        has_card = False
    if has_card:
        return "aplay -q", "player aplay (default device)"
    return "aplay -q -D null", "NO SOUND CARD: player aplay -D null"


def _speech_env(work: Path, tap: Path | None = None) -> dict[str, str]:
    player, _ = _player()
    extra = {"KIOSK_AUDIO_PLAYER": player}
    if tap is not None:
        extra["KIOSK_AUDIO_TAP"] = str(tap)
    return probe_env(extra)


def _tap_events(tap: Path) -> list[tuple[str, float]]:
    events = []
    for line in tap.read_text(encoding="ascii").splitlines():
        kind, _, at = line.partition(" ")
        events.append((kind, float(at)))
    return events


def pair_latencies(changes: list[float], interrupts: list[float],
                   events: list[tuple[str, float]]) -> tuple[list[float], list[float]]:
    """For trial i: the first 'play' after change i (before interrupt i) and the first
    'silence' at or after interrupt i, in ms. Trials without both are left out."""
    first_audio, silence = [], []
    for changed, interrupted in zip(changes, interrupts, strict=False):
        plays = [t for kind, t in events if kind == "play" and changed <= t < interrupted]
        quiet = [t for kind, t in events if kind == "silence" and t >= interrupted]
        if plays:
            first_audio.append((plays[0] - changed) * 1000)
        if plays and quiet:
            silence.append((quiet[0] - interrupted) * 1000)
    return first_audio, silence


def _espeak_first_byte(trials: int) -> list[float]:
    """Baseline: espeak-ng's own command line, from start to its first WAV bytes on stdout."""
    times = []
    rate = str(RATE_WPM[RateStep.NORMAL])
    for _ in range(trials):
        began = time.monotonic()
        proc = subprocess.Popen(["espeak-ng", "-v", "cmn-latn-pinyin", "-s", rate,  # noqa: S603,S607
                                 "--stdout", PROMPT], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
        assert proc.stdout is not None  # noqa: S101
        proc.stdout.read(1)
        times.append((time.monotonic() - began) * 1000)
        proc.kill()
        proc.wait()
    return times


def _kill_and_reap(trials: int) -> list[float]:
    """Baseline: the operating system ending a child process (what a player kill costs)."""
    times = []
    for _ in range(trials):
        proc = subprocess.Popen(["sleep", "30"])  # noqa: S607
        time.sleep(0.02)
        began = time.monotonic()
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        times.append((time.monotonic() - began) * 1000)
    return times


def speech_items(work: Path, trials: int) -> list[Item]:
    folder = work / "ui-speech"
    folder.mkdir(parents=True, exist_ok=True)
    tap = work / "audio-tap.txt"
    tap.unlink(missing_ok=True)
    _, player_note = _player()
    probe = Probe.run(["speech", "--data-dir", str(folder), "--trials", str(trials + 1)],
                      env=_speech_env(work, tap), timeout=60 + 2 * trials)
    probe.finish()
    if "error" in probe.first:
        raise RuntimeError(f"speech probe: {probe.first['error']}")
    events = _tap_events(tap) if tap.exists() else []
    # The first change is dropped: it may still wait for the worker's engine to warm up.
    first_audio, silence = pair_latencies(probe.first["changes"][1:],
                                          probe.first["interrupts"][1:], events)
    if not first_audio:
        raise RuntimeError(f"no audio reached the player ({probe.first.get('problem')})")
    espeak, kill = _espeak_first_byte(trials), _kill_and_reap(trials)
    render = [min((t for t in probe.first.get("said", []) if t >= c), default=c) - c
              for c in probe.first["changes"][1:]]
    return [
        Item("speech: screen change to first audio (p95)", percentile(first_audio, 95),
             percentile(espeak, 95), "ms", 100.0, budget_on="ours",
             note=f"{len(first_audio)} trials, median {median(first_audio):.0f} ms, of which "
                  f"the screen's render before speaking {median(render) * 1000:.0f} ms; "
                  f"{player_note}; baseline: espeak-ng CLI start to first WAV byte"),
        Item("speech: interrupt to silence (p95)", percentile(silence, 95),
             percentile(kill, 95), "ms", 50.0, budget_on="ours",
             note=f"{len(silence)} trials; baseline: SIGKILL + reap of a child process"),
    ]
