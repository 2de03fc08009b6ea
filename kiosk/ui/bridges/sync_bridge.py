"""The sync engine's status, brought to the main thread as a Qt signal (Electrum's pattern).

The runner calls `on_status` from its own thread; emitting a signal of this main-thread object
queues the value to whoever listens, so widgets only ever see it on the main thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from kiosk.i18n import Translator
from kiosk.ui.look.qt_compat import emit

log = logging.getLogger(__name__)


class Runner(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def wake(self) -> None: ...


RunnerFactory = Callable[[Path, Callable[[Any], None]], Runner]


def default_runner_factory() -> RunnerFactory:
    """The real background sender (imported here: the first frame does not need kiosk.sync)."""
    from kiosk.sync.runner import SyncRunner

    return lambda data_dir, on_status: SyncRunner(data_dir, on_status)


class SyncBridge(QObject):
    status_changed = Signal(object)  # SyncStatus, delivered on the main thread

    def __init__(self, data_dir: Path, runner_factory: RunnerFactory | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        factory = runner_factory or default_runner_factory()
        self._runner: Runner | None = factory(data_dir, self._from_worker)
        self.last_status: object | None = None
        self.status_changed.connect(self._remember)

    @property
    def available(self) -> bool:
        return self._runner is not None

    def start(self) -> None:
        if self._runner is not None:
            self._runner.start()

    def stop(self) -> None:
        if self._runner is not None:
            self._runner.stop()

    def wake(self) -> None:
        if self._runner is not None:
            self._runner.wake()

    def _from_worker(self, status: object) -> None:
        emit(self.status_changed, status)  # any thread → queued to main-thread receivers

    def _remember(self, status: object) -> None:
        self.last_status = status


def describe_status(status: Any, tr: Translator) -> str:
    """A calm line for volunteers: '已保存 3 份，等网络好了会自动送出' / '全部已送出'."""
    state = str(getattr(status, "state", ""))
    pending = int(getattr(status, "pending", 0) or 0)
    quarantined = int(getattr(status, "quarantined", 0) or 0)
    if state == "not_configured":
        text = tr.t("ui.sync.not_configured", pending=pending)
    elif state == "needs_technician":
        text = tr.t("ui.sync.needs_technician", pending=pending)
    elif state == "stopped" and pending:
        text = tr.t("ui.sync.stopped", pending=pending)
    elif state == "sending" and pending:
        text = tr.t("ui.sync.sending", pending=pending)
    elif pending:
        text = tr.t("ui.sync.waiting", pending=pending)
    else:
        text = tr.t("ui.sync.all_sent")
    if quarantined:
        text += tr.t("ui.sync.quarantined", quarantined=quarantined)
    return text
