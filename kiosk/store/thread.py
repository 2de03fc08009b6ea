"""The kiosk window's one database connection, owned by one thread (datasette's write funnel).

Saving an application, the status look-up, ratings, votes, volunteer calls and the notices board
used to open a Store for every call (key file, connection, pragmas, migration check; the cost:
docs/benchmarks.md). Now each database path gets one `StoreThread`, which opens the Store once
(lazily, on its own thread, as SQLite wants) and runs the calls queued to it one after another,
so writes never contend with each other either. Callers are the window's workers (`TaskRunner`):
`with_store` blocks the worker, never the UI thread. `close_stores` (window shut-down) closes
the connections. It lives in the core, Qt-free, so `kiosk bench` times the very path the
window saves through; only the UI starts these threads.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from kiosk.store.store import Store

log = logging.getLogger(__name__)
T = TypeVar("T")
_Call = tuple[Callable[["Store"], Any], "Future[Any]"]


class StoreThread:
    """One thread with one open Store; `call(work)` runs `work(store)` there and returns."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name="store", daemon=True)
        self._thread.start()

    def call(self, work: Callable[[Store], T]) -> T:
        if threading.current_thread() is self._thread:   # already here: run it in place
            raise RuntimeError("with_store called from the store thread itself")
        done: Future[T] = Future()
        self._calls.put((work, done))
        return done.result()

    def close(self, timeout: float = 10.0) -> None:
        self._calls.put(None)
        self._thread.join(timeout)

    def _serve(self) -> None:
        store: Store | None = None
        try:
            while (item := self._calls.get()) is not None:
                work, done = item
                if not done.set_running_or_notify_cancel():
                    continue
                try:
                    if store is None:
                        from kiosk.store.store import Store

                        store = Store.open(self.db_path)  # a failure is the caller's error
                    done.set_result(work(store))
                except BaseException as exc:  # handed to the caller
                    done.set_exception(exc)
        finally:
            if store is not None:
                store.close()


_threads: dict[Path, StoreThread] = {}
_lock = threading.Lock()


def with_store(db_path: Path, work: Callable[[Store], T]) -> T:
    """`work(store)` on the store thread of `db_path` (started on first use); blocks the caller."""
    with _lock:
        thread = _threads.get(db_path)
        if thread is None:
            thread = _threads[db_path] = StoreThread(db_path)
    return thread.call(work)


def close_stores(timeout: float = 10.0) -> None:
    """Close every store thread's connection (the window's shut-down); later calls reopen."""
    with _lock:
        threads = list(_threads.values())
        _threads.clear()
    for thread in threads:
        thread.close(timeout)
