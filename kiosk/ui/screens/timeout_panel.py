"""The time-out warning: a count-down in big words and one big "我还要用" button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QWidget

from kiosk.ui.look.a11y import announce
from kiosk.ui.look.spoken import sentences
from kiosk.ui.look.theme import Theme
from kiosk.ui.screens.base import Screen
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.words import Words


class TimeoutPanel(Screen):
    extend = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.countdown = Words(role="big")
        self.more_time = QPushButton()
        self.more_time.setProperty("role", "primary")
        self.more_time.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.more_time.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        # One button, as big as a door: the stylesheet's sizes win over setMinimumSize.
        self.more_time.setStyleSheet(f"font-size: {theme.heading_px}px; "
                                     f"min-width: {theme.target_px * 6}px; "
                                     f"min-height: {theme.target_px * 2}px;")
        self.more_time.clicked.connect(self.extend)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.more_time)
        row.addStretch(1)
        self.body.addWidget(self.countdown)
        self.body.addLayout(row)
        self.body.addStretch(1)
        self._ctx: UiContext | None = None

    def present(self, ctx: UiContext, seconds: int) -> None:
        self._ctx = ctx
        self.set_texts(ctx.t("ui.timeout.title"), ctx.t("ui.timeout.help"))
        self.more_time.setText(ctx.t("ui.timeout.more_time"))
        self.more_time.setAccessibleName(ctx.t("ui.timeout.more_time"))
        self.bar.configure(back=None, next_=None)
        self.set_remaining(seconds)
        announce(self.countdown, self.countdown.words())

    def set_remaining(self, seconds: int) -> None:
        if self._ctx is not None:
            self.countdown.set_words(self._ctx.t("ui.timeout.countdown", seconds=seconds))

    def spoken(self, ctx: UiContext) -> str:
        return sentences([self.heading.words(), self.countdown.words(), self.help.words()])
