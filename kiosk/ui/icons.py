"""Pictograms from assets/icons/<name>.svg, recoloured (they draw in `currentColor`).

A missing or broken icon gives None: the screen still works with words alone.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kiosk.paths import assets_dir


@lru_cache(maxsize=128)
def _svg_source(name: str) -> str | None:
    try:
        return (assets_dir() / "icons" / f"{name}.svg").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def icon_pixmap(name: str, color: str, size: int) -> QPixmap | None:
    source = _svg_source(name)
    if source is None:
        return None
    renderer = QSvgRenderer(QByteArray(source.replace("currentColor", color).encode("utf-8")))
    if not renderer.isValid():
        return None
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return pixmap


def icon(name: str, color: str, size: int) -> QIcon:
    pixmap = icon_pixmap(name, color, size)
    return QIcon(pixmap) if pixmap is not None else QIcon()
