"""Watching the sync runner from a test: its statuses, and time that passes only when let."""

from __future__ import annotations

import heapq
import itertools
import math
import threading
import time
from collections.abc import Callable

from kiosk.sync.status import SyncStatus


class StatusLog:
    """Collects SyncStatus values from the runner thread and lets the test wait for one."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.values: list[tuple[float, SyncStatus]] = []

    def __call__(self, status: SyncStatus) -> None:
        with self._cond:
            self.values.append((time.monotonic(), status))
            self._cond.notify_all()

    def wait_for(self, predicate: object, timeout: float) -> tuple[float, SyncStatus]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for stamp, status in self.values:
                    if predicate(status):  # type: ignore[operator]
                        return stamp, status
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no matching status; last: {self.values[-1:]}")
                self._cond.wait(remaining)


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
