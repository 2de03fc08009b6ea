"""Short notices the central publishes (office hours, deadlines), shown and spoken on the home
screen. The kiosk keeps the central's current list (pulled with an ETag) and, offline, stops
showing a notice after its `until` date by itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.consultations import CHINA_TIME
from kiosk.i18n import DEFAULT_LANGUAGE

MAX_ANNOUNCEMENT = 300  # characters per language: a notice is read aloud, keep it short


@dataclass(frozen=True)
class Announcement:
    """A notice from the township, shown on home while it is current."""

    id: int
    text: Mapping[str, str]  # {"zh_CN": ..., "en": ...}
    published_at: str
    until: dt.date | None = None  # last day shown (China time); None: until withdrawn

    def is_current(self, now: dt.datetime) -> bool:
        today = now.astimezone(CHINA_TIME).date() if now.tzinfo else now.date()
        return self.until is None or today <= self.until

    def text_in(self, language: str) -> str:
        return self.text.get(language) or self.text.get(DEFAULT_LANGUAGE) or ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": dict(self.text), "published_at": self.published_at,
                "until": self.until.isoformat() if self.until else None}
