"""Consent: what will be written down, why, who gets it, how long it is kept. Agree or not."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.domain.session import SessionView
from kiosk.ui.look.spoken import sentences
from kiosk.ui.look.theme import Theme
from kiosk.ui.screens.base import Screen, step_text
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.words import Words


class ConsentScreen(Screen):
    accepted = Signal()
    declined = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.service_title = Words(role="big")
        self.text = Words()
        box = QFrame()
        box.setObjectName("ConsentBox")
        box.setStyleSheet(f"QFrame#ConsentBox {{ background: {theme.tile_background}; "
                          f"border-left: 12px solid {theme.tile_border}; }}"
                          "QFrame#ConsentBox QLabel { background: transparent; }")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(theme.margin_px, theme.gap_px, theme.margin_px, theme.gap_px)
        inner.setSpacing(theme.gap_px)
        inner.addWidget(self.service_title)
        inner.addWidget(self.text)
        inner.addStretch(1)
        self.body.addWidget(box, 1)
        self.bar.back_clicked.connect(self.declined)
        self.bar.next_clicked.connect(self.accepted)

    def show_view(self, view: SessionView, ctx: UiContext) -> None:
        if view.service is None:
            return
        self.set_texts(ctx.t("ui.consent.title"), ctx.t("ui.consent.help"))
        self.service_title.set_words(ctx.tr.text(view.service.title))
        self.text.set_words(ctx.tr.text(view.service.consent))
        self.bar.configure(back=ctx.t("ui.consent.disagree"),
                           next_=ctx.t("ui.consent.agree"),
                           step=step_text(ctx, 1, view.question_count))

    def spoken(self, ctx: UiContext) -> str:
        return sentences([self.heading.words(), self.service_title.words(), self.text.words(),
                          self.help.words()])
