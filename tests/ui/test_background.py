"""Work off the UI thread: the task runner and the sync status bridge deliver on the main thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from kiosk.errors import DiskFullError, StoreError
from kiosk.i18n import Translator
from kiosk.sync.status import SyncState, SyncStatus
from kiosk.ui.bridges.sync_bridge import SyncBridge, describe_status
from kiosk.ui.bridges.tasks import TaskRunner
from kiosk.ui.operations.saving import failure_message_key
from tests.helpers.kiosk_window import WindowFactory

ZH = Translator("zh_CN")


def test_task_results_and_failures_arrive_on_the_main_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    main = QThread.currentThread()
    seen: list[tuple[str, object, bool]] = []

    def worker_thread_name() -> str:
        return threading.current_thread().name

    runner.run(worker_thread_name,
               lambda name: seen.append(("ok", name, QThread.currentThread() is main)),
               lambda exc: seen.append(("failed", exc, False)))
    runner.run(lambda: 1 / 0, lambda result: seen.append(("ok", result, False)),
               lambda exc: seen.append(("failed", type(exc), QThread.currentThread() is main)))
    qtbot.waitUntil(lambda: len(seen) == 2)
    results = dict((kind, (value, on_main)) for kind, value, on_main in seen)
    assert results["ok"][1] and results["ok"][0] != threading.current_thread().name
    assert results["failed"] == (ZeroDivisionError, True)
    assert not runner.busy


class FakeRunner:
    """Stands in for kiosk.sync.runner.SyncRunner: reports from its own thread."""

    def __init__(self, data_dir: Path, on_status: Callable[[Any], None]) -> None:
        self.on_status = on_status
        self.woken = 0
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        status = SyncStatus(state=SyncState.OFFLINE, pending=3)
        self.thread = threading.Thread(target=self.on_status, args=(status,))
        self.thread.start()

    def stop(self) -> None:
        if self.thread is not None:
            self.thread.join()

    def wake(self) -> None:
        self.woken += 1


def test_sync_status_from_a_worker_reaches_the_top_bar(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    runners: list[FakeRunner] = []

    def factory(data_dir: Path, on_status: Callable[[Any], None]) -> FakeRunner:
        runners.append(FakeRunner(data_dir, on_status))
        return runners[-1]

    window = make_window()
    bridge = SyncBridge(tmp_path, factory)
    bridge.status_changed.connect(window.set_sync_status)
    with qtbot.waitSignal(bridge.status_changed, timeout=5000):
        bridge.start()
    qtbot.waitUntil(lambda: window.top_bar.status.text() != "")
    assert window.top_bar.status.text() == "已保存 3 份，等网络好了会自动送出"
    bridge.wake()
    bridge.stop()
    assert runners[0].woken == 1


@pytest.mark.parametrize(("status", "expected"), [
    (SyncStatus(SyncState.IDLE), "全部已送出"),
    (SyncStatus(SyncState.SENDING, pending=2), "正在送出 2 份……"),
    (SyncStatus(SyncState.NEEDS_TECHNICIAN, pending=1, quarantined=2),
     "已保存 1 份，上报出了问题，请技术员查看，另有 2 份需要工作人员处理"),
])
def test_sync_status_is_said_calmly(status: SyncStatus, expected: str) -> None:
    assert describe_status(status, ZH) == expected


def test_a_full_disk_gets_its_own_message() -> None:
    assert failure_message_key(OSError(28, "No space left on device")) == "error.save.disk_full"
    assert failure_message_key(DiskFullError("the kiosk's disk is full")) == "error.save.disk_full"
    assert failure_message_key(StoreError("database is locked")) == "error.save.failed"
