"""Short notices the central publishes (office hours, deadlines), shown and spoken on the home
screen. The kiosk keeps the central's current list (pulled with an ETag) and, offline, stops
showing a notice after its `until` date by itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.hall_time import HallTime
from kiosk.i18n import DEFAULT_LANGUAGE

MAX_ANNOUNCEMENT = 300  # characters per language: a notice is read aloud, keep it short


@dataclass(frozen=True)
class Announcement:
    """A notice from the township, shown on home while it is current."""

    id: int
    text: Mapping[str, str]  # {"zh_CN": ..., "en": ...}
    published_at: str
    until: dt.date | None = None  # last day shown (the hall's day); None: until withdrawn

    def is_current(self, now: dt.datetime, hall: HallTime | None = None) -> bool:
        """Shown through the whole of `until` in the hall's time zone (a naive `now` is taken
        as the hall's own wall time)."""
        today = (hall or HallTime()).day_of(now) if now.tzinfo else now.date()
        return self.until is None or today <= self.until

    def text_in(self, language: str) -> str:
        return self.text.get(language) or self.text.get(DEFAULT_LANGUAGE) or ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": dict(self.text), "published_at": self.published_at,
                "until": self.until.isoformat() if self.until else None}
