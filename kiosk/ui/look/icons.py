"""Pictograms from assets/icons/<name>.svg, recoloured (they draw in `currentColor`).

A missing or broken icon gives None: the screen still works with words alone.

Rendered pictograms are kept as PNG files in the kiosk's cache (kiosk/cache/disk.py, keyed by
the recoloured SVG and the size), so the window's start loads a few small PNGs instead of loading
QtSvg and rendering the home screen's icons before the first frame (docs/benchmarks.md).
QtSvg is imported only to render an icon not in the cache.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPixmap

from kiosk.cache.disk import cache_dir, content_key, write_atomically
from kiosk.paths import assets_dir

FORMAT = b"icon-png-1"   # bump when the rendering changes: old entries are then ignored


@lru_cache(maxsize=128)
def _svg_source(name: str) -> str | None:
    try:
        return (assets_dir() / "icons" / f"{name}.svg").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _render(svg: bytes, size: int) -> QPixmap | None:
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        return None
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return pixmap


def _png_bytes(pixmap: QPixmap) -> bytes | None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    saved = pixmap.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data()) if saved else None


def icon_pixmap(name: str, color: str, size: int) -> QPixmap | None:
    source = _svg_source(name)
    if source is None:
        return None
    svg = source.replace("currentColor", color).encode("utf-8")
    entry = cache_dir("icons") / f"{content_key(FORMAT, svg, str(size).encode())}.png"
    cached = QPixmap()
    if entry.is_file() and cached.load(str(entry)) and cached.width() == size:
        return cached
    pixmap = _render(svg, size)
    if pixmap is not None:
        png = _png_bytes(pixmap)
        if png is not None:
            write_atomically(entry, png)
    return pixmap


def icon(name: str, color: str, size: int) -> QIcon:
    pixmap = icon_pixmap(name, color, size)
    return QIcon(pixmap) if pixmap is not None else QIcon()
