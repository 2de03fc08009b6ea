"""Home: the services as big tiles with a pictogram each, at most six (2 × 3).

After a resident declined a consent, a calm notice above the tiles offers the counter instead
("没关系。您可以到柜台找工作人员办。"); it is said once and goes at the next touch or key
(`dismiss_notice`, called by the window) or with the next resident.

The township's current notices (`set_board`, from the window, which reads them on a worker) sit
in a card above the tiles, one line each, and are spoken right after the title; 看通知 opens them
in full. A notice past its last day is dropped here too, so it goes even when the kiosk is offline.
When the catalog has a consultation to vote on or to see the results of, a 村民议事 tile sits
before 查进度; the services give up a place for it if there are too many (logged).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from kiosk.catalog import Catalog
from kiosk.consultations import CHINA_TIME
from kiosk.session import SessionView
from kiosk.ui.context import UiContext
from kiosk.ui.qt_compat import emit
from kiosk.ui.screens.base import Screen

if TYPE_CHECKING:  # notices arrive with the board's first read, after the first frame
    from kiosk.announcements import Announcement
from kiosk.ui.spoken import options_sentence, sentences
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.notice_strip import NoticeStrip
from kiosk.ui.widgets.tile_button import TileButton
from kiosk.ui.widgets.tile_grid import MAX_TILES, TileGrid
from kiosk.ui.widgets.words import Words

log = logging.getLogger(__name__)
STATUS_ICON = "status"   # assets/icons/status.svg
CONSULTATION_ICON = "vote"   # assets/icons/vote.svg
# Lines of notices on home: more would push the tiles down, out of view at the bigger sizes.
NOTICE_LINES = {"standard": 1, "large": 1, "extra_large": 1}


class ConsultationTile(StrEnum):
    NONE = "none"          # nothing to vote on or to look at
    OPEN = "open"          # at least one consultation takes votes
    RESULTS = "results"    # only closed ones, with their results


def current(announcements: Sequence[Announcement], today: dt.date) -> list[Announcement]:
    """The notices still current on the kiosk's date (midday, China time: the date is what
    counts, whatever the clock's zone)."""
    now = dt.datetime.combine(today, dt.time(12), tzinfo=CHINA_TIME)
    return [a for a in announcements if a.is_current(now)]


