"""Item 4: after an outage of the central, how long until the first application is accepted.

The kiosk's real sync thread (`SyncRunner`, probing the central's health every second while
offline) runs in this process against a central process on a fixed port. Each trial: the central
is killed (connections refused from then on), a resident's application is saved, the outage lasts
`downtime` seconds, the central starts again on the same port with the same data. The timer
starts when the new central accepts its first connection (the central's own CLOCK_MONOTONIC
note) and stops when the kiosk's database shows the application `delivered`, i.e. the kiosk has
the central's acknowledgement (polled every 5 ms from a separate connection).
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from kiosk.bench.central_proc import CentralProcess
from kiosk.bench.fixtures import bench_service
from kiosk.bench.report import Item, median, percentile
from kiosk.bench.throughput import configure
from kiosk.paths import database_path
from kiosk.store.store import Store
from kiosk.sync.runner import SyncRunner
from kiosk.sync.status import SyncState, SyncStatus

POLL_S = 0.005


class StatusLog:
    def __init__(self) -> None:
        self.latest: SyncStatus | None = None
        self.changed = threading.Event()

    def __call__(self, status: SyncStatus) -> None:
        self.latest = status
        self.changed.set()

    def wait_for(self, state: SyncState, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.latest is not None and self.latest.state is state:
                return True
            self.changed.wait(0.05)
            self.changed.clear()
        return False


def _wait_delivered(store: Store, app_id: str, timeout: float) -> float | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = store.get(app_id)
        if found is not None and found.state == "delivered":
            return time.monotonic()
        time.sleep(POLL_S)  # polling the database: another process's commit sends no event
    return None


def reconnect_items(work: Path, trials: int, downtime_s: float, quick: bool) -> list[Item]:
    kiosk_dir, central_dir = work / "reconnect-kiosk", work / "reconnect-central"
    for folder in (kiosk_dir, central_dir):
        shutil.rmtree(folder, ignore_errors=True)
    kiosk_dir.mkdir(parents=True)
    bench = bench_service()
    central = CentralProcess.start(central_dir)
    assert central.token is not None  # noqa: S101 - a fresh central issues one
    configure(kiosk_dir, central, central.token)
    statuses = StatusLog()
    runner = SyncRunner(kiosk_dir, statuses)
    latencies: list[float] = []
    store = Store.open(database_path(kiosk_dir))
    try:
        runner.start()
        if not statuses.wait_for(SyncState.IDLE, 60):
            raise RuntimeError("the sync thread never reached idle against the bench central")
        for _ in range(trials):
            central.kill()
            receipt = store.save_answers(bench.service.id, bench.catalog.version, bench.answers,
                                         {"method": "bench"}, "zh_CN")
            runner.wake()
            time.sleep(downtime_s)  # the outage itself
            central = CentralProcess.start(central_dir, port=central.port)
            accepted = _wait_delivered(store, receipt.application_id, 120)
            if accepted is None:
                raise RuntimeError("the application was not delivered within 120 s")
            latencies.append(accepted - central.listening_at)
    finally:
        runner.stop()
        store.close()
        central.stop()
    shown = f"{downtime_s:g} s outage" + (" (--quick: shortened from 60 s)" if quick else "")
    return [Item("reconnect: central back to first accepted (p95)", percentile(latencies, 95),
                 None, "s", 3.0, budget_on="ours",
                 note=f"{len(latencies)} trials of a {shown}; median {median(latencies):.2f} s, "
                      f"max {max(latencies):.2f} s")]
