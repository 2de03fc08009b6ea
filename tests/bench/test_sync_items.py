"""The sync items with tiny sizes: every contestant really delivers every application."""

from __future__ import annotations

from pathlib import Path

from kiosk.bench.live_items import pair_latencies
from kiosk.bench.reconnect import reconnect_items
from kiosk.bench.throughput import throughput_items


def test_throughput_items_drain_everything_and_compare(tmp_path: Path) -> None:
    items = {i.name: i for i in throughput_items(tmp_path, 40, 10)}
    ours = items["sync throughput vs bare batch loop"]
    assert ours.ours > 0 and ours.baseline and ours.ratio
    assert items["sync throughput vs one per request"].baseline
    assert "40 applications" in items["sync throughput vs one per request"].note


def test_reconnect_item_delivers_after_the_central_comes_back(tmp_path: Path) -> None:
    (item,) = reconnect_items(tmp_path, trials=1, downtime_s=0.5, quick=True)
    assert 0 < item.ours < 60
    assert "--quick" in item.note and "0.5 s outage" in item.note


def test_pairing_takes_the_first_play_after_each_change_and_silence_after_interrupt() -> None:
    events = [("play", 1.05), ("silence", 1.5), ("play", 2.2), ("silence", 2.9),
              ("silence", 3.0)]
    audio, quiet = pair_latencies([1.0, 2.0], [1.4, 2.8], events)
    assert [round(a) for a in audio] == [50, 200]
    assert [round(q) for q in quiet] == [100, 100]
    assert pair_latencies([5.0], [5.5], events) == ([], [])  # no audio: no figure, not zero
