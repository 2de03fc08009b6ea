"""The receipt as a PDF, for when it could not be printed: the same `ReceiptDoc` the thermal
printer gets (kiosk/printing/layout.py), drawn with Qt onto an A4 page so the hall's staff can
print it on the office printer later. Chinese text is embedded as real text (with its Unicode
mapping, so it can be searched and read back) and the QR code as vector squares.

Runs on a worker thread. Qt documents that QPainter may paint onto QImage, QPrinter and
QPicture outside the GUI thread ("Thread-Support in Qt Modules", Painting in Threads);
QPdfWriter is the same PDF engine (QPdfEngine) as QPrinter in PDF mode, is created, painted and
destroyed on the one worker thread, and no widget or QPixmap is touched. Text layout outside the
GUI thread needs fontconfig on Linux, which Qt always uses there. One page takes ~50 ms, which
would still be a visible stall on the UI thread while a resident is tapping.

The file is written under a temporary name and renamed, so a half-written receipt never appears.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter

from kiosk.domain.receipts import qr_matrix
from kiosk.printing.layout import QrBlock, ReceiptDoc, Rule, TextLine, TextSize
from kiosk.ui.look.theme import FALLBACK_FAMILIES

DPI = 300
MARGIN_MM = 20.0
QR_MM = 45.0            # large enough for a phone held at arm's length
POINTS = {TextSize.NORMAL: 14.0, TextSize.TALL: 20.0, TextSize.BIG: 30.0}
INK = QColor("#000000")


class PdfReceiptError(Exception):
    """The PDF could not be written (disk full, no permission…)."""


def _mm(value: float) -> float:
    return value * DPI / 25.4


def _font(size: TextSize, bold: bool) -> QFont:
    font = QFont()
    font.setFamilies(list(FALLBACK_FAMILIES))
    font.setPointSizeF(POINTS[size])
    font.setBold(bold)
    return font


def _draw_qr(painter: QPainter, data: str, top: float, page_width: float) -> float:
    matrix = qr_matrix(data)
    count = len(matrix)
    module = _mm(QR_MM) / count
    left = (page_width - module * count) / 2
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(INK)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.drawRect(QRectF(left + x * module, top + y * module, module, module))
    return top + module * count


def _paint(painter: QPainter, doc: ReceiptDoc, width: float) -> None:
    y = 0.0
    for block in doc.blocks:
        if isinstance(block, TextLine):
            font = _font(block.size, block.bold)
            painter.setFont(font)
            painter.setPen(INK)
            height = QFontMetricsF(font, painter.device()).height() * 1.3
            align = Qt.AlignmentFlag.AlignHCenter if block.centered else Qt.AlignmentFlag.AlignLeft
            painter.drawText(QRectF(0, y, width, height),
                             int(align | Qt.AlignmentFlag.AlignVCenter), block.text)
            y += height
        elif isinstance(block, Rule):
            pen_y = y + _mm(3)
            painter.setPen(INK)
            painter.drawLine(QPointF(0, pen_y), QPointF(width, pen_y))
            y += _mm(6)
        elif isinstance(block, QrBlock):
            y = _draw_qr(painter, block.data, y + _mm(2), width) + _mm(2)


def write_pdf_receipt(doc: ReceiptDoc, path: Path, title: str = "") -> Path:
    """Draw `doc` into `path` (its folder is created, readable by the kiosk user only)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(f".{path.name}.partial")
    writer = QPdfWriter(str(partial))
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                                     QPageLayout.Unit.Millimeter))
    writer.setTitle(title or doc.tracking_number)
    writer.setCreator("Township Kiosk")
    painter = QPainter()
    if not painter.begin(writer):
        partial.unlink(missing_ok=True)
        raise PdfReceiptError(f"cannot write {path}")
    try:
        _paint(painter, doc, float(writer.width()))
    finally:
        ended = painter.end()
        del writer   # closes the file
    if not ended or not partial.exists() or partial.stat().st_size == 0:
        partial.unlink(missing_ok=True)
        raise PdfReceiptError(f"writing {path} failed")
    os.replace(partial, path)
    return path
