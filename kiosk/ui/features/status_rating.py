"""查进度 and 好差评, for MainWindow: both are pages over the resident's screen (like Help).

Status look-up: the home tile opens `StatusLookupScreen`; a typed or scanned number is looked up
on a worker with its own Store connection (`status_words.look_up`), never on the UI thread.
Rating: the receipt's 完成 opens `RatingScreen` (when the window has a database); a rating is
saved on a worker with `Store.save_rating` and the resident goes home at once, whatever happens;
Skip, Esc and the idle time-out finish too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWidget

from kiosk.domain.session import ResidentSession
from kiosk.store.thread import with_store
from kiosk.ui.bridges.tasks import TaskRunner
from kiosk.ui.look.spoken import sentences
from kiosk.ui.screens.base import Screen
from kiosk.ui.shell.context import UiContext
from kiosk.ui.shell.pages import Pages

log = logging.getLogger(__name__)


def lookup_in(db_path: Path) -> Callable[[str], StatusLookup]:
    def lookup(typed: str) -> StatusLookup:
        from kiosk.domain.status_words import look_up  # on the worker, at the first look-up

        return with_store(db_path, lambda store: look_up(store, typed))
    return lookup


def rating_saver(db_path: Path) -> Callable[[str, str, int, tuple[str, ...]], object]:
    def save(tracking_number: str, service_id: str, level: int,
             reasons: tuple[str, ...]) -> object:
        return with_store(db_path, lambda store: store.save_rating(
            tracking_number, service_id, level, reasons))
    return save


if TYPE_CHECKING:
    from kiosk.domain.status_words import StatusLookup

    _Base = QWidget
else:
    _Base = object


class FeedbackMode(_Base):
    if TYPE_CHECKING:
        _ctx: UiContext
        _overlay: Screen | None
        pages: Pages
        session: ResidentSession
        tasks: TaskRunner
        db_path: Path | None

        def say(self, text: str) -> None: ...
        def _show_overlay(self, page: Screen) -> None: ...
        def _event(self, send: Callable[[], object]) -> None: ...
        def close_overlay(self) -> None: ...

    def _connect_feedback(self, name: str) -> None:
        """Wire the page `name` when it is built (see Pages)."""
        p = self.pages
        if name == "home":
            p.home.status_chosen.connect(self.open_status_lookup)
        elif name == "status":
            p.status.closed.connect(self.close_status_lookup)
            p.status.submitted.connect(self.look_up_number)
            p.status.feedback.connect(self.say)
        elif name == "rating":
            p.rating.rated.connect(self.rate)
            p.rating.skipped.connect(self.finish_service)
            p.rating.rated_step_changed.connect(lambda: self.say(p.rating.spoken(self._ctx)))

    # -- 查进度 ------------------------------------------------------------------------------
    @Slot()
    def open_status_lookup(self) -> None:
        page = self.pages.status
        page.present(self._ctx)
        page.bar.set_repeat(self._ctx.t("ui.nav.repeat"), self._ctx.t("ui.nav.repeat_name"))
        self._show_overlay(page)

    def status_lookup_open(self) -> bool:
        return self.pages.shown(self._overlay, "status")

    @Slot()
    def close_status_lookup(self) -> None:
        if self.pages.shown(self._overlay, "status"):
            self.close_overlay()

    def scanned(self, digits: str) -> None:
        """A barcode scanner's burst of digits + Enter, while the look-up is open."""
        if self.status_lookup_open():
            self.pages.status.scanned(digits)

    def look_up_number(self, typed: str) -> None:
        page, db_path = self.pages.status, self.db_path
        if db_path is None:
            page.show_problem(self._ctx.t("ui.status.failed"))
            self.say(page.error.message())
            return
        page.set_busy(True)
        self.say(page.busy.words())
        lookup = lookup_in(db_path)
        self.tasks.run(lambda: lookup(typed), self._looked_up, self._lookup_failed)

    def _looked_up(self, result: StatusLookup) -> None:
        page = self.pages.status
        if self._overlay is not page:
            return    # the resident left meanwhile
        page.show_result(result, self._ctx)
        self.say(page.spoken(self._ctx))

    def _lookup_failed(self, error: Exception) -> None:
        log.error("looking up a tracking number failed: %s", error)
        page = self.pages.status
        if self._overlay is page:
            page.show_problem(self._ctx.t("ui.status.failed"))
            self.say(page.error.message())

    # -- 好差评 ------------------------------------------------------------------------------
    @Slot()
    def finish_receipt(self) -> None:
        """The receipt's 完成: the voluntary rating, if ratings can be kept; else home."""
        view = self.session.view
        if self.db_path is None or view.receipt is None or view.service is None:
            self.finish_service()
            return
        page = self.pages.rating
        page.present(self._ctx)
        page.bar.set_repeat(self._ctx.t("ui.nav.repeat"), self._ctx.t("ui.nav.repeat_name"))
        self._show_overlay(page)

    def rating_open(self) -> bool:
        return self.pages.shown(self._overlay, "rating")

    def rate(self, level: int, reasons: tuple[str, ...]) -> None:
        view, db_path = self.session.view, self.db_path
        if view.receipt is not None and view.service is not None and db_path is not None:
            save = rating_saver(db_path)
            number, service_id = view.receipt.tracking_number, view.service.id
            self.tasks.run(lambda: save(number, service_id, level, tuple(reasons)),
                           lambda _saved: None,
                           lambda exc: log.error("could not keep the rating: %s", exc))
        self.finish_service(thanks=True)

    def finish_service(self, thanks: bool = False) -> None:
        """Home for the next resident (the rating page goes with the render)."""
        self._event(self.session.reset)
        if thanks:
            self.say(sentences([self._ctx.t("ui.rating.thanks"),
                                self.pages.home.spoken(self._ctx)]))
