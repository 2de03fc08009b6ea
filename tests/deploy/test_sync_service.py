"""The separate sync service: the window only watches it, and asks it to send now."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from kiosk.paths import database_path
from kiosk.store.store import Store
from kiosk.sync.service import (
    NOT_RUNNING,
    ServiceStatusWatcher,
    SyncService,
    read_service_status,
)
from kiosk.sync.status import SyncState, SyncStatus
from tests.helpers.polling import wait_for


class FakeRunner:
    def __init__(self, data_dir: Path, on_status: Any) -> None:
        self.on_status = on_status
        self.wakes = 0
        self.started = self.stopped = False

    def start(self) -> None:
        self.started = True
        self.on_status(SyncStatus(state=SyncState.OFFLINE, last_error="central unreachable"))

    def wake(self) -> None:
        self.wakes += 1

    def stop(self) -> None:
        self.stopped = True


def test_the_window_sees_the_service_state_and_wakes_it(data_dir: Path) -> None:
    Store.open(database_path(data_dir)).close()
    runners: list[FakeRunner] = []

    def factory(folder: Path, on_status: Any) -> FakeRunner:
        runners.append(FakeRunner(folder, on_status))
        return runners[-1]

    seen: list[SyncStatus] = []
    watcher = ServiceStatusWatcher(data_dir, seen.append, interval=0.1)
    watcher.start()
    try:
        wait_for(lambda: bool(seen), 10, "a first status")
        assert seen[-1].state is SyncState.STOPPED and seen[-1].last_error == NOT_RUNNING
        stop = threading.Event()
        service = SyncService(data_dir, poll_interval=0.05, runner_factory=factory)
        thread = threading.Thread(target=service.run, args=(stop,), daemon=True)
        thread.start()
        wait_for(lambda: read_service_status(data_dir) is not None, 10, "the service status")
        wait_for(lambda: seen[-1].state is SyncState.OFFLINE, 10, "the service state")
        assert seen[-1].last_error == "central unreachable"
        watcher.wake()  # what the window does after a save
        wait_for(lambda: runners[0].wakes >= 1, 10, "the service to be woken")
        stop.set()
        thread.join(10)
        assert runners[0].stopped
    finally:
        watcher.stop()
