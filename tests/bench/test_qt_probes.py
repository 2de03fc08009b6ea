"""The Qt probes run as their own processes and report what the bench needs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.bench.live_items import heartbeat_items, speech_items
from kiosk.bench.qt_items import Probe, memory_items, startup_items


def test_startup_probe_reaches_the_home_tiles_and_the_bare_window(tmp_path: Path) -> None:
    (item,) = startup_items(tmp_path, 1)
    assert item.ours > 0 and item.baseline and item.baseline > 0


def test_bare_memory_probe_waits_until_told_to_go() -> None:
    probe = Probe.run(["bare-memory"])
    assert probe.proc.poll() is None and probe.first["pid"] == probe.proc.pid
    probe.finish()
    assert probe.proc.returncode == 0


def test_memory_probe_completes_an_application_first(tmp_path: Path) -> None:
    (item,) = memory_items(tmp_path, 0.1)  # raises unless the receipt was reached
    assert item.ours > item.baseline > 0  # type: ignore[operator]


def test_heartbeat_probe_drains_the_queue(tmp_path: Path) -> None:
    (item,) = heartbeat_items(tmp_path, 30, 60.0)  # raises if not all 30 were delivered
    assert item.ours >= 0 and "30 applications" in item.note


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")
def test_speech_probe_hears_the_player_start_and_stop(tmp_path: Path) -> None:
    first_audio, silence = speech_items(tmp_path, 2)
    assert first_audio.ours > 0 and silence.ours >= 0
    assert "trials" in first_audio.note
