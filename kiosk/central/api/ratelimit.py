"""Token-bucket rate limits for the central, kept in memory per process.

Three budgets (see `RateLimits`): per client IP for the unauthenticated health probe, per client
IP for failed authentications (slows down token guessing), and per authenticated kiosk for
everything else. A kiosk probing /health once a second and syncing normally stays far below them.

The buckets live in the app, not in a proxy, so the reference central is protected even when it is
exposed directly. Behind a reverse proxy every request comes from the proxy's address: see
docs/security.md.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]


@dataclass(frozen=True)
class Limit:
    """`rate` tokens per second refill a bucket holding at most `burst` tokens."""

    rate: float
    burst: float

    def __post_init__(self) -> None:
        if not (self.rate > 0 and self.burst >= 1):
            raise ValueError("a rate limit needs rate > 0 and burst >= 1")


@dataclass(frozen=True)
class RateLimits:
    """The central's budgets; pass your own to `create_app` to tune them."""

    health_per_ip: Limit = Limit(rate=5.0, burst=20.0)
    kiosk: Limit = Limit(rate=10.0, burst=30.0)
    failed_auth_per_ip: Limit = Limit(rate=10.0 / 60.0, burst=10.0)


class TokenBuckets:
    """One token bucket per key (an IP or a kiosk id); thread-safe.

    The handlers run on the event loop, but storage work and tests run in other threads, so
    every read-modify-write holds a lock; the work under it is a few float operations.
    At most `max_keys` buckets are kept (least recently used dropped first) so a flood of
    distinct addresses cannot grow memory without bound; a dropped bucket was idle longest.
    """

    def __init__(self, limit: Limit, clock: Clock = time.monotonic,
                 max_keys: int = 10_000) -> None:
        self.limit = limit
        self._clock = clock
        self._max_keys = max_keys
        self._lock = threading.Lock()
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # tokens, stamp

    def _refilled(self, key: str, now: float) -> float:
        tokens, stamp = self._buckets.get(key, (self.limit.burst, now))
        # max(0, …): a clock that steps backwards must not drain the bucket.
        return min(self.limit.burst, tokens + max(0.0, now - stamp) * self.limit.rate)

    def _store(self, key: str, tokens: float, now: float) -> None:
        self._buckets[key] = (tokens, now)
        self._buckets.move_to_end(key)
        while len(self._buckets) > self._max_keys:
            self._buckets.popitem(last=False)

    def _wait(self, tokens: float) -> float:
        return (1.0 - tokens) / self.limit.rate

    def take(self, key: str) -> float | None:
        """Spend one token: None if allowed, else the seconds until one is available."""
        with self._lock:
            now = self._clock()
            tokens = self._refilled(key, now)
            if tokens >= 1.0:
                self._store(key, tokens - 1.0, now)
                return None
            self._store(key, tokens, now)
            return self._wait(tokens)

    def blocked(self, key: str) -> float | None:
        """Like `take` but spends nothing: the seconds to wait if the bucket is empty, else None.

        Used for failed authentications: a request may try to authenticate only while its IP
        has failures left, and only a failure spends one.
        """
        with self._lock:
            now = self._clock()
            tokens = self._refilled(key, now)
            return None if tokens >= 1.0 else self._wait(tokens)


def retry_after_header(seconds: float) -> str:
    """Whole seconds, rounded up and at least 1, as HTTP's Retry-After delay-seconds wants."""
    return str(max(1, math.ceil(seconds)))


class Limiter:
    """The three budgets of one central."""

    def __init__(self, limits: RateLimits, clock: Clock = time.monotonic) -> None:
        self.limits = limits
        self.health = TokenBuckets(limits.health_per_ip, clock)
        self.kiosk = TokenBuckets(limits.kiosk, clock)
        self.failed_auth = TokenBuckets(limits.failed_auth_per_ip, clock)
