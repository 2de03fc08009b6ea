"""The hall's time: every time a resident, a volunteer or a receipt shows is in the hall's time
zone (the `hall.time_zone` setting, Asia/Shanghai unless a technician changes it), whatever zone
the computer's own clock is set to. One place decides it, so the header clock, 今天办的事, the
status page and the receipt can never disagree about the hour or the day.

A `HallTime` holds the zone and the clock (both passed in, never read from globals): `now()`,
`today()` (the hall's day, so "today" ends at the hall's midnight), `local(moment)` and the
formatting helpers. Stored times are aware (UTC); a naive stored time is taken as UTC.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.time_zone import zone_named

SETTING = "hall.time_zone"
DEFAULT_ZONE = "Asia/Shanghai"
Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def aware(moment: dt.datetime) -> dt.datetime:
    """A stored time without an offset is UTC (that is how the store writes them)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class HallTime:
    """The hall's zone and a clock; all formatting of times for people goes through here."""

    zone: dt.tzinfo = field(default_factory=lambda: zone_named(DEFAULT_ZONE))
    clock: Clock = _utc_now

    @classmethod
    def named(cls, name: str = DEFAULT_ZONE, clock: Clock = _utc_now) -> HallTime:
        return cls(zone_named(name), clock)

    @classmethod
    def from_settings(cls, settings: Any, clock: Clock = _utc_now) -> HallTime:
        """From a `kiosk.settings.Settings` (already validated when it was loaded)."""
        return cls.named(str(settings.get(SETTING) or DEFAULT_ZONE), clock)

    @classmethod
    def for_data_dir(cls, data_dir: Path, clock: Clock = _utc_now) -> HallTime:
        """From the settings file; the default zone if the file cannot be read (the kiosk
        still shows a time, and `kiosk doctor` reports the damaged file)."""
        from kiosk.errors import ConfigError
        from kiosk.settings import Settings

        try:
            return cls.from_settings(Settings.load(data_dir), clock)
        except (ConfigError, ValueError):
            return cls(clock=clock)

    @property
    def name(self) -> str:
        return str(getattr(self.zone, "key", None) or self.zone)

    def now(self) -> dt.datetime:
        return aware(self.clock()).astimezone(self.zone)

    def today(self) -> dt.date:
        return self.now().date()

    def local(self, moment: dt.datetime) -> dt.datetime:
        return aware(moment).astimezone(self.zone)

    def day_of(self, moment: dt.datetime) -> dt.date:
        return self.local(moment).date()

    def day_start(self, day: dt.date) -> dt.datetime:
        """The hall's midnight starting `day`, as an aware time."""
        return dt.datetime.combine(day, dt.time(0), self.zone)

    def clock_text(self, moment: dt.datetime) -> str:
        """'16:05'."""
        return f"{self.local(moment):%H:%M}"

    def date_time_text(self, moment: dt.datetime, language: str) -> str:
        """'2026年11月27日 16:05' in Chinese, '2026-11-27 16:05' otherwise."""
        local = self.local(moment)
        if language == "zh_CN":
            return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"
        return f"{local:%Y-%m-%d %H:%M}"

    def iso_text(self, iso: str | None, language: str) -> str | None:
        """A stored ISO time as `date_time_text`; None if there is none or it cannot be read."""
        if not iso:
            return None
        try:
            moment = dt.datetime.fromisoformat(iso)
        except ValueError:
            return None
        return self.date_time_text(moment, language)


# -- the computer's own zone (for `kiosk doctor`) --------------------------------------------

def system_zone_name() -> str:
    """What this computer's clock is set to: $TZ, else /etc/localtime's zone, else the
    abbreviation the C library reports (e.g. UTC, CST)."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz:
        return tz
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        return target.split("zoneinfo/", 1)[1]
    return time.tzname[0] or "unknown"


def system_offset(moment: dt.datetime) -> dt.timedelta | None:
    """The computer's UTC offset at `moment` (as the C library sees it, $TZ included)."""
    return aware(moment).astimezone().utcoffset()


def same_clock(hall: dt.tzinfo, at: dt.datetime,
               offset_at: Callable[[dt.datetime], dt.timedelta | None] = system_offset
               ) -> bool:
    """True when the computer's zone and the hall's agree now and half a year away (so a zone
    with summer time is not taken for one without)."""
    for moment in (at, at + dt.timedelta(days=182)):
        if offset_at(moment) != aware(moment).astimezone(hall).utcoffset():
            return False
    return True
