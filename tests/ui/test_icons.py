"""kiosk/ui/look/icons.py: rendered once, then loaded from the cache, the same picture either
way."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.cache.disk import CACHE_ENV
from kiosk.ui.look import icons


def _pixels(image: QImage) -> list[int]:
    return [image.pixel(x, y) for y in range(image.height()) for x in range(image.width())]


@pytest.mark.usefixtures("qapp")
def test_a_cached_icon_is_the_rendered_one(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    rendered = icons.icon_pixmap("help", "#123456", 48)
    assert rendered is not None
    entries = list((tmp_path / "icons").glob("*.png"))
    assert len(entries) == 1
    again = icons.icon_pixmap("help", "#123456", 48)
    assert again is not None and again.width() == 48
    assert _pixels(again.toImage()) == _pixels(rendered.toImage())
    assert any(p >> 24 for p in _pixels(rendered.toImage()))   # something was drawn
    icons.icon_pixmap("help", "#abcdef", 48)   # another colour is another entry
    assert len(list((tmp_path / "icons").glob("*.png"))) == 2


@pytest.mark.usefixtures("qapp")
def test_a_damaged_entry_is_rendered_again(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    first = icons.icon_pixmap("help", "#000000", 32)
    assert first is not None
    (entry,) = (tmp_path / "icons").glob("*.png")
    entry.write_bytes(b"not a png")
    second = icons.icon_pixmap("help", "#000000", 32)
    assert second is not None
    assert _pixels(second.toImage()) == _pixels(first.toImage())


@pytest.mark.usefixtures("qapp")
def test_an_unwritable_cache_still_gives_the_icon(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(CACHE_ENV, str(blocker))   # a file where the folder should be
    assert icons.icon_pixmap("help", "#000000", 32) is not None
    assert icons.icon_pixmap("no-such-icon", "#000000", 32) is None
