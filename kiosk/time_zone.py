"""Time zone names: the one check behind the `hall.time_zone` setting (kiosk/settings.py) and
the hall's clock (kiosk/hall_time.py). Kept apart from both: the hall's clock reads the settings
file (`HallTime.for_data_dir`), so the settings must not import the hall's clock back.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone `name` (e.g. Asia/Shanghai, Asia/Urumqi); ValueError in plain words."""
    name = name.strip()
    if not name or name.startswith(("/", ".")) or ".." in name:
        raise ValueError("must be a time zone name such as Asia/Shanghai")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"{name!r} is not a known time zone; use a name such as "
                         "Asia/Shanghai (the tzdata package holds the list)") from None


def parse_zone_setting(value: str) -> str:
    """The settings parser: a valid zone name, kept as text."""
    return zone_named(value).key
