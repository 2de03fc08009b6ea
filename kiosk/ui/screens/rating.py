"""好差评 after the receipt: five big faces with words, best first, and 跳过 always there.

For the two lowest levels the resident may also tap reasons (big choices, none needed) and then
send. Voluntary: Skip, Esc and the idle time-out all just finish. The window saves the rating on
a worker and goes home whatever happens.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.domain.ratings import LEVELS, REASON_LEVELS, REASONS, level_key, reason_key
from kiosk.ui.look.qt_compat import emit
from kiosk.ui.look.spoken import options_sentence, sentences
from kiosk.ui.look.theme import Theme
from kiosk.ui.screens.base import Screen, clear_layout
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.tile_button import TileButton
from kiosk.ui.widgets.tile_grid import TileGrid

FACE_ICONS = {level: f"face-{level}" for level in LEVELS}   # assets/icons/face-<n>.svg


class RatingScreen(Screen):
    rated = Signal(int, object)   # level, tuple of reason codes
    skipped = Signal()
    rated_step_changed = Signal()   # the reasons (or the faces again) came up: say them

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.level: int | None = None
        self.levels: dict[int, TileButton] = {}
        self.reasons: dict[str, TileButton] = {}
        self._ctx: UiContext | None = None
        self.bar.skip_clicked.connect(self.skipped)
        self.bar.back_clicked.connect(self._back)
        self.bar.next_clicked.connect(self._send)

    def present(self, ctx: UiContext) -> None:
        """The five faces."""
        self._ctx, self.level = ctx, None
        self.reasons = {}
        self.set_texts(ctx.t("ui.rating.title"), ctx.t("ui.rating.help"))
        clear_layout(self.body)
        self.levels = {}
        for level in LEVELS:
            tile = TileButton(ctx.t(level_key(level)), ctx.theme, icon=FACE_ICONS[level])
            tile.clicked.connect(lambda _=False, lv=level: self.choose(lv))
            self.levels[level] = tile
        self._add_grid(list(self.levels.values()), ctx)
        self.bar.configure(back=None, next_=None, skip=ctx.t("ui.rating.skip"))

    def choose(self, level: int) -> None:
        if level not in REASON_LEVELS or self._ctx is None:
            emit(self.rated, level, ())
            return
        ctx, self.level = self._ctx, level
        self.set_texts(ctx.t("ui.rating.reasons_title"), ctx.t("ui.rating.reasons_help"))
        clear_layout(self.body)
        self.levels = {}
        self.reasons = {}
        for code in REASONS:
            tile = TileButton(ctx.t(reason_key(code)), ctx.theme, checkable=True)
            self.reasons[code] = tile
        self._add_grid(list(self.reasons.values()), ctx)
        self.bar.configure(back=ctx.t("ui.nav.back"), next_=ctx.t("ui.rating.send"),
                           skip=ctx.t("ui.rating.skip"))
        emit(self.rated_step_changed)

    def _add_grid(self, tiles: list[TileButton], ctx: UiContext) -> None:
        grid = TileGrid(tiles, ctx.theme.gap_px, wide=ctx.theme.size != "extra_large")
        self.body.addWidget(grid, 1)
        if self.isVisible():
            grid.show()

    def chosen_reasons(self) -> tuple[str, ...]:
        return tuple(code for code, tile in self.reasons.items() if tile.isChecked())

    def _send(self) -> None:
        if self.level is not None:
            emit(self.rated, self.level, self.chosen_reasons())

    def _back(self) -> None:
        if self._ctx is not None and self.level is not None:
            self.present(self._ctx)
            emit(self.rated_step_changed)

    def spoken_body(self, ctx: UiContext) -> list[str]:
        tiles = self.reasons or self.levels
        return [options_sentence([tile.text() for tile in tiles.values()], ctx)]

    def help_spoken(self, ctx: UiContext) -> str:
        return sentences([self.help.words(), ctx.t("ui.rating.skip_help")])

    def leave(self) -> None:
        self.level = None
        for tile in self.reasons.values():
            tile.setChecked(False)
