"""Home: the services as big tiles with a pictogram each, at most six (2 × 3)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.catalog import Catalog
from kiosk.session import SessionView
from kiosk.ui.context import UiContext
from kiosk.ui.qt_compat import emit
from kiosk.ui.screens.base import Screen, clear_layout
from kiosk.ui.spoken import options_sentence
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.tile_button import TileButton
from kiosk.ui.widgets.tile_grid import MAX_TILES, TileGrid

log = logging.getLogger(__name__)


class HomeScreen(Screen):
    service_chosen = Signal(str)

    def __init__(self, catalog: Catalog, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.catalog = catalog
        self.tiles: dict[str, TileButton] = {}
        self._language: str | None = None
        if len(catalog.services) > MAX_TILES:
            log.warning("the catalog has %d services; the home screen shows the first %d",
                        len(catalog.services), MAX_TILES)

    def show_view(self, view: SessionView, ctx: UiContext) -> None:
        self.set_texts(ctx.t("ui.home.title"), ctx.t("ui.home.help"))
        self.bar.configure(back=None, next_=None)
        if ctx.language == self._language:
            return
        self._language = ctx.language
        clear_layout(self.body)
        self.tiles = {}
        for service in self.catalog.services[:MAX_TILES]:
            tile = TileButton(ctx.tr.text(service.title), ctx.theme, icon=service.icon,
                              summary=ctx.tr.text(service.summary))
            tile.clicked.connect(lambda _=False, sid=service.id: emit(self.service_chosen, sid))
            self.tiles[service.id] = tile
        grid = TileGrid(list(self.tiles.values()), ctx.theme.gap_px,
                        wide=ctx.theme.size != "extra_large")
        self.body.addWidget(grid, 1)
        if self.isVisible():
            grid.show()

    def spoken_body(self, ctx: UiContext) -> list[str]:
        return [options_sentence([tile.text() for tile in self.tiles.values()], ctx)]
