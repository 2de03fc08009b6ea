"""How home lays out a page of tiles so that it fits the screen whole (kiosk/ui/screens/home.py).

Tile heights depend on the words (English wraps more than Chinese), the text size and the
notices above the tiles, so home measures rather than guesses: after each change it takes the
first of LAYOUTS (most tiles and words first) whose page needs no scrolling, and rebuilds its
tiles if that is another layout than the one shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLayout

from kiosk.ui.widgets.tile_grid import columns_for

if TYPE_CHECKING:
    from kiosk.ui.screens.base import Screen
    from kiosk.ui.shell.context import UiContext
    from kiosk.ui.widgets.tile_button import TileButton
    from kiosk.ui.widgets.tile_grid import TileGrid

    _Base = Screen
else:
    _Base = object


@dataclass(frozen=True)
class PageLayout:
    """How a page of home is laid out: tiles on a page, and what shows besides each tile's
    name (a summary not shown is still the tile's accessible description, and the help line
    is always said)."""

    per_page: int
    summaries: bool = True
    help_line: bool = True
    icons: bool = True


def _layouts(counts: tuple[int, ...]) -> tuple[PageLayout, ...]:
    """For each count, best first: everything; no summaries; no help line either; and for
    two tiles or fewer, no pictograms either (rather than one tile to a page)."""
    layouts: list[PageLayout] = []
    for n in counts:
        layouts += [PageLayout(n), PageLayout(n, False), PageLayout(n, False, False)]
        if n <= 2:
            layouts.append(PageLayout(n, False, False, False))
    return tuple(layouts)


# Best first. Home takes the first that shows a whole page with no scrolling, with the words
# and notices it shows now (`_fit`): no tile is ever cut off or scrolled to, at any text size,
# in either language. Wide is three across; extra large text has two.
LAYOUTS: dict[bool, tuple[PageLayout, ...]] = {True: _layouts((6, 4, 3, 2, 1)),
                                               False: _layouts((6, 4, 2, 1))}


def _spacing(layout: QLayout | None) -> int:
    return layout.spacing() if layout is not None else 0


def grid_shape(count: int, per_page: int, wide: bool) -> tuple[int, int]:
    """Columns and rows of home's grid for `count` tiles at most `per_page` to a page: a
    single page is laid out for its own count, every page of several for a full page."""
    shown = min(count, per_page) if count <= per_page else per_page
    columns = columns_for(max(1, shown), wide)
    return columns, -(-max(1, shown) // columns)


class HomeFitting(_Base):
    """The fitting half of HomeScreen (a mixin: HomeScreen provides what is declared here)."""

    if TYPE_CHECKING:
        _ctx: UiContext | None
        _grids: list[TileGrid]
        _layout: int
        _quiet: bool
        page: int

        def all_tiles(self) -> list[TileButton]: ...
        def _build_tiles(self, ctx: UiContext) -> None: ...
        def _show_page(self, ctx: UiContext) -> None: ...

    @staticmethod
    def _wide(ctx: UiContext) -> bool:
        return ctx.theme.size != "extra_large"

    def relayout(self) -> None:
        super().relayout()
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._fit)   # not while Qt is still resizing the window

    def _fit(self) -> None:
        """Choose the first of LAYOUTS that shows a whole page with no scrolling, and rebuild
        the tiles if it is another than now. Measured, not guessed: tile heights depend on the
        words (English wraps more), the text size and the notices above the tiles."""
        ctx = self._ctx
        if ctx is None or not self.isVisible() or not self._grids:
            return
        content, layout = self.scroller.widget(), self.layout()
        if content is None or layout is None:
            return
        layout.activate()
        viewport = self.scroller.viewport()
        bar = self.scroller.verticalScrollBar()
        width = viewport.width() + (bar.width() if bar.isVisible() and self.theme.size
                                    == "standard" else 0)
        if width < 400 or viewport.height() < 200:
            return   # not laid out yet: the resize that follows fits it
        grid = self._grids[self.page]
        # A box layout keeps the heights it worked out before a grid was shown or hidden
        # until its next pass: measure afresh.
        self.body.invalidate()
        content_layout = content.layout()
        if content_layout is not None:
            content_layout.invalidate()
        others = content.heightForWidth(width) - grid.heightForWidth(width)
        help_line = 0 if self._quiet or not self.help.words() else (
            self.help.heightForWidth(width) + _spacing(content_layout))
        if self.help.isVisible():
            others -= help_line   # measured below for each layout
        step_line = self.bar.step.sizeHint().height() + _spacing(self.bar.layout())
        height = viewport.height() + (0 if self.bar.step.isHidden() else step_line)
        tiles = self.all_tiles()
        wide = self._wide(ctx)
        choice = len(LAYOUTS[wide]) - 1
        for index, look in enumerate(LAYOUTS[wide]):
            columns, rows = grid_shape(len(tiles), look.per_page, wide)
            paged = len(tiles) > look.per_page
            column = (width - (columns - 1) * ctx.theme.gap_px) // columns
            tallest = max((t.height_with(column, look.summaries, look.icons) for t in tiles),
                          default=0)
            needed = (others + rows * tallest + (rows - 1) * ctx.theme.gap_px
                      + (help_line if look.help_line else 0) + (step_line if paged else 0))
            if needed <= height:
                choice = index
                break
        if choice != self._layout:
            focused = any(t.hasFocus() for t in tiles) or self.quiet_focus in tiles
            self._layout = choice
            self._build_tiles(ctx)
            self._show_page(ctx)
            super().relayout()
            if focused:
                self.take_focus()
