"""Plain-word formatting for the technician: ages, times, disk sizes, verdict signs."""

from __future__ import annotations

import datetime as dt

from kiosk.hall_time import HallTime
from kiosk.i18n import Translator

VERDICT_SIGNS = {"pass": "✓", "warn": "!", "fail": "✗", "skipped": "–", "waiting": "…"}
GB = 1024 ** 3
LOW_DISK_BYTES = GB


def age_text(since: dt.datetime, now: dt.datetime, tr: Translator) -> str:
    """How long ago `since` was, in words: '2 小时 5 分钟'."""
    minutes_total = max(0, int((now - since).total_seconds() // 60))
    days, rest = divmod(minutes_total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return tr.t("tech.age.days", days=days, hours=hours)
    if hours:
        return tr.t("tech.age.hours", hours=hours, minutes=minutes)
    if minutes:
        return tr.t("tech.age.minutes", minutes=minutes)
    return tr.t("tech.age.moments")


def local_time(value: dt.datetime | str | None, tr: Translator,
               hall: HallTime | None = None) -> str:
    """A stored UTC time as 'YYYY-MM-DD HH:MM' in the hall's time zone (the same hour the
    residents' screens and receipts show, whatever this computer's zone), or 'not yet'."""
    if value is None or value == "":
        return tr.t("tech.common.never")
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    else:
        moment = value
    return (hall or HallTime()).date_time_text(moment, "en")


def gigabytes(size_bytes: int) -> str:
    return f"{size_bytes / GB:.1f}"
