"""Choices as big tiles (≤ 6), and Yes / No as two tiles with ✓ and ✗."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QVBoxLayout, QWidget

from kiosk.catalog import Field
from kiosk.ui.context import UiContext
from kiosk.ui.inputs.base import AnswerInput
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
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        for index, tile in enumerate(self.tiles):
            self._group.addButton(tile, index)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(TileGrid(self.tiles, ctx.theme.gap_px))

    def raw_value(self) -> object:
        index = self._group.checkedId()
        return None if index < 0 else self._values[index]

    def set_raw(self, raw: object) -> None:
        if raw in self._values:
            self.tiles[self._values.index(raw)].setChecked(True)

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
