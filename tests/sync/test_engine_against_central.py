"""The sync engine and runner against a real central on loopback: the failure table of SYNC.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.domain.catalog import Catalog
from kiosk.settings import Settings
from kiosk.store.store import Store
from kiosk.sync.client import CentralClient, CredentialsRejected
from kiosk.sync.engine import SyncEngine
from kiosk.sync.runner import SyncRunner
from kiosk.sync.status import SyncState
from kiosk.wire.backoff import Backoff
from tests.helpers.kiosk_and_central import start_central
from tests.helpers.sync_clock import StatusLog
from tests.helpers.sync_setup import queue


def test_rejected_record_is_quarantined_and_the_rest_flow(store: Store, catalog: Catalog,
                                                          tmp_path: Path) -> None:
    good_before = queue(store, catalog, 2)
    (bad,) = queue(store, catalog, 1, phone="12345")  # slipped past the kiosk somehow
    good_after = queue(store, catalog, 2)
    with start_central(tmp_path / "c") as central:
        token = central.storage.add_kiosk("k1")
        with CentralClient(central.url, "k1", token) as client:
            report = SyncEngine(store, client, "test", batch_size=2).push_pending()
    assert report.accepted == 4 and report.rejected == 1
    counts = store.counts()
    assert counts["delivered"] == 4 and counts["quarantined"] == 1
    reason = store.get(bad).quarantine_reason  # type: ignore[union-attr]
    assert reason and "phone" in reason
    assert "12345" not in reason  # the reason names the field, never the value
    assert {a.id for a in store.list_applications("delivered")} == set(good_before + good_after)


def test_batch_too_large_is_split_until_it_fits(store: Store, catalog: Catalog,
                                                tmp_path: Path) -> None:
    queue(store, catalog, 501)
    with start_central(tmp_path / "c") as central:
        token = central.storage.add_kiosk("k1")
        with CentralClient(central.url, "k1", token) as client:
            report = SyncEngine(store, client, "test", batch_size=600).push_pending()
        assert central.storage.count_applications() == 501
    assert report.accepted == 501 and report.batches >= 2
    assert store.pending_count() == 0


def test_wrong_token_stops_sending_until_the_technician_fixes_it(
        data_dir: Path, catalog: Catalog, tmp_path: Path) -> None:
    with Store.open(data_dir / "kiosk.sqlite3") as store:
        queue(store, catalog, 2)
    with start_central(tmp_path / "c") as central:
        token = central.storage.add_kiosk("k1")
        settings = Settings.load(data_dir)
        for key, value in (("central.url", central.url), ("central.kiosk_id", "k1"),
                           ("central.token", "wrong")):
            settings.set(key, value)
        with CentralClient(central.url, "k1", "wrong") as client, \
                Store.open(data_dir / "kiosk.sqlite3") as store, \
                pytest.raises(CredentialsRejected):
            SyncEngine(store, client, "test").push_pending()
        statuses = StatusLog()
        runner = SyncRunner(data_dir, statuses, probe_interval=0.1)
        runner.start()
        try:
            _, stuck = statuses.wait_for(lambda s: s.state is SyncState.NEEDS_TECHNICIAN, 20)
            assert stuck.pending == 2 and stuck.last_error
            assert "credentials" in stuck.last_error.lower() or "401" in stuck.last_error
            settings.set("central.token", token)  # the technician pastes the right token
            statuses.wait_for(lambda s: s.state is SyncState.IDLE and s.delivered == 2, 20)
        finally:
            runner.stop()
        assert central.storage.count_applications() == 2


def test_backoff_is_full_jitter_capped_at_five_minutes() -> None:
    ceilings: list[float] = []
    backoff = Backoff(base=2.0, uniform=lambda low, high: ceilings.append(high) or high)
    delays = [backoff.next_delay() for _ in range(12)]
    assert ceilings[:4] == [2.0, 4.0, 8.0, 16.0]
    assert max(delays) == 300.0 and delays[-1] == 300.0
    backoff.reset()
    assert backoff.next_delay() == 2.0


def test_paused_sync_sends_nothing_until_resumed(data_dir: Path, catalog: Catalog,
                                                 tmp_path: Path) -> None:
    from kiosk.sync.control import pause_sync, resume_sync

    with Store.open(data_dir / "kiosk.sqlite3") as store:
        queue(store, catalog, 2)
        pause_sync(store)
    with start_central(tmp_path / "c") as central:
        settings = Settings.load(data_dir)
        for key, value in (("central.url", central.url), ("central.kiosk_id", "k1"),
                           ("central.token", central.storage.add_kiosk("k1"))):
            settings.set(key, value)
        statuses = StatusLog()
        runner = SyncRunner(data_dir, statuses, probe_interval=0.1)
        runner.start()
        try:
            _, paused = statuses.wait_for(lambda s: s.state is SyncState.PAUSED, 20)
            assert paused.paused and paused.pending == 2
            assert central.storage.count_applications() == 0
            with Store.open(data_dir / "kiosk.sqlite3") as store:
                resume_sync(store)
            runner.wake()
            statuses.wait_for(lambda s: s.state is SyncState.IDLE and s.delivered == 2, 20)
        finally:
            runner.stop()
        assert central.storage.count_applications() == 2
