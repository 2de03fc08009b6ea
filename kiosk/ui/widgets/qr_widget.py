"""A QR code painted as squares from `kiosk.domain.receipts.qr_matrix` (no image library needed)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.domain.receipts import qr_matrix

DARK = "#000000"   # scanners expect dark on light whatever the theme
LIGHT = "#FFFFFF"


class QrWidget(QWidget):
    def __init__(self, text: str = "", side: int = 360, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._side = side
        self._text = ""
        self.matrix: list[list[bool]] = []
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFixedSize(side, side)
        self.set_text(text)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        self._text = text
        self.matrix = qr_matrix(text) if text else []
        self.setAccessibleName(text)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(self._side, self._side)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(LIGHT))
        if self.matrix:
            count = len(self.matrix)
            module = min(self.width(), self.height()) / count
            # Whole-pixel modules keep edges crisp for cheap scanners; centre what is left.
            whole = max(1, int(module))
            offset_x = (self.width() - whole * count) / 2
            offset_y = (self.height() - whole * count) / 2
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(DARK))
            for y, row in enumerate(self.matrix):
                for x, dark in enumerate(row):
                    if dark:
                        painter.drawRect(QRectF(offset_x + x * whole, offset_y + y * whole,
                                                whole, whole))
        painter.end()
