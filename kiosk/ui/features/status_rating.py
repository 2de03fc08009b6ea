"""查进度 and 好差评: both are pages over the resident's screen (like Help).

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

from kiosk.store.thread import with_store
from kiosk.ui.look.spoken import sentences
from kiosk.ui.screens.base import Screen
from kiosk.ui.shell.shell import Shell

if TYPE_CHECKING:
    from kiosk.domain.status_words import StatusLookup

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


class StatusAndRating:
    def __init__(self, shell: Shell, db_path: Path | None) -> None:
        self._shell, self._db_path = shell, db_path

    def page_built(self, name: str, page: Screen) -> None:
        p, say = self._shell.pages, self._shell.say
        if name == "home":
            p.home.status_chosen.connect(self.open_status_lookup)
        elif name == "receipt":
            p.receipt.done.connect(self.finish_receipt)
        elif name == "status":
            p.status.closed.connect(self.close_status_lookup)
            p.status.submitted.connect(self.look_up_number)
            p.status.feedback.connect(say)
        elif name == "rating":
            p.rating.rated.connect(self.rate)
            p.rating.skipped.connect(self.finish_service)
            p.rating.rated_step_changed.connect(lambda: say(p.rating.spoken(self._shell.ctx)))

    def new_resident(self) -> None:
        """Nothing: a look-up or a rating is over when its page goes."""

    # -- 查进度 ------------------------------------------------------------------------------
    def open_status_lookup(self) -> None:
        page = self._shell.pages.status
        page.present(self._shell.ctx)
        self._shell.overlay.show(page)

    def status_lookup_open(self) -> bool:
        return self._shell.showing("status")

    def close_status_lookup(self) -> None:
        if self._shell.showing("status"):
            self._shell.overlay.close()

    def scanned(self, digits: str) -> None:
        """A barcode scanner's burst of digits + Enter, while the look-up is open."""
        if self.status_lookup_open():
            self._shell.pages.status.scanned(digits)

    def look_up_number(self, typed: str) -> None:
        shell, db_path = self._shell, self._db_path
        page = shell.pages.status
        if db_path is None:
            page.show_problem(shell.ctx.t("ui.status.failed"))
            shell.say(page.error.message())
            return
        page.set_busy(True)
        shell.say(page.busy.words())
        lookup = lookup_in(db_path)
        shell.tasks.run(lambda: lookup(typed), self._looked_up, self._lookup_failed)

    def _looked_up(self, result: StatusLookup) -> None:
        shell = self._shell
        page = shell.pages.status
        if shell.overlay.page is not page:
            return    # the resident left meanwhile
        page.show_result(result, shell.ctx)
        shell.say(page.spoken(shell.ctx))

    def _lookup_failed(self, error: Exception) -> None:
        log.error("looking up a tracking number failed: %s", error)
        shell = self._shell
        page = shell.pages.status
        if shell.overlay.page is page:
            page.show_problem(shell.ctx.t("ui.status.failed"))
            shell.say(page.error.message())

    # -- 好差评 ------------------------------------------------------------------------------
    def finish_receipt(self) -> None:
        """The receipt's 完成: the voluntary rating, if ratings can be kept; else home."""
        view = self._shell.session.view
        if self._db_path is None or view.receipt is None or view.service is None:
            self.finish_service()
            return
        page = self._shell.pages.rating
        page.present(self._shell.ctx)
        self._shell.overlay.show(page)

    def rating_open(self) -> bool:
        return self._shell.showing("rating")

    def rate(self, level: int, reasons: tuple[str, ...]) -> None:
        view, db_path = self._shell.session.view, self._db_path
        if view.receipt is not None and view.service is not None and db_path is not None:
            save = rating_saver(db_path)
            number, service_id = view.receipt.tracking_number, view.service.id
            self._shell.tasks.run(lambda: save(number, service_id, level, tuple(reasons)),
                                  lambda _saved: None,
                                  lambda exc: log.error("could not keep the rating: %s", exc))
        self.finish_service(thanks=True)

    def finish_service(self, thanks: bool = False) -> None:
        """Home for the next resident (the rating page goes with the render)."""
        shell = self._shell
        shell.event(shell.session.reset)
        if thanks:
            shell.say(sentences([shell.ctx.t("ui.rating.thanks"),
                                 shell.pages.home.spoken(shell.ctx)]))
