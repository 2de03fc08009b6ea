"""A big tile: optional pictogram above a short name (and a line of summary); the whole tile taps.

Painted by hand so the selected state, the focus ring and the icon colour follow the theme
exactly. A selected tile turns solid and shows a ✓ badge: never colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFocusEvent, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from kiosk.ui.look.icons import icon_pixmap
from kiosk.ui.look.theme import Theme

BADGE_PX = 56


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


class TileButton(QAbstractButton):
    def __init__(self, text: str, theme: Theme, *, icon: str | None = None,
                 summary: str | None = None, checkable: bool = False,
                 title_px: int | None = None, summary_shown: bool = True,
                 icon_shown: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(text)
        self._theme = theme
        self._full_icon = icon
        self._icon = icon if icon_shown else None
        # A summary not shown (home short of room) is still the tile's accessible description.
        self._full_summary = summary or ""
        self._summary = self._full_summary if summary_shown else ""
        self._title_px = title_px or theme.heading_px
        self._heights: dict[tuple[int, str, str, str], int] = {}
        self._ring = False   # a focus ring only for focus that came from the keyboard
        self.setCheckable(checkable)
        self.setAccessibleName(text)
        if summary:
            self.setAccessibleDescription(summary)
        # Touch taps leave no focus ring behind; keyboard / switch users still get one.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def focusInEvent(self, event: QFocusEvent) -> None:
        # A screen's first focus (OtherFocusReason) stays quiet: a finger may be on its way to
        # another tile. Tab, arrows and shortcuts show the ring.
        self._ring = event.reason() in (Qt.FocusReason.TabFocusReason,
                                        Qt.FocusReason.BacktabFocusReason,
                                        Qt.FocusReason.ShortcutFocusReason)
        super().focusInEvent(event)

    def focus_ring_shown(self) -> bool:
        return self.hasFocus() and self._ring

    def sizeHint(self) -> QSize:
        return QSize(480, self.heightForWidth(480))

    def minimumSizeHint(self) -> QSize:
        """As narrow as the longest word (words never break), as tall as one line of each text;
        layouts ask `heightForWidth` for the real height once the width is known."""
        t = self._theme
        widest = 0
        for text, px, bold in self._texts():
            metrics = QFontMetrics(self._font(px, bold))
            for word in text.split():
                # Chinese breaks between any two characters; other words only at spaces.
                pieces = [word[i:i + 2] for i in range(len(word))] if _has_cjk(word) else [word]
                widest = max([widest, *(metrics.horizontalAdvance(p) for p in pieces)])
        width = max(t.target_px * 2, widest + 2 * (t.focus_px + t.gap_px) + 2)
        return QSize(width, self.heightForWidth(100_000))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        # Layouts ask this many times per pass, mostly for the same few widths (home: 30 calls
        # for six tiles before its first frame); measuring wrapped text is the costly part.
        key = (width, self.text(), self._summary, self.font().key())
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) > 64:
                self._heights.clear()
            height = self._heights[key] = self._measure_height(width)
        return height

    def height_with(self, width: int, summary_shown: bool, icon_shown: bool = True) -> int:
        """The height this tile would need with its summary and pictogram shown or not."""
        shown, icon = self._summary, self._icon
        self._summary = self._full_summary if summary_shown else ""
        self._icon = self._full_icon if icon_shown else None
        try:
            return self._measure_height(width)
        finally:
            self._summary, self._icon = shown, icon

    def _measure_height(self, width: int) -> int:
        t = self._theme
        inner = max(1, width - 2 * (t.focus_px + t.gap_px))
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        height = t.icon_px + t.gap_px // 2 if self._icon else 0
        for text, px, bold in self._texts():
            metrics = QFontMetrics(self._font(px, bold))
            height += metrics.boundingRect(QRect(0, 0, inner, 100_000), flags, text).height()
        if self._summary:
            height += t.gap_px // 3
        padding = 2 * t.focus_px + t.gap_px + 2 * t.border_px
        return max(t.target_px + 2 * t.focus_px, height + padding)

    def _texts(self) -> list[tuple[str, int, bool]]:
        texts = [(self.text(), self._title_px, True)]
        if self._summary:
            texts.append((self._summary, self._theme.body_px, False))
        return texts

    def _font(self, px: int, bold: bool) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(px)
        font.setBold(bold)
        return font

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self._theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outer = QRectF(self.rect())
        # Leave room for the focus ring outside the tile's own border.
        tile = outer.adjusted(t.focus_px, t.focus_px, -t.focus_px, -t.focus_px)
        selected = self.isChecked()
        if selected:
            fill, ink = t.primary_background, t.primary_text
        else:
            fill = t.tile_pressed if self.isDown() else t.tile_background
            ink = t.tile_text
        if not self.isEnabled():
            fill, ink = t.disabled_background, t.disabled_text
        half = t.border_px / 2
        painter.setPen(QPen(QColor(t.tile_border if self.isEnabled() else t.disabled_text),
                            t.border_px))
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(tile.adjusted(half, half, -half, -half), t.radius_px, t.radius_px)
        if self.focus_ring_shown():
            painter.setPen(QPen(QColor(t.focus), t.focus_px))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            inset = t.focus_px / 2
            painter.drawRoundedRect(outer.adjusted(inset, inset, -inset, -inset),
                                    t.radius_px + t.focus_px, t.radius_px + t.focus_px)
        self._paint_content(painter, tile.toRect(), ink)
        if selected:
            self._paint_badge(painter, tile.toRect(), ink)
        painter.end()

    def _paint_content(self, painter: QPainter, tile: QRect, ink: str) -> None:
        t = self._theme
        pad = t.gap_px
        inner = tile.adjusted(pad, pad // 2, -pad, -pad // 2)
        title_font = self._font(self._title_px, True)
        summary_font = self._font(t.body_px, False)
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        painter.setFont(title_font)
        title_rect = painter.boundingRect(inner, flags, self.text())
        summary_rect = QRect()
        if self._summary:
            painter.setFont(summary_font)
            summary_rect = painter.boundingRect(inner, flags, self._summary)
        pixmap = icon_pixmap(self._icon, ink, t.icon_px) if self._icon else None
        icon_h = t.icon_px + pad // 2 if pixmap is not None else 0
        gap = pad // 3 if self._summary else 0
        total = icon_h + title_rect.height() + gap + summary_rect.height()
        top = inner.top() + max(0, (inner.height() - total) // 2)
        if pixmap is not None:
            painter.drawPixmap(inner.center().x() - t.icon_px // 2, top, pixmap)
            top += icon_h
        painter.setPen(QColor(ink))
        painter.setFont(title_font)
        painter.drawText(QRect(inner.left(), top, inner.width(), title_rect.height()),
                         flags, self.text())
        if self._summary:
            top += title_rect.height() + gap
            painter.setFont(summary_font)
            painter.drawText(QRect(inner.left(), top, inner.width(),
                                   max(0, inner.bottom() - top)), flags, self._summary)

    def _paint_badge(self, painter: QPainter, tile: QRect, ink: str) -> None:
        """A ✓ in the corner of a selected tile, so selection never depends on colour."""
        pixmap = icon_pixmap("yes", ink, BADGE_PX)
        x, y = tile.left() + self._theme.gap_px // 2, tile.top() + self._theme.gap_px // 2
        if pixmap is not None:
            painter.drawPixmap(x, y, pixmap)
        else:
            painter.setPen(QColor(ink))
            painter.setFont(self._font(BADGE_PX, True))
            painter.drawText(QRect(x, y, BADGE_PX, BADGE_PX), Qt.AlignmentFlag.AlignCenter, "✓")
