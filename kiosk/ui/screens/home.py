"""Home: the services as big tiles with a pictogram each, at most six on a page.

Every service of the catalog is offered, at any count: when they do not fit on one page, the
bottom bar turns the pages (上一页 / 下一页, in the places of Skip and Next; "第 1 页，共 4 页"
above them) and home says how many there are; when the catalog declares categories, home shows
the categories first and a category its own services, with 返回 (and Esc) back to them
(kiosk/ui/screens/home_entries.py decides what is on which page). No scrolling, no dragging.

After a resident declined a consent, a calm notice above the tiles offers the counter instead
("没关系。您可以到柜台找工作人员办。"); it is said once and goes at the next touch or key
(`dismiss_notice`, called by the window) or with the next resident.

The township's current notices (`set_board`, from the window, which reads them on a worker) sit
in a card above the tiles, one line each, and are spoken right after the title; 看通知 opens them
in full. A notice past its last day is dropped here too, so it goes even when the kiosk is offline.
When the catalog has a consultation to vote on or to see the results of, a 村民议事 tile sits
before 查进度 at the end of home's first level.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from kiosk.domain.catalog import Catalog, Category
from kiosk.domain.consultations import CHINA_TIME
from kiosk.domain.session import SessionView
from kiosk.ui.look.qt_compat import emit
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.home_entries import (
    Entry,
    EntryKind,
    category_entries,
    page_of,
    paginate,
    top_entries,
)
from kiosk.ui.screens.home_fit import LAYOUTS, HomeFitting, grid_shape
from kiosk.ui.shell.context import UiContext

if TYPE_CHECKING:  # notices arrive with the board's first read, after the first frame
    from kiosk.domain.announcements import Announcement
from kiosk.ui.look.spoken import options_sentence, sentences
from kiosk.ui.look.theme import Theme
from kiosk.ui.widgets.notice_strip import NoticeStrip
from kiosk.ui.widgets.tile_button import TileButton
from kiosk.ui.widgets.tile_grid import TileGrid
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


class HomeScreen(HomeFitting, Screen):
    service_chosen = Signal(str)
    status_chosen = Signal()          # 查进度
    consultations_chosen = Signal()   # 村民议事
    announcements_chosen = Signal()   # 看通知
    feedback = Signal(str)            # said after a page turn or a category change

    def __init__(self, catalog: Catalog, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.catalog = catalog
        self.tiles: dict[str, TileButton] = {}            # the services of this level
        self.category_tiles: dict[str, TileButton] = {}   # home's first level, if categories
        self.status_tile: TileButton | None = None
        self.consultation_tile: TileButton | None = None
        self.category: Category | None = None   # the category open, None on the first level
        self.page = 0
        self.pages: list[list[Entry]] = [[]]
        self._grids: list[TileGrid] = []
        self._entry_tiles: dict[Entry, TileButton] = {}
        self._built_for: tuple[str, ConsultationTile, str | None] | None = None
        self._layout = 0   # index into LAYOUTS[wide], chosen by `_fit`
        self._look = LAYOUTS[True][0]
        self._quiet = False   # a notice shown: no help line whatever the layout
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
        self.bar.back_clicked.connect(self.back_out)
        self.bar.skip_clicked.connect(lambda: self.turn(-1))
        self.bar.next_clicked.connect(lambda: self.turn(1))

    # -- what the window tells us ------------------------------------------------------------
    def set_board(self, announcements: Sequence[Announcement],
                  consultations: ConsultationTile) -> None:
        """The notices (newest first) and the 村民议事 tile; shown at once if home is up."""
        self._announcements = tuple(announcements)
        self._consultations = consultations
        if self._ctx is not None:
            self._show_board(self._ctx)
            if self.isVisible():
                self.relayout()   # a notice takes room: the page may need fewer tiles

    def announcements(self, ctx: UiContext) -> list[Announcement]:
        return current(self._announcements, ctx.today())

    def show_view(self, view: SessionView, ctx: UiContext) -> None:
        self._ctx, self._declined = ctx, view.declined
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
        self.set_texts(self._title(ctx), "" if quiet else self._help(ctx))
        self._quiet = quiet
        category_id = self.category.id if self.category else None
        if self._built_for != (ctx.language, self._consultations, category_id):
            self._build_tiles(ctx)
        self._show_page(ctx)

    def _title(self, ctx: UiContext) -> str:
        if self.category is None:
            return ctx.t("ui.home.title")
        return ctx.t("home_pages.category_title", category=ctx.tr.text(self.category.title))

    def _help(self, ctx: UiContext) -> str:
        if self.category is not None:
            return ctx.t("home_pages.category_help_inside")
        return ctx.t("home_pages.category_help" if self.catalog.categories else "ui.home.help")

    # -- the tiles of this level, in pages ----------------------------------------------------
    def _entries(self) -> list[Entry]:
        if self.category is not None:
            return category_entries(self.catalog, self.category.id)
        return top_entries(self.catalog, self._consultations is not ConsultationTile.NONE)

    def _build_tiles(self, ctx: UiContext) -> None:
        self._built_for = (ctx.language, self._consultations,
                           self.category.id if self.category else None)
        while self.body.count() > 2:  # the tiles go; the notices above them stay
            item = self.body.takeAt(2)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        first = self.pages[self.page][0] if self.pages[self.page] else None
        self.tiles, self.category_tiles, self._entry_tiles = {}, {}, {}
        self.status_tile = self.consultation_tile = None
        wide = self._wide(ctx)
        self._look = look = LAYOUTS[wide][self._layout]
        per_page = look.per_page
        self.pages = paginate(self._entries(), per_page)
        self.page = page_of(self.pages, first) if first else 0   # the same tiles in view
        columns, rows = grid_shape(len(self._entries()), per_page, wide)
        paged = len(self.pages) > 1
        self._grids = []
        for page in self.pages:
            grid = TileGrid([self._tile(entry, ctx) for entry in page], ctx.theme.gap_px,
                            wide=wide, columns=columns,
                            rows=rows if paged else None)
            grid.hide()
            self._grids.append(grid)
            self.body.addWidget(grid, 1)

    def _tile(self, entry: Entry, ctx: UiContext) -> TileButton:
        tile: TileButton
        if entry.kind is EntryKind.SERVICE:
            service = self.catalog.service(entry.id)
            tile = TileButton(ctx.tr.text(service.title), ctx.theme, icon=service.icon,
                              summary=ctx.tr.text(service.summary),
                              summary_shown=self._look.summaries,
                              icon_shown=self._look.icons)
            tile.clicked.connect(lambda _=False, sid=service.id: emit(self.service_chosen, sid))
            self.tiles[service.id] = tile
        elif entry.kind is EntryKind.CATEGORY:
            category = next(c for c in self.catalog.categories if c.id == entry.id)
            count = len(self.catalog.in_category(category.id))
            summary = (ctx.tr.text(category.summary) if category.summary else
                       ctx.t("home_pages.category_summary", services=count))
            tile = TileButton(ctx.tr.text(category.title), ctx.theme,
                              icon=category.icon, summary=summary,
                              summary_shown=self._look.summaries,
                              icon_shown=self._look.icons)
            tile.clicked.connect(lambda _=False, cid=category.id: self.open_category(cid))
            self.category_tiles[category.id] = tile
        elif entry.kind is EntryKind.CONSULTATIONS:
            summary = ("consultations.tile.summary_open"
                       if self._consultations is ConsultationTile.OPEN
                       else "consultations.tile.summary_results")
            tile = TileButton(ctx.t("consultations.tile.title"), ctx.theme,
                              icon=CONSULTATION_ICON, summary=ctx.t(summary),
                              summary_shown=self._look.summaries,
                              icon_shown=self._look.icons)
            tile.clicked.connect(lambda: emit(self.consultations_chosen))
            self.consultation_tile = tile
        else:
            tile = TileButton(ctx.t("ui.status.tile"), ctx.theme, icon=STATUS_ICON,
                              summary=ctx.t("ui.status.tile_summary"),
                              summary_shown=self._look.summaries,
                              icon_shown=self._look.icons)
            tile.clicked.connect(lambda: emit(self.status_chosen))
            self.status_tile = tile
        self._entry_tiles[entry] = tile
        return tile

    def _show_page(self, ctx: UiContext) -> None:
        for number, grid in enumerate(self._grids):
            grid.setVisible(number == self.page)
        # Short of room, the help line goes first (it is still said).
        self.help.setVisible(bool(self.help.words()) and self._look.help_line)
        count = len(self.pages)
        self.bar.configure(
            back=ctx.t("home_pages.back") if self.category is not None else None,
            skip=ctx.t("home_pages.previous") if self.page > 0 else None,
            next_=ctx.t("home_pages.next") if self.page < count - 1 else None,
            step=ctx.t("home_pages.page", number=self.page + 1, count=count) if count > 1
            else None)
        for button, key in ((self.bar.back, "back"), (self.bar.skip, "previous"),
                            (self.bar.next, "next")):
            if button.text():
                button.setAccessibleName(ctx.t(f"home_pages.{key}_name"))

    def page_tiles(self) -> list[TileButton]:
        """The tiles of the page shown now, in order."""
        return [self._entry_tiles[e] for e in self.pages[self.page] if e in self._entry_tiles]

    def all_tiles(self) -> list[TileButton]:
        """Every tile of this level, on every page."""
        return [self._entry_tiles[e] for page in self.pages for e in page
                if e in self._entry_tiles]

    def main_control(self) -> QWidget | None:
        tiles = self.page_tiles()
        return tiles[0] if tiles else super().main_control()

    # -- moving between pages and categories --------------------------------------------------
    def turn(self, step: int) -> None:
        """上一页 / 下一页: a page back or on; the page is said, and the focus follows."""
        ctx = self._ctx
        target = self.page + step
        if ctx is None or not 0 <= target < len(self.pages):
            return
        pressed = self.bar.next if step > 0 else self.bar.skip
        kept = pressed.hasFocus()   # a keyboard user turning page after page stays put
        self.page = target
        self._show_page(ctx)
        self.relayout()
        if not (kept and pressed.isVisible()):
            self.take_focus()
        emit(self.feedback, sentences(self._page_spoken(ctx)))

    def open_category(self, category_id: str) -> None:
        ctx = self._ctx
        category = next((c for c in self.catalog.categories if c.id == category_id), None)
        if ctx is None or category is None:
            return
        self.category, self.page = category, 0
        self._show_board(ctx)
        self.relayout()
        self.take_focus()
        emit(self.feedback, self.spoken(ctx))

    def back_out(self) -> bool:
        """返回 (or Esc) in a category: back to the categories, on the page of the one left.
        False on the first level (nothing to go back to)."""
        ctx, left = self._ctx, self.category
        if ctx is None or left is None:
            return False
        self.category, self.page = None, 0
        self._built_for = None
        self._show_board(ctx)
        entry = Entry(EntryKind.CATEGORY, left.id)
        self.page = page_of(self.pages, entry)
        self._show_page(ctx)
        self.relayout()
        tile = self._entry_tiles.get(entry)
        self.take_focus()
        if tile is not None:
            tile.setFocus()
            self.quiet_focus = tile
        emit(self.feedback, self.spoken(ctx))
        return True

    def to_start(self) -> None:
        """A quiet spell on home: the next resident starts on the first page of everything."""
        ctx = self._ctx
        if ctx is None or (self.category is None and not self.page):
            return
        self.category, self.page, self._built_for = None, 0, None
        self._show_board(ctx)
        self.relayout()
        if self.isVisible():
            self.take_focus()

    def leave(self) -> None:
        """A service was chosen, or the resident is gone: home starts again at its top."""
        if self.category is not None or self.page:
            self.category, self.page, self._built_for = None, 0, None

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
        """The decline notice, the title, every current notice in full, then what to do:
        with pages or categories, how many services there are and which page this is."""
        help_text = "" if self._declined else self._help(ctx)
        return sentences([self.notice_text(), self.heading.words(),
                          *self.announcements_spoken(ctx), help_text, *self.spoken_body(ctx)])

    def help_spoken(self, ctx: UiContext) -> str:
        return self._help(ctx)

    def count_spoken(self, ctx: UiContext) -> str:
        """"这里有 23 项服务，分成 5 类。" when home has categories or pages, else nothing."""
        if self.category is not None:
            count = len(self.catalog.in_category(self.category.id))
            return ctx.t("home_pages.category_count", services=count)
        services, categories = len(self.catalog.services), len(self.catalog.categories)
        if categories > 1:
            return ctx.t("home_pages.count_in_categories", services=services,
                         categories=categories)
        if categories or len(self.pages) > 1:
            return ctx.t("home_pages.count", services=services)
        return ""

    def _page_spoken(self, ctx: UiContext) -> list[str]:
        count = len(self.pages)
        page = ([ctx.t("home_pages.page_spoken", number=self.page + 1, count=count)]
                if count > 1 else [])
        more = [ctx.t("home_pages.more_spoken")] if self.page < count - 1 else []
        return [*page, options_sentence([t.text() for t in self.page_tiles()], ctx), *more]

    def spoken_body(self, ctx: UiContext) -> list[str]:
        return [self.count_spoken(ctx), *self._page_spoken(ctx)]
