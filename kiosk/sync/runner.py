"""The background sender: one thread that keeps the queue moving for the life of the kiosk.

While the central is unreachable it backs off with full jitter (≤ 5 min between real attempts)
but probes the cheap health endpoint every second, so the queue moves again within a couple of
seconds of the central's return however long the outage lasted. Credentials or an address the
central refuses stop sending until a technician changes the settings: retrying cannot fix them.
A 413 that the protocol's limits cannot explain (PathRefused: a proxy on the way refuses what the
protocol allows) is retried on the backoff alone, without probes: the health check passes such a
proxy, so a probe would only bring the same refusal back every second.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kiosk.errors import ConfigError, KioskError
from kiosk.paths import config_path, database_path
from kiosk.settings import Settings
from kiosk.store.store import Store
from kiosk.sync.control import paused_since
from kiosk.sync.status import SyncState, SyncStatus, read_status, record_success
from kiosk.wire.backoff import Backoff

if TYPE_CHECKING:
    # httpx and pydantic (client, engine, pull) are imported by the sync thread when it starts,
    # not by the kiosk's main thread on its way to the first screen (docs/benchmarks.md).
    from kiosk.sync.client import CentralClient

log = logging.getLogger(__name__)
ClientFactory = Callable[[Settings], "CentralClient"]


class Clock(Protocol):
    """Where the runner gets its time: real by default; tests pass a virtual one to simulate
    a long outage in moments (a 10-minute outage is mostly waiting)."""

    def monotonic(self) -> float: ...

    def wait(self, event: threading.Event, timeout: float) -> bool:
        """Like `event.wait(timeout)`: True as soon as the event is set, False on timeout."""
        ...


class RealClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def wait(self, event: threading.Event, timeout: float) -> bool:
        return event.wait(timeout)


def client_from_settings(settings: Settings, timeout: float = 30.0) -> CentralClient:
    from kiosk.sync.client import CentralClient

    ca_bundle = settings.get("central.ca_bundle")
    return CentralClient(settings.get("central.url"), settings.get("central.kiosk_id"),
                         settings.get("central.token"), verify=ca_bundle or True,
                         timeout=timeout)


def is_configured(settings: Settings) -> bool:
    return all(settings.get(k) for k in ("central.url", "central.kiosk_id", "central.token"))


class SyncRunner:
    def __init__(self, data_dir: Path, on_status: Callable[[SyncStatus], None], *,
                 client_factory: ClientFactory = client_from_settings,
                 probe_interval: float = 1.0, backoff: Backoff | None = None,
                 clock: Clock | None = None) -> None:
        self.data_dir = data_dir
        self._clock: Clock = clock or RealClock()
        self._on_status = on_status
        self._client_factory = client_factory
        self.probe_interval = probe_interval
        self._backoff = backoff or Backoff()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._client: CentralClient | None = None
        self._client_key: tuple[object, ...] = ()

    # -- control (any thread) --------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="kiosk-sync", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        """Try now: a new application was saved or a technician asked for a sync."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    # -- the thread ------------------------------------------------------------------------
    def _run(self) -> None:
        store = Store.open(database_path(self.data_dir))  # this thread's own connection
        try:
            while not self._stop.is_set():
                self._cycle(store)
            self._publish(store, SyncState.STOPPED)
        except Exception:  # a bug must not kill sending silently; log it, report, keep data
            log.exception("sync thread failed")
            self._publish(store, SyncState.STOPPED, "the sync thread stopped after an error")
        finally:
            if self._client is not None:
                self._client.close()
            store.close()

    def _cycle(self, store: Store) -> None:
        from kiosk.store.retention import purge_after_sync
        from kiosk.sync.client import (
            CentralMisconfigured,
            CentralUnavailable,
            CredentialsRejected,
            PathRefused,
        )
        from kiosk.sync.engine import SyncEngine, sender_id
        from kiosk.sync.pull import pull_all, record_clock_skew

        try:
            settings = Settings.load(self.data_dir)
        except ConfigError as exc:
            self._publish(store, SyncState.NEEDS_TECHNICIAN, str(exc))
            self._wait_for_settings_change()
            return
        url = settings.get("central.url")
        if not is_configured(settings):
            self._publish(store, SyncState.NOT_CONFIGURED, url=url)
            self._wait_for_settings_change()
            return
        if paused_since(store) is not None:  # a technician paused sending; resume wakes us
            self._publish(store, SyncState.PAUSED, url=url)
            self._wait_for_settings_change()
            return
        try:
            client = self._client_for(settings)
            self._publish(store, SyncState.SENDING, url=url)
            engine = SyncEngine(store, client, sender_id("engine"),
                                batch_size=settings.get("sync.batch_size"))
            try:
                report = engine.push_pending()
                if report.server_time:
                    record_clock_skew(store, report.server_time)
                pull_all(store, client, self.data_dir)
                record_success(store)
            finally:  # the kiosk purges after each sync, whatever the central said
                purge_after_sync(store, self.data_dir, settings.get("privacy.retention_days"))
        except CentralUnavailable as exc:
            self._record_error(store, str(exc))
            delay = self._backoff.next_delay()
            wait_first = exc.retry_after or 0.0
            delay = max(delay, wait_first)
            if isinstance(exc, PathRefused):
                wait_first = delay  # no probing: see the module's docstring
            retry_at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=delay)
            self._publish(store, SyncState.OFFLINE, url=url, next_attempt_at=retry_at)
            self._wait_offline(delay, wait_first)
            return
        except (CredentialsRejected, CentralMisconfigured) as exc:
            self._record_error(store, str(exc))
            self._publish(store, SyncState.NEEDS_TECHNICIAN, url=url)
            self._wait_for_settings_change()
            return
        except KioskError as exc:  # e.g. the disk is full: report, try again later
            self._record_error(store, str(exc))
            self._publish(store, SyncState.OFFLINE, url=url)
            self._sleep(self._backoff.next_delay())
            return
        self._backoff.reset()
        self._publish(store, SyncState.IDLE, url=url)
        self._sleep(settings.get("sync.interval_seconds"))

    def _client_for(self, settings: Settings) -> CentralClient:
        key = tuple(settings.get(k) for k in ("central.url", "central.kiosk_id", "central.token",
                                              "central.ca_bundle"))
        if self._client is None or key != self._client_key:
            if self._client is not None:
                self._client.close()
            self._client, self._client_key = self._client_factory(settings), key
        return self._client

    # -- waiting ---------------------------------------------------------------------------
    def _sleep(self, seconds: float) -> None:
        """Wait for the time, a wake-up or a stop; whichever comes first."""
        if self._clock.wait(self._wake, seconds):
            self._wake.clear()

    def _wait_offline(self, delay: float, not_before: float) -> None:
        """Back off for `delay`, but return as soon as the central answers a probe.

        `not_before` comes from Retry-After: the central asked for quiet, so no probing until then.
        """
        start = self._clock.monotonic()
        while not self._stop.is_set():
            elapsed = self._clock.monotonic() - start
            if elapsed >= delay:
                return
            if self._clock.wait(self._wake, min(self.probe_interval, delay - elapsed)):
                self._wake.clear()
                return
            if self._clock.monotonic() - start >= not_before and self._client is not None \
                    and self._client.probe():
                log.info("central reachable again")
                return

    def _wait_for_settings_change(self) -> None:
        path = config_path(self.data_dir)
        before = _mtime(path)
        while not self._stop.is_set():
            if self._clock.wait(self._wake, self.probe_interval * 2):
                self._wake.clear()
                return
            if _mtime(path) != before:
                return

    # -- reporting -------------------------------------------------------------------------
    def _record_error(self, store: Store, message: str) -> None:
        log.warning("sync failed: %s", message)
        with contextlib.suppress(KioskError):  # the error is still published below
            store.set_meta({"last_error": message,
                            "last_error_at": dt.datetime.now(dt.UTC).isoformat()})

    def _publish(self, store: Store, state: SyncState, error: str | None = None, url: str = "",
                 next_attempt_at: dt.datetime | None = None) -> None:
        try:
            status = read_status(store, state, url, next_attempt_at)
        except KioskError as exc:
            status = SyncStatus(state=state, last_error=str(exc), central_url=url)
        if error:
            status = SyncStatus(**{**status.__dict__, "last_error": error})
        try:
            self._on_status(status)
        except Exception:  # the listener's bug must not stop sending
            log.exception("sync status listener failed")


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
