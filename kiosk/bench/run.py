"""Run the bench items in order and collect their figures; `kiosk bench` is a thin layer on this.

Items run one after another, never in parallel, so each has the machine to itself (as much as a
shared machine allows). An item that breaks is reported as a failed row with the reason, and the
others still run.
"""

from __future__ import annotations

import logging
import math
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.bench.report import Item

ITEMS = ("startup", "submit", "sync", "reconnect", "ui", "speech", "memory", "scale",
         "handwriting")


@dataclass(frozen=True)
class Sizes:
    """How much each item does; `full()` the whole benchmark, `quick()` a smoke run."""

    startup_trials: int
    submits: int
    sync_apps: int
    one_per_request_apps: int
    reconnect_trials: int
    downtime_s: float
    ui_apps: int
    speech_trials: int
    memory_settle_s: float
    scale_rows: int
    scale_ops: int
    quick: bool = False
    handwriting_trials: int = 200

    @classmethod
    def full(cls) -> Sizes:
        return cls(startup_trials=10, submits=1000, sync_apps=10_000,
                   one_per_request_apps=10_000, reconnect_trials=10, downtime_s=60.0,
                   ui_apps=10_000, speech_trials=10, memory_settle_s=3.0,
                   scale_rows=1_000_000, scale_ops=5000)

    @classmethod
    def quick_run(cls) -> Sizes:
        return cls(startup_trials=3, submits=200, sync_apps=2000, one_per_request_apps=500,
                   reconnect_trials=3, downtime_s=3.0, ui_apps=2000, speech_trials=4,
                   memory_settle_s=1.0, scale_rows=20_000, scale_ops=200, quick=True)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _runners(work: Path, sizes: Sizes) -> dict[str, Callable[[], list[Item]]]:
    # Imported per item: the Qt probes, the central and the sync client load only when used.
    def startup() -> list[Item]:
        from kiosk.bench.qt_items import startup_items
        return startup_items(work, sizes.startup_trials)

    def submit() -> list[Item]:
        from kiosk.bench.submit import submit_items
        return submit_items(work, sizes.submits)

    def sync() -> list[Item]:
        from kiosk.bench.throughput import throughput_items
        return throughput_items(work, sizes.sync_apps, sizes.one_per_request_apps)

    def reconnect() -> list[Item]:
        from kiosk.bench.reconnect import reconnect_items
        return reconnect_items(work, sizes.reconnect_trials, sizes.downtime_s,
                               sizes.downtime_s < 60)

    def ui() -> list[Item]:
        from kiosk.bench.live_items import heartbeat_items
        return heartbeat_items(work, sizes.ui_apps, 300.0)

    def speech() -> list[Item]:
        from kiosk.bench.live_items import speech_items
        return speech_items(work, sizes.speech_trials)

    def memory() -> list[Item]:
        from kiosk.bench.qt_items import memory_items
        return memory_items(work, sizes.memory_settle_s)

    def scale() -> list[Item]:
        from kiosk.bench.submit import scale_items
        return scale_items(work, sizes.scale_rows, sizes.scale_ops)

    def handwriting() -> list[Item]:
        from kiosk.bench.handwriting_items import handwriting_items
        return handwriting_items(40 if sizes.quick else sizes.handwriting_trials)

    return {"startup": startup, "submit": submit, "sync": sync, "reconnect": reconnect,
            "ui": ui, "speech": speech, "memory": memory, "scale": scale,
            "handwriting": handwriting}


def run_items(work: Path, sizes: Sizes, only: tuple[str, ...] = ITEMS,
              progress: Callable[[str], None] = lambda _m: None) -> list[Item]:
    work.mkdir(parents=True, exist_ok=True)
    # The sync thread logs every refused connection of the outage item; not bench output.
    # The level is put back afterwards: the bench may run inside a longer-lived process.
    kiosk_log = logging.getLogger("kiosk")
    level = kiosk_log.level
    kiosk_log.setLevel(logging.ERROR)
    try:
        runners = _runners(work, sizes)
        items: list[Item] = []
        for name in only:
            progress(f"bench: {name} …")
            try:
                items += runners[name]()
            except Exception as exc:  # one broken item must not hide the others' figures
                detail = "".join(traceback.format_exception_only(exc)).strip()
                progress(f"bench: {name} failed: {detail}")
                items.append(Item(f"{name} (failed)", math.nan, None, "", 0.0,
                                  budget_on="ours", note=detail))
        return items
    finally:
        kiosk_log.setLevel(level)
