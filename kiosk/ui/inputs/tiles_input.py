"""Choices as big tiles (≤ 6), and Yes / No as two tiles with ✓ and ✗."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.domain.catalog import Field
from kiosk.ui.inputs.base import AnswerInput
from kiosk.ui.look.qt_compat import emit
from kiosk.ui.look.spoken import options_sentence
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.tile_button import TileButton
from kiosk.ui.widgets.tile_grid import TileGrid


class _TilesInput(AnswerInput):
    def __init__(self, field: Field, ctx: UiContext,
                 options: list[tuple[object, str, str | None]],
                 parent: QWidget | None = None) -> None:
        super().__init__(field, ctx, parent)
        self._values = [value for value, _text, _icon in options]
        self.tiles = [TileButton(text, ctx.theme, icon=icon_name, checkable=True)
                      for _value, text, icon_name in options]
        # One choice at a time, kept by hand: a QButtonGroup would take every unchecked tile
        # out of the keyboard's reach (Qt's radio-button focus rule).
        for index, tile in enumerate(self.tiles):
            tile.clicked.connect(lambda _=False, i=index: self._chosen(i))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(TileGrid(self.tiles, ctx.theme.gap_px,
                                  wide=ctx.theme.size != "extra_large"))

    def checked_index(self) -> int:
        return next((i for i, tile in enumerate(self.tiles) if tile.isChecked()), -1)

    def _check_only(self, index: int) -> None:
        for i, tile in enumerate(self.tiles):
            tile.setChecked(i == index)

    def _chosen(self, index: int) -> None:
        self._check_only(index)
        emit(self.feedback, self.ctx.t("ui.speech.chosen", choice=self.tiles[index].text()))

    def spoken_state(self) -> list[str]:
        said = [options_sentence([tile.text() for tile in self.tiles], self.ctx)]
        index = self.checked_index()
        if index >= 0:
            said.append(self.ctx.t("ui.speech.chosen", choice=self.tiles[index].text()))
        return said

    def how_to(self) -> str:
        return self.ctx.t("ui.speech.how_tiles")

    def raw_value(self) -> object:
        index = self.checked_index()
        return None if index < 0 else self._values[index]

    def set_raw(self, raw: object) -> None:
        if raw in self._values:
            self._check_only(self._values.index(raw))

    def tile_for(self, value: object) -> TileButton:
        return self.tiles[self._values.index(value)]


class ChoiceInput(_TilesInput):
    def __init__(self, field: Field, ctx: UiContext, parent: QWidget | None = None) -> None:
        options: list[tuple[object, str, str | None]] = [
            (choice.value, ctx.tr.text(choice.label), None) for choice in field.choices]
        super().__init__(field, ctx, options, parent)


class YesNoInput(_TilesInput):
    def __init__(self, field: Field, ctx: UiContext, parent: QWidget | None = None) -> None:
        options: list[tuple[object, str, str | None]] = [
            (True, ctx.t("ui.yes_no.yes"), "yes"), (False, ctx.t("ui.yes_no.no"), "no")]
        super().__init__(field, ctx, options, parent)
