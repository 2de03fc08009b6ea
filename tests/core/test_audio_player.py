"""The Playlist: a long text's WAV parts played back to back, in order, as one Playback.

A fake player stands in for `aplay` so each part plays exactly until the test says it ended;
every wait is on an event, never on a sleep.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from kiosk.speech.player import ENV_TAP, CommandPlayer, Playlist, PlayResult, write_silence
from tests.helpers.fake_player import FakePlayer


def test_parts_play_in_order_one_after_another() -> None:
    player = FakePlayer()
    playlist = Playlist(player, Path("1.wav"), 1.0)
    playlist.add(Path("2.wav"), 2.0)
    playlist.add(Path("3.wav"), 3.0)
    playlist.close()
    assert player.part(1).wav.name == "1.wav"
    assert player.names() == ["1.wav"]          # the second waits for the first to end
    player.part(1).end()
    player.part(2).end()
    player.part(3).end()
    assert playlist.wait() == PlayResult("finished", 6.0)
    assert player.names() == ["1.wav", "2.wav", "3.wav"]


def test_a_part_added_after_the_one_before_ended_still_plays() -> None:
    player = FakePlayer()
    playlist = Playlist(player, Path("1.wav"), 1.0)
    player.part(1).end()
    assert playlist.wait_for_room(0.0)          # nothing plays: the next part is due
    playlist.add(Path("2.wav"), 1.0)
    player.part(2).end()
    playlist.close()
    assert playlist.wait().kind == "finished"


def test_interrupt_during_the_second_part_stops_it_and_all_after() -> None:
    player = FakePlayer()
    playlist = Playlist(player, Path("1.wav"), 1.0)
    playlist.add(Path("2.wav"), 1.0)
    playlist.add(Path("3.wav"), 1.0)
    player.part(1).end()
    second = player.part(2)
    playlist.interrupt()
    assert second.interrupted
    result = playlist.wait()
    assert (result.kind, result.played_s) == ("interrupted", 1.0)
    assert player.names() == ["1.wav", "2.wav"]
    assert not playlist.wait_for_room(0.0)      # the worker stops synthesizing


def test_interrupt_between_parts_notes_silence_and_plays_nothing_more(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tap = tmp_path / "tap.txt"
    monkeypatch.setenv(ENV_TAP, str(tap))
    player = FakePlayer()
    playlist = Playlist(player, Path("1.wav"), 1.0)
    player.part(1).end()
    assert playlist.wait_for_room(0.0)          # part 1 is over, part 2 not yet synthesized
    playlist.interrupt()
    playlist.add(Path("2.wav"), 1.0)            # synthesized a moment too late: never played
    playlist.close()
    assert playlist.wait().kind == "interrupted"
    assert player.names() == ["1.wav"]
    assert [line.split()[0] for line in tap.read_text().splitlines()] == ["silence"]


def test_a_later_part_that_cannot_start_fails_the_playlist() -> None:
    player = FakePlayer()
    playlist = Playlist(player, Path("1.wav"), 1.0)
    playlist.add(Path("fail-2.wav"), 1.0)
    playlist.close()
    player.part(1).end()
    result = playlist.wait()
    assert result.kind == "failed"
    assert result.detail == "cannot start the player: No such device"


def test_a_first_part_that_cannot_start_raises_like_a_player() -> None:
    with pytest.raises(OSError, match="No such device"):
        Playlist(FakePlayer(), Path("fail-1.wav"), 1.0)


def test_wait_for_room_holds_the_next_part_until_the_one_playing_nears_its_end() -> None:
    player = FakePlayer()
    playlist = Playlist(player, Path("1.wav"), 3600.0)
    playlist.add(Path("2.wav"), 1.0)
    released = threading.Event()

    def ask() -> None:
        if playlist.wait_for_room(lead_s=1.0):
            released.set()
    threading.Thread(target=ask, daemon=True).start()
    assert not released.is_set()                # part 1 has an hour left, part 2 is queued
    player.part(1).end()                        # part 2 starts: it has less than 1 s left
    player.part(2)
    assert released.wait(5.0)
    playlist.interrupt()
    assert playlist.wait().kind == "interrupted"


def test_real_player_notes_play_for_every_part(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    tap = tmp_path / "tap.txt"
    monkeypatch.setenv(ENV_TAP, str(tap))
    wavs = [tmp_path / f"{i}.wav" for i in range(3)]
    for wav in wavs:
        write_silence(wav, 0.02)
    playlist = Playlist(CommandPlayer([sys.executable, "-c", "pass"]), wavs[0], 0.02)
    for wav in wavs[1:]:
        assert playlist.wait_for_room(0.0)
        playlist.add(wav, 0.02)
    playlist.close()
    result = playlist.wait()
    assert result.kind == "finished"
    assert result.played_s >= 0.06             # each part paced to its WAV's length
    assert [line.split()[0] for line in tap.read_text().splitlines()] == ["play"] * 3
