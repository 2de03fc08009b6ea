"""Home: the services as big tiles with a pictogram each, at most six (2 × 3)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.catalog import Catalog
from kiosk.session import SessionView
from kiosk.ui.context import UiContext
from kiosk.ui.screens.base import Screen, clear_layout
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.tile_button import TileButton
from kiosk.ui.widgets.tile_grid import MAX_TILES, TileGrid

log = logging.getLogger(__name__)


class HomeScreen(Screen):
    service_chosen = Signal(str)

    def __init__(self, catalog: Catalog, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, bottom_bar=False, parent=parent)
        self.catalog = catalog
        self.tiles: dict[str, TileButton] = {}
        self._language: str | None = None
        if len(catalog.services) > MAX_TILES:
            log.warning("the catalog has %d services; the home screen shows the first %d",
                        len(catalog.services), MAX_TILES)

    def show_view(self, view: SessionView, ctx: UiContext) -> None:
        self.set_texts(ctx.t("ui.home.title"), ctx.t("ui.home.help"))
        if ctx.language == self._language:
            return
        self._language = ctx.language
        clear_layout(self.body)
        self.tiles = {}
        for service in self.catalog.services[:MAX_TILES]:
            tile = TileButton(ctx.tr.text(service.title), ctx.theme, icon=service.icon,
                              summary=ctx.tr.text(service.summary))
            tile.clicked.connect(lambda _=False, sid=service.id: self.service_chosen.emit(sid))
            self.tiles[service.id] = tile
        self.body.addWidget(TileGrid(list(self.tiles.values()), ctx.theme.gap_px), 1)
