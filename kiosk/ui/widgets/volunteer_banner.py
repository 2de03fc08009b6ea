"""While a volunteer is signed in: "志愿者 李明 正在帮忙" in the top bar, on every screen.

A badge pictogram and the words, in the notice colours, where the hall's name usually is (so it
takes no room from the screen below). Signing out is in the Help panel (志愿者退出), and the idle
time-out signs out too.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from kiosk.ui.look.icons import icon_pixmap
from kiosk.ui.shell.context import UiContext

ICON_PX = 40


class VolunteerBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "notice")
        self.icon = QLabel()
        self.icon.setFixedSize(QSize(ICON_PX, ICON_PX))
        self.words = QLabel()
        self.words.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 0, 20, 0)  # the top bar is only just tall enough
        row.setSpacing(12)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.words, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_volunteer(self, ctx: UiContext, name: str | None) -> None:
        """Show who is helping (or hide the banner when `name` is None)."""
        if name is None:
            self.words.setText("")
            self.setAccessibleName("")
            self.words.setAccessibleName("")
            self.hide()
            return
        pixmap = icon_pixmap("volunteer", ctx.theme.notice_text, ICON_PX)
        if pixmap is not None:
            self.icon.setPixmap(pixmap)
        text = ctx.t("ui.volunteer.banner", name=name)
        self.words.setText(text)
        self.words.setAccessibleName(text)
        self.setAccessibleName(text)
        self.show()

    def text(self) -> str:
        return "" if self.isHidden() else self.words.text()
