"""Printing receipts and the volunteer's "今天办的事" page, for MainWindow.

Print: the receipt's 打印凭条 button → `print_receipt` → `receipt_jobs.print_or_keep` on a
worker (printer connect + status + send take up to a few seconds; the PDF ~50 ms) → back here:
"printed, take it" is shown and spoken, or the printer's fault in plain words with what became
of the receipt (kept on the kiosk as a PDF for the staff). The number never leaves the screen.

Today: while a volunteer is signed in, Help offers 今天办的事 (`open_volunteer_today`): today's
applications at this kiosk and the open "call a volunteer" requests, loaded on a worker with
their own Store connection. 补打凭条 reprints through the same path; 已处理 closes a request,
records who did it, and writes an audit entry (role "volunteer", action "request_handled",
detail: the request id). Reprints are audited too ("receipt_reprinted", the tracking number).

Where receipts come from: `receipt_setup` if set (the tour sets one), else the data folder the
window's database lives in. With neither there is nowhere to keep a PDF: no print button.
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWidget

from kiosk.domain import tracking
from kiosk.domain.catalog import Catalog
from kiosk.domain.receipts import Receipt
from kiosk.domain.session import ResidentSession, Step
from kiosk.errors import UnknownServiceError
from kiosk.ui.bridges.tasks import TaskRunner
from kiosk.ui.look.spoken import sentences
from kiosk.ui.screens.base import Screen
from kiosk.ui.shell.context import UiContext
from kiosk.ui.shell.pages import Pages

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from kiosk.privacy.volunteers import Volunteer
    from kiosk.store.volunteer_view import TodaySubmission
    from kiosk.ui.operations.receipt_jobs import PrintJob, PrintOutcome, ReceiptSetup, TodayReport

    _Base = QWidget
else:
    _Base = object


def _jobs() -> ModuleType:
    """kiosk.ui.operations.receipt_jobs (printing, PDF, the volunteer's page): loaded on first
    use."""
    from kiosk.ui.operations import receipt_jobs

    return receipt_jobs


class ReceiptPrinting(_Base):
    receipt_setup: ReceiptSetup | None = None
    if TYPE_CHECKING:
        _ctx: UiContext
        _overlay: Screen | None
        pages: Pages
        session: ResidentSession
        tasks: TaskRunner
        catalog: Catalog
        db_path: Path | None
        volunteer: Volunteer | None

        def say(self, text: str) -> None: ...
        def visible_page(self) -> Screen: ...
        def _show_overlay(self, page: Screen) -> None: ...
        def close_overlay(self) -> None: ...
        def _audit(self, action: str, actor: str, **detail: object) -> None: ...

    def _connect_receipts(self, name: str) -> None:
        """Wire the page `name` when it is built (see Pages)."""
        p = self.pages
        if name == "receipt":
            p.receipt.print_requested.connect(self.print_receipt)
            p.receipt.set_print_available(self._receipts() is not None)
        elif name == "help":
            p.help.volunteer_today_requested.connect(self.open_volunteer_today)
        elif name == "today":
            p.today.closed.connect(self.close_overlay)
            p.today.reprint_requested.connect(self.reprint)
            p.today.handled_requested.connect(self.mark_request_handled)

    def set_receipt_setup(self, setup: ReceiptSetup | None) -> None:
        """Where receipts come from, when it is not the database's folder (the tour)."""
        self.receipt_setup = setup
        if self.pages.is_built("receipt"):
            self.pages.receipt.set_print_available(self._receipts() is not None)

    def _receipts(self) -> ReceiptSetup | None:
        if self.receipt_setup is not None:
            return self.receipt_setup
        return _jobs().ReceiptSetup(self.db_path.parent) if self.db_path is not None else None

    def _service_title(self, service_id: str) -> str:
        try:
            return self._ctx.tr.text(self.catalog.service(service_id).title)
        except UnknownServiceError:   # dropped from the catalog since: the id is a clue
            return service_id

    def _fault_words(self, outcome: PrintOutcome) -> str:
        kept = "receipts.print.kept_pdf" if outcome.pdf_path else "receipts.print.not_kept"
        return sentences([self._ctx.t(outcome.error_key or "printing.error.failed"),
                          self._ctx.t(kept)])

    # -- the resident's receipt --------------------------------------------------------------
    @Slot()
    def print_receipt(self) -> None:
        view, setup, page = self.session.view, self._receipts(), self.pages.receipt
        if view.receipt is None or setup is None or not page.print_button.isEnabled():
            return   # nothing to print, or a job for it is running already
        title = self._service_title(view.service.id) if view.service else view.receipt.service_id
        job = _jobs().PrintJob(view.receipt, title, self._ctx.language)
        page.set_printing(self._ctx.t("receipts.print.busy"))
        self.say(self._ctx.t("receipts.print.busy"))
        self.tasks.run(lambda: _jobs().print_or_keep(setup, job), self._receipt_printed,
                       lambda exc: self._receipt_printed(self._crashed(job, exc)))

    @staticmethod
    def _crashed(job: PrintJob, error: Exception) -> PrintOutcome:
        log.error("printing a receipt failed unexpectedly: %s", error, exc_info=error)
        return _jobs().PrintOutcome(job.receipt.tracking_number, printed=False)

    def _receipt_printed(self, outcome: PrintOutcome) -> None:
        receipt, page = self.session.view.receipt, self.pages.receipt
        if (self.session.step is not Step.RECEIPT or receipt is None
                or receipt.tracking_number != outcome.tracking_number):
            return   # the resident has gone: the next one must not hear about it
        words = (self._ctx.t("receipts.print.done") if outcome.printed
                 else self._fault_words(outcome))
        if outcome.printed:
            page.show_printed(words)
        else:
            page.show_print_problem(words)
        if self.visible_page() is page:
            self.say(words)

    # -- the volunteer's page ----------------------------------------------------------------
    @Slot()
    def open_volunteer_today(self) -> None:
        setup = self._receipts()
        if self.volunteer is None or setup is None:
            return
        page = self.pages.today
        page.present(self._ctx)
        page.bar.set_repeat(self._ctx.t("ui.nav.repeat"), self._ctx.t("ui.nav.repeat_name"))
        self._show_overlay(page)
        self._load_today(setup)

    def _load_today(self, setup: ReceiptSetup, *, speak: bool = True) -> None:
        hall = self._ctx.hall
        day = hall.today()   # the hall's day: "today" ends at the hall's midnight
        self.tasks.run(lambda: _jobs().load_today(setup, day, hall),
                       lambda report: self._today_loaded(report, speak), self._today_failed)

    def _today_loaded(self, report: TodayReport, speak: bool) -> None:
        page = self.pages.today
        if self._overlay is not page:
            return
        page.show_report(self._ctx, report.submissions, report.requests,
                         report.volunteer_names, self._service_title)
        page.relayout()
        if speak:   # a reload after 已处理 keeps quiet: "done" was just said
            self.say(page.spoken(self._ctx))

    def _today_failed(self, error: Exception) -> None:
        log.error("loading today's applications failed: %s", error, exc_info=error)
        if self.pages.shown(self._overlay, "today"):
            self.pages.today.show_problem(self._ctx.t("receipts.today.failed"))
            self.say(self.pages.today.error.message())

    def reprint(self, submission: TodaySubmission) -> None:
        setup, volunteer, page = self._receipts(), self.volunteer, self.pages.today
        if setup is None or volunteer is None:
            return
        number = submission.tracking_number
        receipt = Receipt(submission.application_id, number, submission.service_id,
                          submission.created_at)
        title = self._service_title(submission.service_id)
        job = _jobs().PrintJob(receipt, title, self._ctx.language)
        page.set_row_busy(number, True)
        busy = self._ctx.t("receipts.today.reprint_busy", number=receipt.grouped)
        page.show_note(busy)
        self.say(busy)
        self._audit("receipt_reprinted", volunteer.id, tracking_number=number)
        self.tasks.run(lambda: _jobs().print_or_keep(setup, job), self._reprinted,
                       lambda exc: self._reprinted(self._crashed(job, exc)))

    def _reprinted(self, outcome: PrintOutcome) -> None:
        page = self.pages.today
        if self._overlay is not page:
            return
        page.set_row_busy(outcome.tracking_number, False)
        if outcome.printed:
            words = self._ctx.t("receipts.today.reprint_done",
                                number=tracking.grouped(outcome.tracking_number))
            page.show_note(words)
        else:
            words = self._fault_words(outcome)
            page.show_problem(words)
        self.say(words)

    def mark_request_handled(self, request_id: int) -> None:
        setup, volunteer = self._receipts(), self.volunteer
        if setup is None or volunteer is None:
            return
        button = self.pages.today.handled_buttons.get(request_id)
        if button is not None:
            button.setEnabled(False)   # a second tap while it is being noted does nothing
        volunteer_id = volunteer.id
        self.tasks.run(lambda: _jobs().close_request(setup, request_id, volunteer_id),
                       lambda closed: self._request_closed(request_id, volunteer_id, closed),
                       self._request_close_failed)

    def _request_closed(self, request_id: int, volunteer_id: str, closed: bool) -> None:
        if closed:
            self._audit("request_handled", volunteer_id, request=request_id)
        if not self.pages.shown(self._overlay, "today"):
            return
        words = self._ctx.t("receipts.today.handled_done" if closed
                            else "receipts.today.handled_already")
        self.pages.today.show_note(words)
        self.say(words)
        setup = self._receipts()
        if setup is not None:
            self._load_today(setup, speak=False)

    def _request_close_failed(self, error: Exception) -> None:
        log.error("marking a volunteer request handled failed: %s", error, exc_info=error)
        if self.pages.shown(self._overlay, "today"):
            for button in self.pages.today.handled_buttons.values():
                button.setEnabled(True)
            self.pages.today.show_problem(self._ctx.t("receipts.today.handled_failed"))
            self.say(self.pages.today.error.message())
