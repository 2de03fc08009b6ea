"""The background sender as its own process: the `kiosk-sync` user service.

Why a separate service (docs/deployment.md): the window can crash and be restarted by the
watchdog without the queue stopping, and a sender that never draws a screen is far less likely to
crash. Two senders would still be safe (the store's leased claims), but one is enough, so when the
service is installed `sync.run_in_ui` is false and the window only *watches*:

- the service writes its latest state to `<data dir>/run/sync-service.json` (heartbeat every
  few seconds); the window's `ServiceStatusWatcher` reads it plus the counts from the store and
  publishes an ordinary `SyncStatus`, so the status line and the technician panel work unchanged;
- the window asks for an immediate round (after a save, or "send now") by touching
  `<data dir>/run/sync-wake`; the service notices within half a second.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.paths import database_path
from kiosk.settings import Settings
from kiosk.store.store import Store
from kiosk.sync.runner import SyncRunner
from kiosk.sync.status import SyncState, SyncStatus, read_status

log = logging.getLogger(__name__)
HEARTBEAT_S = 5.0
STALE_S = 30.0
NOT_RUNNING = ("the kiosk-sync service is not running; it restarts by itself, or see "
               "`systemctl --user status kiosk-sync` (docs/deployment.md)")


def run_dir(data_dir: Path) -> Path:
    folder = data_dir / "run"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def request_wake(data_dir: Path) -> None:
    """Ask the sync service for a round now (any process)."""
    path = run_dir(data_dir) / "sync-wake"
    path.write_text(str(time.time_ns()), encoding="utf-8")


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


def write_service_status(data_dir: Path, status: SyncStatus) -> None:
    data = {"state": str(status.state), "last_error": status.last_error,
            "next_attempt_at": status.next_attempt_at.isoformat()
            if status.next_attempt_at else None,
            "written_at": dt.datetime.now(dt.UTC).isoformat(), "pid": os.getpid()}
    path = run_dir(data_dir) / "sync-service.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)


def read_service_status(data_dir: Path) -> dict[str, Any] | None:
    """The service's last word, or None when there is none or it is older than STALE_S."""
    path = data_dir / "run" / "sync-service.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        written = dt.datetime.fromisoformat(data["written_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if (dt.datetime.now(dt.UTC) - written).total_seconds() > STALE_S:
        return None
    return data


class SyncService:
    """Runs a SyncRunner until `stop` is set, relaying wake requests and a heartbeat."""

    def __init__(self, data_dir: Path, poll_interval: float = 0.5,
                 runner_factory: Callable[..., Any] = SyncRunner) -> None:
        self.data_dir = data_dir
        self.poll_interval = poll_interval
        self._last: SyncStatus = SyncStatus(state=SyncState.IDLE)
        self._runner = runner_factory(data_dir, self._on_status)
        self._lock = threading.Lock()
        self._written = 0.0

    def _on_status(self, status: SyncStatus) -> None:
        with self._lock:
            self._last = status
            self._heartbeat()

    def _heartbeat(self) -> None:
        try:
            write_service_status(self.data_dir, self._last)
            self._written = time.monotonic()
        except OSError:
            log.warning("could not write the sync service's status file")

    def run(self, stop: threading.Event) -> int:
        wake_file = run_dir(self.data_dir) / "sync-wake"
        seen = _mtime(wake_file)
        self._runner.start()
        log.info("sync service started (pid %s)", os.getpid())
        try:
            while not stop.wait(self.poll_interval):
                now_seen = _mtime(wake_file)
                if now_seen != seen:
                    seen = now_seen
                    self._runner.wake()
                if time.monotonic() - self._written >= HEARTBEAT_S:
                    with self._lock:
                        self._heartbeat()
        finally:
            self._runner.stop()
            log.info("sync service stopped")
        return 0


def run_sync_service(data_dir: Path) -> int:
    """`kiosk sync-service`: send in the foreground until SIGTERM/SIGINT (the unit runs this)."""
    from kiosk.deploy import crash_report

    reporter = crash_report.install(data_dir, "sync")
    stop = threading.Event()
    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            signal.signal(sig, lambda *_: stop.set())
    try:
        return SyncService(data_dir).run(stop)
    finally:
        reporter.close()


class ServiceStatusWatcher:
    """The window's stand-in for a runner when the sync service sends (start/stop/wake)."""

    def __init__(self, data_dir: Path, on_status: Callable[[SyncStatus], None],
                 interval: float = 2.0) -> None:
        self.data_dir = data_dir
        self._on_status = on_status
        self.interval = interval
        self._stop = threading.Event()
        self._poke = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="kiosk-sync-watch",
                                            daemon=True)
            self._thread.start()

    def wake(self) -> None:
        try:
            request_wake(self.data_dir)
        except OSError:
            log.warning("could not ask the sync service to send now")
        self._poke.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._poke.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        store = Store.open(database_path(self.data_dir))  # this thread's own connection
        try:
            while not self._stop.is_set():
                with contextlib.suppress(KioskError):
                    self._publish(self.read(store))
                self._poke.wait(self.interval)
                self._poke.clear()
        finally:
            store.close()

    def read(self, store: Store) -> SyncStatus:
        try:
            url = str(Settings.load(self.data_dir).get("central.url"))
        except KioskError:
            url = ""
        info = read_service_status(self.data_dir)
        if info is None:
            status = read_status(store, SyncState.STOPPED, url)
            return SyncStatus(**{**status.__dict__, "last_error": NOT_RUNNING})
        next_at = dt.datetime.fromisoformat(info["next_attempt_at"]) \
            if info.get("next_attempt_at") else None
        status = read_status(store, SyncState(info["state"]), url, next_at)
        if info.get("last_error") and status.last_error != info["last_error"]:
            status = SyncStatus(**{**status.__dict__, "last_error": info["last_error"]})
        return status

    def _publish(self, status: SyncStatus) -> None:
        try:
            self._on_status(status)
        except Exception:  # the listener's bug must not stop watching
            log.exception("sync status listener failed")
