"""The second, separate consent (PIPL art. 29): the sensitive things this service will ask for.

Shown after the general consent only when the service has fields the catalog marks `sensitive`
(an ID number, health or disability details). It names each of them, says why and who receives
them, and offers two big tiles: 同意 (✓) goes on to the questions, 不同意 (✗) ends here and the home
screen offers the counter instead. Back returns to the general consent.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.domain.session import SessionView
from kiosk.ui.look.qt_compat import emit
from kiosk.ui.look.spoken import sentences
from kiosk.ui.look.theme import Theme
from kiosk.ui.screens.base import Screen, step_text
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.tile_button import TileButton
from kiosk.ui.widgets.tile_grid import TileGrid
from kiosk.ui.widgets.words import Words

AGREE_ICON, DISAGREE_ICON = "yes", "no"   # ✓ and ✗ pictograms, as on every yes/no choice


class SensitiveConsentScreen(Screen):
    accepted = Signal()
    declined = Signal()
    back_requested = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.asks = Words(role="answer")
        self.why = Words()
        box = QFrame()
        box.setObjectName("SensitiveBox")
        box.setStyleSheet(f"QFrame#SensitiveBox {{ background: {theme.tile_background}; "
                          f"border-left: 12px solid {theme.tile_border}; }}"
                          "QFrame#SensitiveBox QLabel { background: transparent; }")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(theme.margin_px, theme.gap_px, theme.margin_px, theme.gap_px)
        inner.setSpacing(theme.gap_px // 2)
        inner.addWidget(self.asks)
        inner.addWidget(self.why)
        self.agree = TileButton("", theme, icon=AGREE_ICON, title_px=theme.heading_px)
        self.disagree = TileButton("", theme, icon=DISAGREE_ICON, title_px=theme.heading_px)
        self.agree.clicked.connect(lambda _=False: emit(self.accepted))
        self.disagree.clicked.connect(lambda _=False: emit(self.declined))
        self.tiles = TileGrid([self.agree, self.disagree], theme.gap_px)
        self.body.addWidget(box)
        self.body.addWidget(self.tiles)
        self.body.addStretch(1)
        self.bar.back_clicked.connect(self.back_requested)
        self._items: list[str] = []

    def show_view(self, view: SessionView, ctx: UiContext) -> None:
        service = view.service
        if service is None:
            return
        self.set_texts(ctx.t("ui.sensitive.title"), ctx.t("ui.sensitive.help"))
        self._items = [ctx.tr.text(f.label) for f in service.fields if f.sensitive]
        self.asks.set_words(self.asked_sentence(ctx))
        self.why.set_words(ctx.t("ui.sensitive.why"))
        for tile, key in ((self.agree, "agree"), (self.disagree, "disagree")):
            tile.setText(ctx.t(f"ui.sensitive.{key}"))
            tile.setAccessibleName(ctx.t(f"ui.sensitive.{key}_name"))
            tile.updateGeometry()
        self.bar.configure(back=ctx.t("ui.nav.back"), next_=None,
                           step=step_text(ctx, 1, view.question_count))

    def asked_sentence(self, ctx: UiContext) -> str:
        return ctx.t("ui.sensitive.asks") + ctx.t("ui.sensitive.list_separator").join(
            self._items)

    def spoken(self, ctx: UiContext) -> str:
        return sentences([self.heading.words(), self.asks.words(), self.why.words(),
                          self.help.words()])

    def help_spoken(self, ctx: UiContext) -> str:
        return sentences([self.asked_sentence(ctx), self.why.words(), self.help.words()])
