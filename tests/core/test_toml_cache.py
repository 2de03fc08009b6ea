"""kiosk/cache/toml.py: parsed TOML kept by content, so start-up skips tomllib."""

from __future__ import annotations

import datetime as dt
import marshal
import os
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from kiosk.cache import toml as toml_cache
from kiosk.cache.toml import load_toml

DOC = """
title = "测试"
count = 3
ratio = 0.5
flag = true
when = 2026-11-03T09:30:00+08:00
local = 2026-11-03T09:30:00
day = 2026-11-03
at = 07:45:00
nested = { list = [1, 2, 3], days = [2026-01-01, 2026-02-01] }
[[fields]]
id = "a"
"""


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _write(tmp_path: Path, text: str, name: str = "doc.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(data: bytes) -> dict[str, Any]:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(toml_cache, "_parse", fail)


def test_the_second_load_comes_from_the_cache_and_equals_tomllib(
        tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, DOC)
    first = load_toml(path, cache)
    assert first == tomllib.loads(DOC)
    assert len(list(cache.glob("*.marshal"))) == 1
    _no_parsing(monkeypatch)
    second = load_toml(path, cache)
    assert second == first
    assert second["when"].utcoffset() == dt.timedelta(hours=8)
    assert type(second["day"]) is dt.date and type(second["at"]) is dt.time
    second["fields"].append("changed")   # each load is its own copy
    assert load_toml(path, cache)["fields"] == [{"id": "a"}]


def test_changed_content_is_parsed_again_whatever_the_mtime(tmp_path: Path, cache: Path) -> None:
    path = _write(tmp_path, 'v = "1"\n')
    stat = path.stat()
    assert load_toml(path, cache) == {"v": "1"}
    path.write_text('v = "2"\n', encoding="utf-8")   # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))   # and the same mtime
    assert load_toml(path, cache) == {"v": "2"}


def test_a_damaged_or_foreign_entry_is_ignored_and_replaced(
        tmp_path: Path, cache: Path) -> None:
    path = _write(tmp_path, DOC)
    load_toml(path, cache)
    (entry,) = cache.glob("*.marshal")
    for junk in (b"not marshal", b"", marshal.dumps((99, False, {"x": 1}))):
        entry.write_bytes(junk)
        assert load_toml(path, cache) == tomllib.loads(DOC)
    assert load_toml(path, cache) == tomllib.loads(DOC)


def test_an_unusable_cache_dir_only_costs_the_parse(tmp_path: Path) -> None:
    blocker = _write(tmp_path, "x", name="a-file")
    path = _write(tmp_path, DOC)
    assert load_toml(path, blocker / "cache") == tomllib.loads(DOC)


def test_errors_are_tomllibs(tmp_path: Path, cache: Path) -> None:
    with pytest.raises(tomllib.TOMLDecodeError):
        load_toml(_write(tmp_path, "[broken\n"), cache)
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'x = "\xff"\n')
    with pytest.raises(UnicodeDecodeError):
        load_toml(bad, cache)
    with pytest.raises(FileNotFoundError):
        load_toml(tmp_path / "missing.toml", cache)
    assert not list(cache.glob("*.marshal"))


def test_the_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.setenv(toml_cache.CACHE_ENV, str(tmp_path / "c"))
    path = _write(tmp_path, DOC)
    load_toml(path)
    assert len(list((tmp_path / "c" / "toml").glob("*.marshal"))) == 1


def test_use_cache_false_neither_reads_nor_writes(tmp_path: Path, cache: Path) -> None:
    assert load_toml(_write(tmp_path, DOC), cache, use_cache=False) == tomllib.loads(DOC)
    assert not cache.exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
@pytest.mark.parametrize("xdg", [None, "/srv/cache", "relative/ignored", "  "])
def test_the_user_cache_dir_is_where_platformdirs_puts_it(monkeypatch: pytest.MonkeyPatch,
                                                          xdg: str | None) -> None:
    import platformdirs

    from kiosk.paths import APP_NAME, user_cache_dir

    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert user_cache_dir() == Path(platformdirs.user_cache_dir(APP_NAME))
