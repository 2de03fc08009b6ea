"""Parsed TOML kept between runs, so the kiosk's start does not parse its catalog and messages.

Parsing the catalog and the message files with tomllib took a noticeable part of every start
(docs/benchmarks.md). `load_toml(path)` reads the file's bytes (always: it is the key) and
looks for `<cache dir>/<blake2b of the bytes>.marshal`: the cache is addressed by content, so an
edited, replaced or pulled file can never be answered from a stale entry, whatever its mtime.
On a miss the file is parsed with tomllib and the entry written (temp file + rename, so a crash
leaves no half entry). A cache that cannot be read or written is simply not used.

Entries are `marshal` data (no code runs when one is loaded, unlike pickle). TOML's dates and
times, which marshal cannot hold, are stored as tagged tuples (a TOML document has no tuples, its
arrays are lists) and turned back on loading. The cache dir is `$KIOSK_CACHE_DIR`, else the user
cache dir (`township-kiosk/toml`); entries are a few KB, one per distinct file content.
"""

from __future__ import annotations

import datetime as dt
import marshal
from pathlib import Path
from typing import Any

from kiosk.cache import disk as disk_cache
from kiosk.cache.disk import CACHE_ENV, content_key, write_atomically

__all__ = ["CACHE_ENV", "load_toml"]

FORMAT = 1   # bump when the entry layout changes: old entries are then ignored
_TAGS: dict[str, Any] = {"datetime": dt.datetime, "date": dt.date, "time": dt.time}


def default_cache_dir() -> Path:
    return disk_cache.cache_dir("toml")


def load_toml(path: Path, cache_dir: Path | None = None, *, use_cache: bool = True
              ) -> dict[str, Any]:
    """The parsed TOML of `path`, like `tomllib.load` (same errors: OSError, UnicodeDecodeError,
    tomllib.TOMLDecodeError), from the cache when this exact content was parsed before."""
    data = path.read_bytes()
    if not use_cache:
        return _parse(data)
    folder = cache_dir or default_cache_dir()
    entry = folder / f"{content_key(data)}.marshal"
    cached = _read_entry(entry)
    if cached is not None:
        return cached
    table = _parse(data)
    _write_entry(entry, table)
    return table


def _parse(data: bytes) -> dict[str, Any]:
    import tomllib  # only on a cache miss

    return tomllib.loads(data.decode("utf-8"))


def _read_entry(entry: Path) -> dict[str, Any] | None:
    try:
        loaded = marshal.loads(entry.read_bytes())  # noqa: S302 - our own entries, no code runs
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not (isinstance(loaded, tuple) and len(loaded) == 3 and loaded[0] == FORMAT
            and isinstance(loaded[2], dict)):
        return None
    _format, has_times, table = loaded
    return _thaw(table) if has_times else table


def _write_entry(entry: Path, table: dict[str, Any]) -> None:
    frozen, has_times = _freeze(table)
    try:
        data = marshal.dumps((FORMAT, has_times, frozen))
    except ValueError:
        return  # no cache this time; the parsed table is still returned
    write_atomically(entry, data)


def _freeze(value: Any) -> tuple[Any, bool]:
    """`value` with dates and times as ("datetime"|"date"|"time", ISO text) tuples."""
    if isinstance(value, dict):
        out, found = {}, False
        for key, item in value.items():
            out[key], seen = _freeze(item)
            found = found or seen
        return out, found
    if isinstance(value, list):
        items = [_freeze(item) for item in value]
        return [item for item, _ in items], any(seen for _, seen in items)
    for tag, kind in _TAGS.items():   # datetime before date: a datetime is a date
        if isinstance(value, kind):
            return (tag, value.isoformat()), True
    return value, False


def _thaw(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _thaw(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_thaw(item) for item in value]
    if isinstance(value, tuple):
        tag, text = value
        return _TAGS[tag].fromisoformat(text)
    return value
