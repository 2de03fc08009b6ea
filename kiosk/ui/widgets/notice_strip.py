"""The township's notices on the home screen: a calm card, one line per notice, and 看通知.

A notice may be long (up to 300 characters); wrapped in full at a big text size it would push the
service tiles off the screen. So each line shows as much as fits and ends in "…"; the whole text
is in the line's accessible name and is spoken, and 看通知 opens them all in large type.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.look.icons import icon
from kiosk.ui.look.theme import Theme

ICON_PX = 48


class OneLine(QLabel):
    """A single line that ends in "…" when the words are wider than the room given."""

    def __init__(self, role: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if role:
            self.setProperty("role", role)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        # Never asks for the width of the whole text: the layout gives what the row has.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._full = ""

    def set_line(self, text: str) -> None:
        self._full = text
        self.setAccessibleName(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def is_cut(self) -> bool:
        return self.text() != self._full

    def sizeHint(self) -> QSize:
        return QSize(100, self.fontMetrics().height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        # A few pixels spare: Qt's eliding and a plain measurement of "…" differ slightly.
        width = max(0, self.contentsRect().width() - 8)
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                                   width))


class NoticeStrip(QFrame):
    more_clicked = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self._theme = theme
        self.lines_box = QVBoxLayout()
        self.lines_box.setSpacing(4)
        self.lines: list[OneLine] = []
        self.more = QPushButton()
        self.more.setProperty("role", "small")
        self.more.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.more.setIcon(icon("notice", theme.tile_text, ICON_PX))
        self.more.setIconSize(QSize(ICON_PX, ICON_PX))
        self.more.clicked.connect(self.more_clicked)
        row = QHBoxLayout(self)
        # Thin margins: every pixel here is one the tiles below do not get; the bottom one
        # with the body's spacing keeps 看通知 16 px from the tiles.
        row.setContentsMargins(theme.gap_px, 0, 0, 8)
        row.setSpacing(theme.gap_px)
        row.addLayout(self.lines_box, 1)
        row.addWidget(self.more, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_lines(self, lines: list[str], more: str, more_name: str) -> None:
        """One line per notice (already cut to the number that fits); none: the card goes."""
        for old in self.lines:
            self.lines_box.removeWidget(old)
            old.hide()
            old.deleteLater()
        self.lines = []
        for text in lines:
            line = OneLine(role="answer")
            line.set_line(text)
            self.lines_box.addWidget(line)
            self.lines.append(line)
        self.more.setText(more)
        self.more.setAccessibleName(more_name)
        self.setVisible(bool(lines))

    def texts(self) -> list[str]:
        return [line.full_text() for line in self.lines]
