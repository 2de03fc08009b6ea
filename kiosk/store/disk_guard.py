"""Free disk space, checked before it runs out: warn the technician early, refuse new
applications before the disk is full.

Two thresholds (settings `disk.warn_free_mb`, `disk.refuse_free_mb`):
- below *warn*, the technician panel and `kiosk doctor` say so, in plain words;
- below *refuse*, `Store.save_answers` raises `DiskNearlyFull` before writing anything, and the
  resident hears a plain message asking them to see the staff. What is stored stays intact, and
  the space left over is kept for what must still be written (sync acknowledgements, logs).

The free-space probe is injectable (`use_free_space`), so tests need no full disk.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kiosk.errors import ConfigError, DiskFullError
from kiosk.paths import config_path
from kiosk.settings import Settings

MB = 1024 * 1024
FreeSpaceFn = Callable[[Path], int]
DEFAULT_WARN_MB = 1024
DEFAULT_REFUSE_MB = 200


class DiskLevel(StrEnum):
    OK = "ok"
    LOW = "low"      # warn the technician
    FULL = "full"    # refuse new applications


class DiskNearlyFull(DiskFullError):
    """Too little free space to accept a new application; nothing was written."""

    key = "error.save.disk_nearly_full"


def disk_free_bytes(path: Path) -> int:
    return shutil.disk_usage(path).free


_free_space: FreeSpaceFn = disk_free_bytes


@contextlib.contextmanager
def use_free_space(probe: FreeSpaceFn) -> Iterator[None]:
    """Measure free space with `probe` inside the block (tests; a simulated nearly full disk)."""
    global _free_space
    previous, _free_space = _free_space, probe
    try:
        yield
    finally:
        _free_space = previous


@dataclass(frozen=True)
class DiskCheck:
    level: DiskLevel
    free_bytes: int
    warn_bytes: int
    refuse_bytes: int

    @property
    def free_mb(self) -> int:
        return self.free_bytes // MB

    def describe(self) -> str:
        if self.level is DiskLevel.FULL:
            return (f"only {self.free_mb} MB free: new applications are refused until space is "
                    f"freed (below {self.refuse_bytes // MB} MB); delete old files or exports")
        if self.level is DiskLevel.LOW:
            return (f"{self.free_mb} MB free, getting low (warning below "
                    f"{self.warn_bytes // MB} MB); free some space soon")
        return f"{self.free_mb} MB free"


_cache: dict[Path, tuple[int | None, tuple[int, int]]] = {}


def thresholds(data_dir: Path) -> tuple[int, int]:
    """(warn, refuse) in bytes from the settings; the defaults if the settings are unreadable
    (a broken config file must never stop a resident's application being saved). Cached until
    the config file changes, so a bulk `kiosk submit` does not re-read it per record."""
    try:
        stamp: int | None = config_path(data_dir).stat().st_mtime_ns
    except OSError:
        stamp = None
    cached = _cache.get(data_dir)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    _cache[data_dir] = (stamp, _read_thresholds(data_dir))
    return _cache[data_dir][1]


def _read_thresholds(data_dir: Path) -> tuple[int, int]:
    try:
        settings = Settings.load(data_dir)
        warn, refuse = int(settings.get("disk.warn_free_mb")), int(
            settings.get("disk.refuse_free_mb"))
    except ConfigError:
        warn, refuse = DEFAULT_WARN_MB, DEFAULT_REFUSE_MB
    return max(warn, refuse) * MB, refuse * MB


def check_disk(data_dir: Path, free_space: FreeSpaceFn | None = None) -> DiskCheck:
    warn, refuse = thresholds(data_dir)
    free = (free_space or _free_space)(data_dir)
    level = DiskLevel.FULL if free < refuse else DiskLevel.LOW if free < warn else DiskLevel.OK
    return DiskCheck(level, free, warn, refuse)


def ensure_room_for_application(data_dir: Path) -> None:
    """Raise DiskNearlyFull when a new application must be refused; do nothing otherwise."""
    check = check_disk(data_dir)
    if check.level is DiskLevel.FULL:
        raise DiskNearlyFull(f"the kiosk's disk is nearly full ({check.describe()}); the "
                             "application was not saved")
