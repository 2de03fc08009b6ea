"""A 10-minute outage in a few seconds: the runner on a virtual clock, the central behind a
port that refuses connections. Every request the runner makes is counted (pushes and probes);
the count must stay bounded, pushes must follow the backoff (no hot loop), and the queue must
move within 3 s of the central's return. Run with `-s` to see the request rate over time."""

from __future__ import annotations

import heapq
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
from kiosk.settings import Settings
from kiosk.store.store import Store
from kiosk.sync.backoff import Backoff
from kiosk.sync.client import CentralClient
from kiosk.sync.runner import SyncRunner
from kiosk.sync.status import SyncState, SyncStatus
from kiosk.wire.protocol import BATCH_PATH, HEALTH_PATH
from tests.e2e.test_offline_then_online import StatusLog
from tests.helpers.fault_proxy import FaultProxy, Mode
from tests.helpers.kiosk_and_central import start_central

OUTAGE = 600.0  # seconds of virtual time


class VirtualClock:
    """Time that passes only while every participating thread waits on it; then it jumps to the
    earliest deadline (or scheduled action) at once. Real work takes no virtual time.

    `horizon` stops the jumping: at the horizon waiters block for real until their event is
    set, so a runner left alone cannot race through hours of virtual time.
    """

    # Time moves in whole ticks of 2**-20 s (about 1 µs): sums and differences of such times are
    # exact floats, so a caller that waits out a remainder (delay - elapsed) lands exactly on
    # its deadline instead of a rounding error short of it (which would cost it an extra turn).
    TICK = 2.0 ** -20

    def __init__(self, participants: int = 1, horizon: float = math.inf) -> None:
        self.participants, self.horizon = participants, horizon
        self._now = 0.0
        self._cond = threading.Condition()  # re-entrant: actions may read the clock
        self._deadlines: list[float] = []   # of the threads waiting right now
        self._actions: list[tuple[float, int, Callable[[], None]]] = []
        self._order = itertools.count()

    def monotonic(self) -> float:
        with self._cond:
            return self._now

    def call_at(self, when: float, action: Callable[[], None]) -> None:
        """Run `action` (in the waiting thread) when virtual time reaches `when`."""
        with self._cond:
            heapq.heappush(self._actions, (when, next(self._order), action))

    def wait(self, event: threading.Event, timeout: float) -> bool:
        if timeout <= 0:
            return event.is_set()
        with self._cond:
            deadline = self._now + self._ticks(timeout)
            self._deadlines.append(deadline)
            try:
                while not event.is_set():
                    if self._now >= deadline:
                        return False
                    if len(self._deadlines) >= self.participants and self._advance():
                        continue
                    self._cond.wait(0.002)  # real time: another thread may set the event
                return True
            finally:
                self._deadlines.remove(deadline)

    def _ticks(self, seconds: float) -> float:
        """`seconds` rounded up to whole ticks, and at least one tick (like a real clock)."""
        return max(1, math.ceil(seconds / self.TICK)) * self.TICK

    def _advance(self) -> bool:
        target = min(min(self._deadlines), self.horizon)
        if self._actions and self._actions[0][0] <= target:
            when, _, action = heapq.heappop(self._actions)
            self._now = max(self._now, self._ticks(when))
            action()
            return True
        if target <= self._now:
            return False
        self._now = target
        self._cond.notify_all()
        return True


class ClockedStatusLog(StatusLog):
    """StatusLog stamped with the given clock (virtual time) instead of time.monotonic."""

    def __init__(self, clock: Callable[[], float]) -> None:
        super().__init__()
        self._stamp = clock

    def __call__(self, status: SyncStatus) -> None:
        with self._cond:
            self.values.append((self._stamp(), status))
            self._cond.notify_all()


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


def configure(data_dir: Path, url: str, kiosk_id: str, token: str) -> None:
    settings = Settings.load(data_dir)
    for key, value in (("central.url", url), ("central.kiosk_id", kiosk_id),
                       ("central.token", token)):
        settings.set(key, value)


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
