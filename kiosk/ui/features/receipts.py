"""Printing receipts and the volunteer's "今天办的事" page.

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

from kiosk.domain import tracking
from kiosk.domain.receipts import Receipt
from kiosk.domain.session import Step
from kiosk.errors import UnknownServiceError
from kiosk.ui.features.volunteer import VolunteerMode
from kiosk.ui.look.spoken import sentences
from kiosk.ui.screens.base import Screen
from kiosk.ui.shell.shell import Shell

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from kiosk.store.volunteer_view import TodaySubmission
    from kiosk.ui.operations.receipt_jobs import PrintJob, PrintOutcome, ReceiptSetup, TodayReport


def _jobs() -> ModuleType:
    """kiosk.ui.operations.receipt_jobs (printing, PDF, the volunteer's page): loaded on first
    use."""
    from kiosk.ui.operations import receipt_jobs

    return receipt_jobs


class ReceiptPrinting:
    def __init__(self, shell: Shell, db_path: Path | None, volunteers: VolunteerMode) -> None:
        """`volunteers`: who is helping (the page is theirs) and their audit entries."""
        self._shell, self._db_path, self._volunteers = shell, db_path, volunteers
        self.receipt_setup: ReceiptSetup | None = None

    def page_built(self, name: str, page: Screen) -> None:
        p = self._shell.pages
        if name == "receipt":
            p.receipt.print_requested.connect(self.print_receipt)
            p.receipt.set_print_available(self._receipts() is not None)
        elif name == "help":
            p.help.volunteer_today_requested.connect(self.open_volunteer_today)
        elif name == "today":
            p.today.closed.connect(self._shell.overlay.close)
            p.today.reprint_requested.connect(self.reprint)
            p.today.handled_requested.connect(self.mark_request_handled)

    def new_resident(self) -> None:
        """Nothing: a print job finishing late checks the receipt is still on screen."""

    def set_receipt_setup(self, setup: ReceiptSetup | None) -> None:
        """Where receipts come from, when it is not the database's folder (the tour)."""
        self.receipt_setup = setup
        if self._shell.pages.is_built("receipt"):
            self._shell.pages.receipt.set_print_available(self._receipts() is not None)

    def _receipts(self) -> ReceiptSetup | None:
        if self.receipt_setup is not None:
            return self.receipt_setup
        return _jobs().ReceiptSetup(self._db_path.parent) if self._db_path is not None else None

    def _service_title(self, service_id: str) -> str:
        try:
            return self._shell.ctx.tr.text(self._shell.catalog.service(service_id).title)
        except UnknownServiceError:   # dropped from the catalog since: the id is a clue
            return service_id

    def _fault_words(self, outcome: PrintOutcome) -> str:
        kept = "receipts.print.kept_pdf" if outcome.pdf_path else "receipts.print.not_kept"
        return sentences([self._shell.ctx.t(outcome.error_key or "printing.error.failed"),
                          self._shell.ctx.t(kept)])

    # -- the resident's receipt --------------------------------------------------------------
    def print_receipt(self) -> None:
        view, setup, page = self._shell.session.view, self._receipts(), self._shell.pages.receipt
        if view.receipt is None or setup is None or not page.print_button.isEnabled():
            return   # nothing to print, or a job for it is running already
        title = self._service_title(view.service.id) if view.service else view.receipt.service_id
        job = _jobs().PrintJob(view.receipt, title, self._shell.ctx.language)
        page.set_printing(self._shell.ctx.t("receipts.print.busy"))
        self._shell.say(self._shell.ctx.t("receipts.print.busy"))
        self._shell.tasks.run(lambda: _jobs().print_or_keep(setup, job), self._receipt_printed,
                              lambda exc: self._receipt_printed(self._crashed(job, exc)))

    @staticmethod
    def _crashed(job: PrintJob, error: Exception) -> PrintOutcome:
        log.error("printing a receipt failed unexpectedly: %s", error, exc_info=error)
        return _jobs().PrintOutcome(job.receipt.tracking_number, printed=False)

    def _receipt_printed(self, outcome: PrintOutcome) -> None:
        receipt, page = self._shell.session.view.receipt, self._shell.pages.receipt
        if (self._shell.session.step is not Step.RECEIPT or receipt is None
                or receipt.tracking_number != outcome.tracking_number):
            return   # the resident has gone: the next one must not hear about it
        words = (self._shell.ctx.t("receipts.print.done") if outcome.printed
                 else self._fault_words(outcome))
        if outcome.printed:
            page.show_printed(words)
        else:
            page.show_print_problem(words)
        if self._shell.visible_page() is page:
            self._shell.say(words)

    # -- the volunteer's page ----------------------------------------------------------------
    def open_volunteer_today(self) -> None:
        setup = self._receipts()
        if self._volunteers.volunteer is None or setup is None:
            return
        page = self._shell.pages.today
        page.present(self._shell.ctx)
        self._shell.overlay.show(page)
        self._load_today(setup)

    def _load_today(self, setup: ReceiptSetup, *, speak: bool = True) -> None:
        hall = self._shell.ctx.hall
        day = hall.today()   # the hall's day: "today" ends at the hall's midnight
        self._shell.tasks.run(lambda: _jobs().load_today(setup, day, hall),
                              lambda report: self._today_loaded(report, speak), self._today_failed)

    def _today_loaded(self, report: TodayReport, speak: bool) -> None:
        page = self._shell.pages.today
        if self._shell.overlay.page is not page:
            return
        page.show_report(self._shell.ctx, report.submissions, report.requests,
                         report.volunteer_names, self._service_title)
        page.relayout()
        if speak:   # a reload after 已处理 keeps quiet: "done" was just said
            self._shell.say(page.spoken(self._shell.ctx))

    def _today_failed(self, error: Exception) -> None:
        log.error("loading today's applications failed: %s", error, exc_info=error)
        if self._shell.showing("today"):
            self._shell.pages.today.show_problem(self._shell.ctx.t("receipts.today.failed"))
            self._shell.say(self._shell.pages.today.error.message())

    def reprint(self, submission: TodaySubmission) -> None:
        setup, volunteer = self._receipts(), self._volunteers.volunteer
        page = self._shell.pages.today
        if setup is None or volunteer is None:
            return
        number = submission.tracking_number
        receipt = Receipt(submission.application_id, number, submission.service_id,
                          submission.created_at)
        title = self._service_title(submission.service_id)
        job = _jobs().PrintJob(receipt, title, self._shell.ctx.language)
        page.set_row_busy(number, True)
        busy = self._shell.ctx.t("receipts.today.reprint_busy", number=receipt.grouped)
        page.show_note(busy)
        self._shell.say(busy)
        self._volunteers.audit("receipt_reprinted", volunteer.id, tracking_number=number)
        self._shell.tasks.run(lambda: _jobs().print_or_keep(setup, job), self._reprinted,
                              lambda exc: self._reprinted(self._crashed(job, exc)))

    def _reprinted(self, outcome: PrintOutcome) -> None:
        page = self._shell.pages.today
        if self._shell.overlay.page is not page:
            return
        page.set_row_busy(outcome.tracking_number, False)
        if outcome.printed:
            words = self._shell.ctx.t("receipts.today.reprint_done",
                                      number=tracking.grouped(outcome.tracking_number))
            page.show_note(words)
        else:
            words = self._fault_words(outcome)
            page.show_problem(words)
        self._shell.say(words)

    def mark_request_handled(self, request_id: int) -> None:
        setup, volunteer = self._receipts(), self._volunteers.volunteer
        if setup is None or volunteer is None:
            return
        button = self._shell.pages.today.handled_buttons.get(request_id)
        if button is not None:
            button.setEnabled(False)   # a second tap while it is being noted does nothing
        volunteer_id = volunteer.id
        self._shell.tasks.run(lambda: _jobs().close_request(setup, request_id, volunteer_id),
                              lambda closed: self._request_closed(request_id, volunteer_id, closed),
                              self._request_close_failed)

    def _request_closed(self, request_id: int, volunteer_id: str, closed: bool) -> None:
        if closed:
            self._volunteers.audit("request_handled", volunteer_id, request=request_id)
        if not self._shell.showing("today"):
            return
        words = self._shell.ctx.t("receipts.today.handled_done" if closed
                                  else "receipts.today.handled_already")
        self._shell.pages.today.show_note(words)
        self._shell.say(words)
        setup = self._receipts()
        if setup is not None:
            self._load_today(setup, speak=False)

    def _request_close_failed(self, error: Exception) -> None:
        log.error("marking a volunteer request handled failed: %s", error, exc_info=error)
        if self._shell.showing("today"):
            for button in self._shell.pages.today.handled_buttons.values():
                button.setEnabled(True)
            words = self._shell.ctx.t("receipts.today.handled_failed")
            self._shell.pages.today.show_problem(words)
            self._shell.say(self._shell.pages.today.error.message())
