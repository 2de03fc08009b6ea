"""A 10-minute outage in a few seconds: the runner on a virtual clock, the central behind a
port that refuses connections. Every request the runner makes is counted (pushes and probes);
the count must stay bounded, pushes must follow the backoff (no hot loop), and the queue must
move within 3 s of the central's return. Run with `-s` to see the request rate over time."""

from __future__ import annotations

import itertools
import math
import random
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from kiosk.central.server import RunningCentral
from kiosk.domain.catalog import Catalog
from kiosk.domain.samples import sample_answers
from kiosk.store.store import Store
from kiosk.sync.client import CentralClient
from kiosk.sync.runner import SyncRunner
from kiosk.sync.status import SyncState
from kiosk.wire.backoff import Backoff
from kiosk.wire.protocol import BATCH_PATH, HEALTH_PATH
from tests.helpers.fault_proxy import FaultProxy, Mode
from tests.helpers.kiosk_and_central import start_central
from tests.helpers.sync_clock import ClockedStatusLog, VirtualClock
from tests.helpers.sync_setup import configure

OUTAGE = 600.0  # seconds of virtual time


class CountingTransport(httpx.HTTPTransport):
    """Logs every request the client makes, with the clock's time, before it goes out.

    Counted on the kiosk's side because a refused connection never reaches any proxy."""

    def __init__(self, clock: Callable[[], float]) -> None:
        super().__init__()
        self._clock = clock
        self.log: list[tuple[float, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.log.append((self._clock(), request.url.path))
        return super().handle_request(request)


@pytest.fixture
def central(tmp_path: Path) -> Iterator[RunningCentral]:
    with start_central(tmp_path / "central") as running:
        yield running


def histogram(log: list[tuple[float, str]], until: float) -> list[Counter[str]]:
    minutes = [Counter[str]() for _ in range(math.ceil(until / 60))]
    for at, path in log:
        if at < until:
            minutes[int(at // 60)]["push" if path == BATCH_PATH else
                                   "probe" if path == HEALTH_PATH else "other"] += 1
    return minutes


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ten_minute_outage_stays_within_the_request_budget(
        seed: int, data_dir: Path, store: Store, catalog: Catalog,
        central: RunningCentral) -> None:
    token = central.storage.add_kiosk("hall-10")
    answers = sample_answers(catalog.service("suggestion"))
    queued = {store.save_answers("suggestion", catalog.version, answers, {"m": "t"},
                                 "zh_CN").application_id for _ in range(5)}
    clock = VirtualClock(horizon=OUTAGE + 60)
    proxy = FaultProxy(central.port, clock=clock.monotonic)
    proxy.set_fault(Mode.REFUSED)  # the port is closed: every connection is refused
    clock.call_at(OUTAGE, proxy.heal)  # the central comes back at t = 600 s
    configure(data_dir, proxy.url, "hall-10", token)
    transport = CountingTransport(clock.monotonic)
    delays: list[float] = []
    rng = random.Random(seed)  # noqa: S311 - reproducible jitter, not a secret

    def draw(low: float, high: float) -> float:
        delays.append(rng.uniform(low, high))
        return delays[-1]

    statuses = ClockedStatusLog(clock.monotonic)
    runner = SyncRunner(
        data_dir, statuses, probe_interval=1.0, backoff=Backoff(uniform=draw), clock=clock,
        client_factory=lambda s: CentralClient(s.get("central.url"), s.get("central.kiosk_id"),
                                               s.get("central.token"), timeout=2.0,
                                               transport=transport))
    runner.start()
    try:
        back_at, _ = statuses.wait_for(
            lambda s: s.state is SyncState.IDLE and s.delivered == len(queued), 60)
    finally:
        runner.stop()
        proxy.stop()

    during = [(at, path) for at, path in transport.log if at < OUTAGE]
    pushes = [at for at, path in during if path == BATCH_PATH]
    probes = [at for at, path in during if path == HEALTH_PATH]
    gaps = [b - a for a, b in itertools.pairwise(pushes)]
    minutes = histogram(transport.log, OUTAGE + 60)
    print(f"\noutage of {OUTAGE:.0f} s (virtual), seed {seed}: {len(during)} requests "
          f"= {len(pushes)} pushes + {len(probes)} probes; queue delivered "
          f"{back_at - OUTAGE:.2f} s after the central returned")
    print("push times (s): " + ", ".join(f"{at:.1f}" for at in pushes))
    print("minute  pushes  probes  other")
    for minute, counts in enumerate(minutes):
        print(f"{minute:>6}  {counts['push']:>6}  {counts['probe']:>6}  {counts['other']:>5}")

    assert len(during) <= 700, "the outage cost too many requests"
    assert len(pushes) <= 15, f"{len(pushes)} pushes in 10 minutes: backoff did not grow"
    # Each push waits exactly the backoff drawn after the previous failure (no probe answered,
    # nothing woke the runner), and in between the runner probes once per probe interval:
    # ceil(delay) probes per cycle, the last one at the end of the delay.
    assert gaps == pytest.approx(delays[:len(gaps)], abs=1e-6)
    order = [path for _, path in during]
    starts = [i for i, path in enumerate(order) if path == BATCH_PATH]
    per_cycle = [order[a:b].count(HEALTH_PATH) for a, b in itertools.pairwise(starts)]
    assert per_cycle == [math.ceil(d - 1e-6) for d in delays[:len(per_cycle)]]
    assert len(probes) <= OUTAGE + len(pushes)
    # No hot loop in any minute: a probe a second, plus the one ending each backoff cycle.
    assert all(m["probe"] <= 60 + m["push"] for m in minutes[:int(OUTAGE // 60)])
    assert back_at - OUTAGE <= 3.0, f"queue moved {back_at - OUTAGE:.2f} s after the return"
    held = {a["id"] for a in central.storage.list_applications()}
    assert held == queued and central.storage.count_applications() == len(queued)


def test_rejected_credentials_cost_no_requests_for_ten_minutes(
        data_dir: Path, store: Store, catalog: Catalog, central: RunningCentral) -> None:
    token = central.storage.add_kiosk("hall-11")
    answers = sample_answers(catalog.service("suggestion"))
    for _ in range(3):
        store.save_answers("suggestion", catalog.version, answers, {"m": "t"}, "zh_CN")
    clock = VirtualClock(horizon=OUTAGE)
    ten_minutes_later = threading.Event()
    clock.call_at(OUTAGE, ten_minutes_later.set)
    proxy = FaultProxy(central.port, clock=clock.monotonic)
    proxy.set_fault(Mode.HTTP_401)
    configure(data_dir, proxy.url, "hall-11", token)
    statuses = ClockedStatusLog(clock.monotonic)
    runner = SyncRunner(data_dir, statuses, probe_interval=1.0, clock=clock)
    runner.start()
    try:
        assert ten_minutes_later.wait(30)
        assert statuses.values[-1][1].state is SyncState.NEEDS_TECHNICIAN
        seen = proxy.requests()
        print(f"\n401 for {OUTAGE:.0f} s (virtual): {len(seen)} request(s): "
              + ", ".join(f"{s.method} {s.path} at {s.at:.1f} s" for s in seen))
        assert [(s.path, s.at) for s in seen] == [(BATCH_PATH, 0.0)]  # one try, then silence
        proxy.heal()
        runner.wake()  # the technician fixed the token and asked for a sync
        statuses.wait_for(lambda s: s.state is SyncState.IDLE and s.delivered == 3, 30)
    finally:
        runner.stop()
        proxy.stop()
    assert central.storage.count_applications() == 3