class HomeScreen(Screen):
    service_chosen = Signal(str)
    status_chosen = Signal()          # 查进度
    consultations_chosen = Signal()   # 村民议事
    announcements_chosen = Signal()   # 看通知

    def __init__(self, catalog: Catalog, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.catalog = catalog
        self.tiles: dict[str, TileButton] = {}
        self.status_tile: TileButton | None = None
        self.consultation_tile: TileButton | None = None
        self._built_for: tuple[str, ConsultationTile] | None = None
        self._ctx: UiContext | None = None
        self._declined = False
        self._announcements: tuple[Announcement, ...] = ()
        self._consultations = ConsultationTile.NONE
        self.notice = QFrame()
        self.notice.setProperty("role", "notice")
        self.notice_words = Words(role="answer")
        row = QHBoxLayout(self.notice)
        row.setContentsMargins(theme.gap_px, 4, theme.gap_px, 4)
        row.addWidget(self.notice_words)
        self.notice.hide()
        self.body.addWidget(self.notice)
        self.strip = NoticeStrip(theme)
        self.strip.more_clicked.connect(lambda: emit(self.announcements_chosen))
        self.body.addWidget(self.strip)
        # The body holds only the notices and the tiles; a small gap keeps all tiles in view
        # with a notice shown (the tiles keep their own gaps between each other).
        self.body.setSpacing(8)

    # -- what the window tells us ------------------------------------------------------------
    def set_board(self, announcements: Sequence[Announcement],
                  consultations: ConsultationTile) -> None:
        """The notices (newest first) and the 村民议事 tile; shown at once if home is up."""
        self._announcements = tuple(announcements)
        self._consultations = consultations
        if self._ctx is not None:
            self._show_board(self._ctx)

    def announcements(self, ctx: UiContext) -> list[Announcement]:
        return current(self._announcements, ctx.today())

    def show_view(self, view: SessionView, ctx: UiContext) -> None:
        self._ctx, self._declined = ctx, view.declined
        self.bar.configure(back=None, next_=None)
        self._show_notice(ctx.t("ui.home.declined") if view.declined else "")
        self._show_board(ctx)

    def _show_board(self, ctx: UiContext) -> None:
        notices = self.announcements(ctx)
        shown = notices[:NOTICE_LINES.get(ctx.theme.size, 1)]
        self.strip.show_lines([ctx.t("announcements.home.line", text=a.text_in(ctx.language))
                               for a in shown], ctx.t("announcements.home.more"),
                              ctx.t("announcements.home.more_name"))
        # A notice (the decline's, or the township's) takes the help line's place, so the
        # tiles stay where they always are; the help is still spoken.
        quiet = self._declined or bool(notices)
        # The notice card is taller than the help line it replaces: it sits closer to the
        # title instead, so the tiles still fit without scrolling at the standard size.
        self.set_head_gap(not notices)
        self.set_texts(ctx.t("ui.home.title"), "" if quiet else ctx.t("ui.home.help"))
        if self._built_for != (ctx.language, self._consultations):
            self._build_tiles(ctx)

    def _build_tiles(self, ctx: UiContext) -> None:
        self._built_for = (ctx.language, self._consultations)
        while self.body.count() > 2:  # the tiles go; the notices above them stay
            item = self.body.takeAt(2)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        extra = 1 if self._consultations is not ConsultationTile.NONE else 0
        room = MAX_TILES - 1 - extra   # 查进度 always has its place
        services = self.catalog.services
        if len(services) > room:
            log.warning("the catalog has %d services; the home screen shows the first %d "
                        "(hidden: %s)", len(services), room,
                        ", ".join(s.id for s in services[room:]))
        self.tiles = {}
        for service in services[:room]:
            tile = TileButton(ctx.tr.text(service.title), ctx.theme, icon=service.icon,
                              summary=ctx.tr.text(service.summary))
            tile.clicked.connect(lambda _=False, sid=service.id: emit(self.service_chosen, sid))
            self.tiles[service.id] = tile
        self.consultation_tile = None
        if extra:
            summary = ("consultations.tile.summary_open"
                       if self._consultations is ConsultationTile.OPEN
                       else "consultations.tile.summary_results")
            self.consultation_tile = TileButton(ctx.t("consultations.tile.title"), ctx.theme,
                                                icon=CONSULTATION_ICON, summary=ctx.t(summary))
            self.consultation_tile.clicked.connect(lambda: emit(self.consultations_chosen))
        self.status_tile = TileButton(ctx.t("ui.status.tile"), ctx.theme, icon=STATUS_ICON,
                                      summary=ctx.t("ui.status.tile_summary"))
        self.status_tile.clicked.connect(lambda: emit(self.status_chosen))
        grid = TileGrid(self.all_tiles(), ctx.theme.gap_px,
                        wide=ctx.theme.size != "extra_large")
        self.body.addWidget(grid, 1)
        if self.isVisible():
            grid.show()

    def all_tiles(self) -> list[TileButton]:
        extra = [t for t in (self.consultation_tile, self.status_tile) if t is not None]
        return [*self.tiles.values(), *extra]

    # -- the decline notice ------------------------------------------------------------------
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

    # -- speech ------------------------------------------------------------------------------
    def announcements_spoken(self, ctx: UiContext) -> list[str]:
        return [ctx.t("announcements.home.spoken", text=a.text_in(ctx.language))
                for a in self.announcements(ctx)]

    def spoken(self, ctx: UiContext) -> str:
        """The decline notice, the title, every current notice in full, then what to do."""
        help_text = "" if self._declined else ctx.t("ui.home.help")
        return sentences([self.notice_text(), self.heading.words(),
                          *self.announcements_spoken(ctx), help_text, *self.spoken_body(ctx)])

    def help_spoken(self, ctx: UiContext) -> str:
        return ctx.t("ui.home.help")

    def spoken_body(self, ctx: UiContext) -> list[str]:
        return [options_sentence([tile.text() for tile in self.all_tiles()], ctx)]
