"""A problem said in plain words beside the field: a warning pictogram plus the words.

White on dark red, and never colour alone: the "!" sign and the words carry the meaning.
Screen readers hear it as an alert; the window also speaks it. Screens take it away as soon as
the entry it was about changes.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from kiosk.ui.look.a11y import announce
from kiosk.ui.look.icons import icon_pixmap
from kiosk.ui.look.theme import Theme
from kiosk.ui.widgets.words import Words

ICON_PX = 64


def warning_pixmap(theme: Theme) -> QPixmap:
    """assets/icons/warning.svg if there is one, else a drawn "!" in a circle."""
    drawn = icon_pixmap("warning", theme.error_text, ICON_PX)
    if drawn is not None:
        return drawn
    pixmap = QPixmap(ICON_PX, ICON_PX)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(theme.error_text))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(2, 2, ICON_PX - 4, ICON_PX - 4)
    font = QFont()
    font.setPixelSize(ICON_PX * 3 // 4)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor(theme.error_background))
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, "!")
    painter.end()
    return pixmap


class ErrorBanner(QFrame):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.setObjectName("ErrorBanner")
        self.setStyleSheet(
            f"QFrame#ErrorBanner {{ background: {theme.error_background}; "
            f"border-radius: {theme.radius_px}px; }}"
            f"QFrame#ErrorBanner QLabel {{ color: {theme.error_text}; background: transparent; "
            f"font-weight: bold; }}")
        self.icon = QLabel()
        self.icon.setPixmap(warning_pixmap(theme))
        self.icon.setFixedSize(QSize(ICON_PX, ICON_PX))
        self.label = Words()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(theme.gap_px, theme.gap_px // 2, theme.gap_px,
                                  theme.gap_px // 2)
        layout.setSpacing(theme.gap_px)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.label, 1)
        self.hide()

    def show_message(self, text: str | None) -> None:
        if text:
            changed = text != self.label.words() or self.isHidden()
            self.label.set_words(text)
            self.setAccessibleName(text)
            self.icon.setAccessibleName(text)
            self.show()
            if changed:
                announce(self, text)
        else:   # put right: nothing of the old problem is left for a screen reader either
            self.label.set_words("")
            self.setAccessibleName("")
            self.icon.setAccessibleName("")
            self.hide()

    def message(self) -> str:
        return "" if self.isHidden() else self.label.words()
