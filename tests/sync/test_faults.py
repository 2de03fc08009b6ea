"""The failure table of SYNC.md, fault by fault, through a fault-injecting proxy in front of the
real central: each failure is classified as the table says, nothing is lost or duplicated, and
once the fault heals every application is at the central exactly once."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.central.server import RunningCentral
from kiosk.domain.catalog import Catalog
from kiosk.errors import SyncError
from kiosk.store.store import Store
from kiosk.sync.client import CentralClient, CentralUnavailable, CredentialsRejected
from kiosk.sync.engine import SyncEngine, to_payload
from kiosk.sync.runner import SyncRunner
from kiosk.sync.status import SyncState
from kiosk.wire.protocol import BATCH_PATH, HEALTH_PATH, ApplicationPayload
from tests.helpers.fault_proxy import Fault, FaultProxy, Mode
from tests.helpers.kiosk_and_central import start_central
from tests.helpers.sync_clock import ClockedStatusLog, StatusLog, VirtualClock
from tests.helpers.sync_setup import configure, held_ids, queue

KIOSK = "hall-07"
TIMEOUT = 2.0  # the kiosk client's timeout: a black hole costs this much real time
QUEUED, BATCH = 6, 4  # two batches: the fault hits the first one


@dataclass(frozen=True)
class Case:
    fault: Fault
    raises: type[SyncError]
    lost_answer: bool  # the central stored the first batch but the kiosk never heard so


CASES = {
    "refused": Case(Fault(Mode.REFUSED), CentralUnavailable, False),
    "black hole": Case(Fault(Mode.BLACKHOLE), CentralUnavailable, False),
    "slow drip past the timeout": Case(Fault(Mode.SLOW_DRIP, drip_delay=TIMEOUT * 2),
                                       CentralUnavailable, True),
    "reset mid-response": Case(Fault(Mode.RESET_MID), CentralUnavailable, True),
    "500": Case(Fault(Mode.HTTP_500), CentralUnavailable, False),
    "503 Retry-After": Case(Fault(Mode.HTTP_503, retry_after=2), CentralUnavailable, False),
    "401": Case(Fault(Mode.HTTP_401), CredentialsRejected, False),
    "truncated body": Case(Fault(Mode.TRUNCATED), CentralUnavailable, True),
    "malformed JSON": Case(Fault(Mode.MALFORMED), CentralUnavailable, False),
}
TRANSIENT = [name for name, case in CASES.items() if case.raises is CentralUnavailable]


@pytest.fixture
def central(tmp_path: Path) -> Iterator[RunningCentral]:
    with start_central(tmp_path / "central") as running:
        yield running


@pytest.fixture
def token(central: RunningCentral) -> str:
    return central.storage.add_kiosk(KIOSK)


@pytest.fixture
def proxy(central: RunningCentral) -> Iterator[FaultProxy]:
    with FaultProxy(central.port) as running:
        yield running


def start_runner(data_dir: Path, proxy: FaultProxy, token: str, statuses: StatusLog,
                 clock: VirtualClock | None = None) -> SyncRunner:
    configure(data_dir, proxy.url, KIOSK, token)
    runner = SyncRunner(
        data_dir, statuses, probe_interval=0.05 if clock is None else 1.0, clock=clock,
        client_factory=lambda s: CentralClient(s.get("central.url"), s.get("central.kiosk_id"),
                                               s.get("central.token"), timeout=TIMEOUT))
    runner.start()
    return runner


@pytest.mark.parametrize("name", CASES)
def test_fault_is_classified_and_after_healing_each_application_arrives_once(
        name: str, store: Store, catalog: Catalog, central: RunningCentral, token: str,
        proxy: FaultProxy) -> None:
    case = CASES[name]
    queued = queue(store, catalog, QUEUED)
    with CentralClient(proxy.url, KIOSK, token, timeout=TIMEOUT) as client:
        engine = SyncEngine(store, client, "test", batch_size=BATCH)
        proxy.set_fault(case.fault)
        with pytest.raises(SyncError) as failed:
            engine.push_pending()
        assert type(failed.value) is case.raises, failed.value
        if case.fault.mode is Mode.HTTP_503:
            assert failed.value.retry_after == 2  # type: ignore[attr-defined]
        # Nothing lost, nothing left claimed: the whole queue waits for the next attempt.
        assert store.counts()["queued"] == QUEUED and store.pending_count() == QUEUED
        assert central.storage.count_applications() == (BATCH if case.lost_answer else 0)

        proxy.heal()
        report = engine.push_pending()
        assert report.delivered == QUEUED and report.rejected == 0
        # Only a batch whose answer was lost is sent again, and the central knows it already.
        assert report.duplicate == (BATCH if case.lost_answer else 0)
        assert held_ids(central) == sorted(queued)
        assert central.storage.count_applications() == QUEUED
        assert store.counts()["delivered"] == QUEUED and store.pending_count() == 0

        # Acknowledged means done: another round sends nothing at all.
        batches = len(proxy.requests(BATCH_PATH))
        assert engine.push_pending().batches == 0
        assert len(proxy.requests(BATCH_PATH)) == batches
    assert central.storage.count_applications() == QUEUED


def test_slow_drip_within_the_timeout_is_just_slow(
        store: Store, catalog: Catalog, central: RunningCentral, token: str,
        proxy: FaultProxy) -> None:
    queued = queue(store, catalog, QUEUED)
    proxy.set_fault(Fault(Mode.SLOW_DRIP, drip_bytes=8, drip_delay=0.005))
    with CentralClient(proxy.url, KIOSK, token, timeout=TIMEOUT) as client:
        report = SyncEngine(store, client, "test", batch_size=BATCH).push_pending()
    assert report.accepted == QUEUED and report.duplicate == 0
    assert [s.mode for s in proxy.requests(BATCH_PATH)] == [Mode.SLOW_DRIP] * 2  # no resend
    assert held_ids(central) == sorted(queued)


def test_413_splits_the_batch_until_it_fits(
        store: Store, catalog: Catalog, central: RunningCentral, token: str,
        proxy: FaultProxy) -> None:
    queued = queue(store, catalog, 11)
    proxy.set_fault(Fault(Mode.HTTP_413, max_items=3))  # the central takes at most 3 at once
    with CentralClient(proxy.url, KIOSK, token, timeout=TIMEOUT) as client:
        report = SyncEngine(store, client, "test", batch_size=8).push_pending()
    assert report.accepted == 11 and report.rejected == 0 and report.duplicate == 0
    sent = proxy.requests(BATCH_PATH)
    assert all(s.mode is Mode.HTTP_413 for s in sent if (s.items or 0) > 3)
    passed = [s.items or 0 for s in sent if s.mode is Mode.PASS]
    assert sum(passed) == 11 and max(passed) <= 3
    assert held_ids(central) == sorted(queued)
    assert store.counts()["delivered"] == 11


@pytest.mark.parametrize("name", TRANSIENT)
def test_runner_goes_offline_on_a_transient_fault_and_resumes_when_it_heals(
        name: str, data_dir: Path, store: Store, catalog: Catalog, central: RunningCentral,
        token: str, proxy: FaultProxy) -> None:
    queued = queue(store, catalog, QUEUED)
    proxy.set_fault(CASES[name].fault)
    statuses = StatusLog()
    runner = start_runner(data_dir, proxy, token, statuses)
    try:
        _, offline = statuses.wait_for(lambda s: s.state is SyncState.OFFLINE, 20)
        assert offline.pending == QUEUED and offline.last_error
        proxy.heal()
        statuses.wait_for(lambda s: s.state is SyncState.IDLE and s.delivered == QUEUED, 20)
    finally:
        runner.stop()
    assert held_ids(central) == sorted(queued)
    assert central.storage.count_applications() == QUEUED


def test_runner_stops_on_401_and_needs_the_technician(
        data_dir: Path, store: Store, catalog: Catalog, central: RunningCentral, token: str,
        proxy: FaultProxy) -> None:
    queued = queue(store, catalog, QUEUED)
    proxy.set_fault(Mode.HTTP_401)
    statuses = StatusLog()
    runner = start_runner(data_dir, proxy, token, statuses)
    try:
        _, stuck = statuses.wait_for(lambda s: s.state is SyncState.NEEDS_TECHNICIAN, 20)
        assert stuck.pending == QUEUED and "credentials" in (stuck.last_error or "")
        assert len(proxy.requests(BATCH_PATH)) == 1 and not proxy.requests(HEALTH_PATH)
        proxy.heal()
        runner.wake()  # the technician fixed it and pressed "retry"
        statuses.wait_for(lambda s: s.state is SyncState.IDLE and s.delivered == QUEUED, 20)
    finally:
        runner.stop()
    assert held_ids(central) == sorted(queued)


@pytest.mark.parametrize("retry_after", [2, 30])
def test_retry_after_is_honoured(
        retry_after: int, data_dir: Path, store: Store, catalog: Catalog,
        central: RunningCentral, token: str) -> None:
    queued = queue(store, catalog, QUEUED)
    clock = VirtualClock(horizon=retry_after + 60)
    with FaultProxy(central.port, clock=clock.monotonic) as proxy:
        proxy.set_fault(Fault(Mode.HTTP_503, retry_after=retry_after))
        clock.call_at(0.5, proxy.heal)  # a probe or push after this would succeed at once
        statuses = ClockedStatusLog(clock.monotonic)
        runner = start_runner(data_dir, proxy, token, statuses, clock)
        try:
            done_at, _ = statuses.wait_for(
                lambda s: s.state is SyncState.IDLE and s.delivered == QUEUED, 20)
        finally:
            runner.stop()
        seen = proxy.requests()
    assert seen[0].mode is Mode.HTTP_503 and seen[0].at == 0.0
    quiet = seen[1].at - seen[0].at  # nothing at all (no probe either) until the time is up
    assert quiet >= retry_after, f"asked for {retry_after} s of quiet, got {quiet:.2f} s"
    resent = next(s for s in seen[1:] if s.path == BATCH_PATH)
    assert resent.at - retry_after < 1.0 and done_at - retry_after < 1.0
    assert held_ids(central) == sorted(queued)


def test_a_poison_record_is_quarantined_and_the_rest_flow(
        store: Store, catalog: Catalog, central: RunningCentral, token: str,
        proxy: FaultProxy) -> None:
    good = queue(store, catalog, 3)
    (poison,) = queue(store, catalog, 1, phone="12345")  # the central's validator refuses it
    good += queue(store, catalog, 3)
    with CentralClient(proxy.url, KIOSK, token, timeout=TIMEOUT) as client:
        engine = SyncEngine(store, client, "test", batch_size=BATCH)
        proxy.set_fault(Mode.RESET_MID)  # first the answer is lost ...
        with pytest.raises(CentralUnavailable):
            engine.push_pending()
        proxy.heal()  # ... then the same batch, poison included, goes again
        report = engine.push_pending()
    assert report.rejected_ids == [poison] and report.delivered == 6
    record = store.get(poison)
    assert record is not None and record.state == "quarantined"
    assert record.quarantine_reason and "phone" in record.quarantine_reason
    assert store.counts()["delivered"] == 6 and store.pending_count() == 0
    assert held_ids(central) == sorted(good)


def test_concurrent_duplicate_deliveries_create_no_duplicate(
        store: Store, catalog: Catalog, central: RunningCentral, token: str,
        proxy: FaultProxy) -> None:
    queued = queue(store, catalog, 10)
    payloads: list[ApplicationPayload] = [to_payload(a) for a in store.list_applications()]
    senders = 8
    start = threading.Barrier(senders)
    verdicts: Counter[tuple[str, str]] = Counter()
    lock = threading.Lock()
    errors: list[BaseException] = []

    def deliver() -> None:
        with CentralClient(proxy.url, KIOSK, token, timeout=10.0) as client:
            start.wait()
            for _attempt in range(20):
                try:
                    answer = client.push(payloads)
                    break
                except CentralUnavailable:  # "database busy" is a fair answer; send it again
                    continue
            else:
                raise AssertionError("the central stayed unavailable")
        with lock:
            verdicts.update((r.id, r.status) for r in answer.results)

    def guarded() -> None:
        try:
            deliver()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=guarded) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    for app_id in queued:  # each id stored by exactly one of the senders
        assert verdicts[(app_id, "accepted")] == 1
        assert verdicts[(app_id, "duplicate")] == senders - 1
    assert held_ids(central) == sorted(queued)
    assert central.storage.count_applications() == len(queued)



def test_a_slow_drip_cannot_hold_a_push_longer_than_the_timeout(
        store: Store, catalog: Catalog, central: RunningCentral, token: str,
        proxy: FaultProxy) -> None:
    queue(store, catalog, 2)
    proxy.set_fault(Fault(Mode.SLOW_DRIP, drip_bytes=8, drip_delay=0.2))  # ~12 s for the answer
    finished = threading.Event()

    def push() -> None:
        with CentralClient(proxy.url, KIOSK, token, timeout=1.0) as client, \
                Store.open(store.path) as own:  # sqlite connections stay in their thread
            try:
                SyncEngine(own, client, "test").push_pending()
            except SyncError:
                pass  # a timeout is the right outcome here
            finally:
                finished.set()

    sender = threading.Thread(target=push)
    sender.start()
    try:
        assert finished.wait(3.0), "push still running after 3 × the client's 1 s timeout"
    finally:
        proxy.stop()  # ends the drip: the client sees the connection close
        sender.join(10)
