"""Consent: what will be written down, why, who gets it, how long it is kept. Agree or not."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.session import SessionView
from kiosk.ui.context import UiContext
from kiosk.ui.screens.base import Screen, step_text
from kiosk.ui.theme import Theme


class ConsentScreen(Screen):
    accepted = Signal()
    declined = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.service_title = QLabel()
        self.service_title.setProperty("role", "big")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
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
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(box)
        self.body.addWidget(scroll, 1)
        self.bar.back_clicked.connect(self.declined)
        self.bar.next_clicked.connect(self.accepted)

    def show_view(self, view: SessionView, ctx: UiContext) -> None:
        if view.service is None:
            return
        self.set_texts(ctx.t("ui.consent.title"), ctx.t("ui.consent.help"))
        self.service_title.setText(ctx.tr.text(view.service.title))
        self.text.setText(ctx.tr.text(view.service.consent))
        self.bar.configure(back=ctx.t("ui.consent.disagree"),
                              next_=ctx.t("ui.consent.agree"),
                              step=step_text(ctx, 1, view.question_count))
