"""Up to six tiles in a calm grid: one row for ≤ 3, then 2×2, then 2×3.

A page of a longer list (home with many services) passes its `columns` and `rows`, so every
page of that list has tiles of one size, the last one too, with its empty places left empty.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.ui.widgets.tile_button import TileButton

MAX_TILES = 6


def columns_for(count: int, wide: bool = True) -> int:
    """Three across at most; two when the text is extra large (narrow tiles would wrap badly)."""
    if not wide:
        return 1 if count == 1 else 2
    if count <= 3:
        return max(1, count)
    return 2 if count == 4 else 3


class TileGrid(QWidget):
    def __init__(self, tiles: Sequence[TileButton], gap: int, *, wide: bool = True,
                 columns: int | None = None, rows: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if len(tiles) > MAX_TILES:
            raise ValueError(f"at most {MAX_TILES} tiles on a screen, got {len(tiles)}")
        self.tiles = list(tiles)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(gap)
        columns = columns or columns_for(len(tiles), wide)
        for index, tile in enumerate(tiles):
            layout.addWidget(tile, index // columns, index % columns)
        if rows is not None:   # a page of a longer list: the same rows and columns on each
            for row in range(rows):
                layout.setRowStretch(row, 1)
            for column in range(columns):
                layout.setColumnStretch(column, 1)
            for index in range(len(tiles), rows * columns):
                layout.addWidget(QWidget(), index // columns, index % columns)
