"""Background work for the UI, the Anki `QueryOp` way: a plain function runs on a worker thread,
and its result (or exception) comes back to a callback on the main thread. Widgets never go to
the worker; the worker never touches a widget.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from kiosk.ui.look.qt_compat import emit

log = logging.getLogger(__name__)
T = TypeVar("T")


class _Relay(QObject):
    """Lives on the main thread; a signal emitted from a worker is queued back to it."""

    finished = Signal(int, object, object)  # job id, result, exception


class _Job(QRunnable):
    def __init__(self, job_id: int, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._job_id, self._work, self._relay = job_id, work, relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # delivered to on_failure on the main thread
            emit(self._relay.finished, self._job_id, None, exc)
        else:
            emit(self._relay.finished, self._job_id, result, None)


class TaskRunner(QObject):
    def __init__(self, max_threads: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finish)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Callable[[Any], None],
                                         Callable[[Exception], None]]] = {}

    def run(self, work: Callable[[], T], on_success: Callable[[T], None],
            on_failure: Callable[[Exception], None]) -> None:
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_success, on_failure)
        self._pool.start(_Job(job_id, work, self._relay))

    def run_soon(self, work: Callable[[], T], on_success: Callable[[T], None],
                 on_failure: Callable[[Exception], None]) -> None:
        """`run`, but the worker starts on the event loop's next turn (so a window's first
        frame is not slowed by it); `busy` from now on."""
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_success, on_failure)
        QTimer.singleShot(0, self, lambda: self._pool.start(_Job(job_id, work, self._relay)))

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every job has finished (shut-down and tests only)."""
        return self._pool.waitForDone(msecs)

    @Slot(int, object, object)
    def _finish(self, job_id: int, result: object, error: object) -> None:
        on_success, on_failure = self._callbacks.pop(job_id)
        if isinstance(error, Exception):
            on_failure(error)
        else:
            on_success(result)
