"""A wrapped label whose lines sit at least 1.3 font sizes apart (VISUAL.md: line height ≥ 1.3).

Qt widgets ignore `line-height` in stylesheets, but their rich text honours it per paragraph, so
the words go in as escaped rich text with a proportional line height worked out from the font's
own metrics: a font whose natural spacing is already generous is left alone, a tight one opened up.
`words()` gives back the plain text (what tests, speech and accessibility read).
"""

from __future__ import annotations

import math
from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.look.theme import FONT_FAMILY, LINE_HEIGHT

PROBE_PX = 100


@lru_cache(maxsize=4)
def line_height_percent(family: str = FONT_FAMILY) -> int:
    """The `line-height` percentage that gives LINE_HEIGHT × pixel size between baselines."""
    font = QFont(family)
    font.setPixelSize(PROBE_PX)
    natural = QFontMetricsF(font).height() / PROBE_PX  # Qt's 100 % is the font's own height
    return max(100, math.ceil(100 * LINE_HEIGHT / natural))


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(text: str) -> str:
    """`html.escape(text)` (same output), without importing html and its entity tables."""
    return text.translate(_ESCAPES)


def spaced_html(text: str) -> str:
    paragraphs = escape(text).split("\n")
    style = f"line-height:{line_height_percent()}%; margin:0px"
    return "".join(f'<p style="{style}">{p or "&nbsp;"}</p>' for p in paragraphs)


class Words(QLabel):
    def __init__(self, text: str = "", role: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if role:
            self.setProperty("role", role)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self._plain = ""
        self.set_words(text)

    def set_words(self, text: str) -> None:
        self._plain = text
        self.setText(spaced_html(text) if text else "")
        self.setAccessibleName(text)

    def words(self) -> str:
        return self._plain
