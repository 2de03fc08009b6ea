"""看通知: every current notice from the township in full, in large type, newest first.

Opened from the card on the home screen (whose lines may be cut short); over home, like Help.
Everything on it is spoken; 返回 (or Esc) goes back to home.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.domain.announcements import Announcement
from kiosk.ui.look.spoken import sentences
from kiosk.ui.look.theme import Theme
from kiosk.ui.screens.base import Screen, clear_layout
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.words import Words


class AnnouncementsScreen(Screen):
    closed = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.items: list[Words] = []
        self.bar.back_clicked.connect(self.closed)

    def present(self, announcements: Sequence[Announcement], ctx: UiContext) -> None:
        self.set_texts(ctx.t("announcements.page.title"), ctx.t("announcements.page.help"))
        clear_layout(self.body)
        self.items = []
        texts = [a.text_in(ctx.language) for a in announcements]
        for text in texts or [ctx.t("announcements.page.none")]:
            words = Words(text, role="big")
            self.body.addWidget(words)
            self.items.append(words)
        self.body.addStretch(1)
        self.bar.configure(back=ctx.t("consultations.nav.back"), next_=None)

    def spoken(self, ctx: UiContext) -> str:
        return sentences([self.heading.words(), *(w.words() for w in self.items),
                          self.help.words()])

    def leave(self) -> None:
        clear_layout(self.body)
        self.items = []
