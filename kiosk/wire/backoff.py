"""Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
how every sender of the protocol retries, so the kiosk and the central's load simulator agree.

Full jitter draws each delay uniformly from [0, min(cap, base·2^n)], which spreads a county's kiosks
out when the central comes back after an outage instead of having them all retry in step.
`parse_retry_after` reads the wait the central itself asks for (HTTP Retry-After).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

MAX_DELAY_SECONDS = 300.0  # never wait longer than 5 minutes between attempts


class Backoff:
    def __init__(self, base: float = 2.0, cap: float = MAX_DELAY_SECONDS,
                 uniform: Callable[[float, float], float] = random.uniform) -> None:
        self.base, self.cap = base, cap
        self._uniform = uniform
        self.failures = 0

    def next_delay(self) -> float:
        ceiling = min(self.cap, self.base * 2 ** min(self.failures, 30))
        self.failures += 1
        return self._uniform(0.0, ceiling)

    def reset(self) -> None:
        self.failures = 0


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or HTTP-date); None if unusable."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
