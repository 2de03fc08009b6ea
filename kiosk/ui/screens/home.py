"""Home: the services as big tiles with a pictogram each, at most six (2 × 3).

After a resident declined a consent, a calm notice above the tiles offers the counter instead
("没关系。您可以到柜台找工作人员办。"); it is said once and goes at the next touch or key
(`dismiss_notice`, called by the window) or with the next resident.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from kiosk.catalog import Catalog
from kiosk.session import SessionView
from kiosk.ui.context import UiContext
from kiosk.ui.qt_compat import emit
from kiosk.ui.screens.base import Screen
from kiosk.ui.spoken import options_sentence, sentences
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.tile_button import TileButton
from kiosk.ui.widgets.tile_grid import MAX_TILES, TileGrid
from kiosk.ui.widgets.words import Words

log = logging.getLogger(__name__)
STATUS_ICON = "status"   # assets/icons/status.svg
SERVICE_TILES = MAX_TILES - 1   # the last place is 查进度


class HomeScreen(Screen):
    service_chosen = Signal(str)
    status_chosen = Signal()   # 查进度

    def __init__(self, catalog: Catalog, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.catalog = catalog
        self.tiles: dict[str, TileButton] = {}
        self.status_tile: TileButton | None = None
        self._language: str | None = None
        self.notice = QFrame()
        self.notice.setProperty("role", "notice")
        self.notice_words = Words(role="answer")
        row = QHBoxLayout(self.notice)
        row.setContentsMargins(theme.gap_px, 4, theme.gap_px, 4)
        row.addWidget(self.notice_words)
        self.notice.hide()
        self.body.addWidget(self.notice)
        # The body holds only the notice and the tiles; a small gap keeps all tiles in view
        # with the notice shown (the tiles keep their own gaps between each other).
        self.body.setSpacing(8)
        if len(catalog.services) > SERVICE_TILES:
            log.warning("the catalog has %d services; the home screen shows the first %d",
                        len(catalog.services), SERVICE_TILES)

    def show_view(self, view: SessionView, ctx: UiContext) -> None:
        # After a decline the notice takes the help line's place: one message, and the tiles
        # stay where they always are.
        self.set_texts(ctx.t("ui.home.title"), "" if view.declined else ctx.t("ui.home.help"))
        self.bar.configure(back=None, next_=None)
        self._show_notice(ctx.t("ui.home.declined") if view.declined else "")
        if ctx.language == self._language:
            return
        self._language = ctx.language
        while self.body.count() > 1:  # the tiles go; the notice above them stays
            item = self.body.takeAt(1)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.tiles = {}
        for service in self.catalog.services[:SERVICE_TILES]:
            tile = TileButton(ctx.tr.text(service.title), ctx.theme, icon=service.icon,
                              summary=ctx.tr.text(service.summary))
            tile.clicked.connect(lambda _=False, sid=service.id: emit(self.service_chosen, sid))
            self.tiles[service.id] = tile
        self.status_tile = TileButton(ctx.t("ui.status.tile"), ctx.theme, icon=STATUS_ICON,
                                      summary=ctx.t("ui.status.tile_summary"))
        self.status_tile.clicked.connect(lambda: emit(self.status_chosen))
        grid = TileGrid([*self.tiles.values(), self.status_tile], ctx.theme.gap_px,
                        wide=ctx.theme.size != "extra_large")
        self.body.addWidget(grid, 1)
        if self.isVisible():
            grid.show()

    def _show_notice(self, text: str) -> None:
        self.notice_words.set_words(text)
        policy = self.notice.sizePolicy()
        policy.setRetainSizeWhenHidden(False)
        self.notice.setSizePolicy(policy)
        self.notice.setVisible(bool(text))

    def dismiss_notice(self) -> None:
        """The resident touched the screen: the notice goes, keeping its place until the next
        render, so a tile never jumps away from under the finger between press and release."""
        if self.notice.isHidden():
            return
        policy = self.notice.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.notice.setSizePolicy(policy)
        self.notice.hide()
        self.notice_words.set_words("")

    def notice_text(self) -> str:
        return "" if self.notice.isHidden() else self.notice_words.words()

    def spoken(self, ctx: UiContext) -> str:
        return sentences([self.notice_text(), super().spoken(ctx)])

    def help_spoken(self, ctx: UiContext) -> str:
        return ctx.t("ui.home.help")

    def spoken_body(self, ctx: UiContext) -> list[str]:
        tiles = [*self.tiles.values(), *([self.status_tile] if self.status_tile else [])]
        return [options_sentence([tile.text() for tile in tiles], ctx)]
