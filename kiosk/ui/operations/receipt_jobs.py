"""The work behind the receipt's print button and the volunteer's "今天办的事" page, as plain
functions that run on a worker (`TaskRunner`) and return values: no widget is touched here.

`print_or_keep` reads the technician's printer settings fresh for every job (so a printer set
up in the technician panel works for the very next resident), prints through kiosk.printing.printer,
and when that is not possible keeps the receipt as `<data dir>/receipts/<number>.pdf`.
Database work goes through the window's store thread (kiosk/store/thread.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.domain.receipts import Receipt
from kiosk.errors import KioskError
from kiosk.hall_time import HallTime
from kiosk.paths import database_path
from kiosk.printing.layout import DEFAULT_COLUMNS, layout_receipt
from kiosk.printing.printer import PrinterError, create_printer
from kiosk.privacy.volunteers import VolunteerRegistry
from kiosk.store.thread import with_store
from kiosk.store.volunteer_view import TodaySubmission, VolunteerRequest
from kiosk.ui.operations.pdf_receipt import PdfReceiptError, write_pdf_receipt

log = logging.getLogger(__name__)
RECEIPTS_FOLDER = "receipts"
FAILED_KEY = "printing.error.failed"


@dataclass(frozen=True)
class ReceiptSetup:
    """Where receipts come from: the data folder (settings, database, kept PDFs)."""

    data_dir: Path

    @property
    def pdf_dir(self) -> Path:
        return self.data_dir / RECEIPTS_FOLDER

    @property
    def db_path(self) -> Path:
        return database_path(self.data_dir)


@dataclass(frozen=True)
class PrintJob:
    receipt: Receipt
    service_title: str
    language: str


@dataclass(frozen=True)
class PrintOutcome:
    tracking_number: str
    printed: bool
    error_key: str | None = None      # printing.error.*: what to tell the resident
    pdf_path: Path | None = None      # kept on the kiosk instead


@dataclass(frozen=True)
class _PrinterSettings:
    connection: str = ""
    paper_width_mm: int = 58
    hall_name: str = ""
    hall: HallTime = field(default_factory=HallTime)


def _settings(data_dir: Path) -> _PrinterSettings:
    from kiosk.settings import Settings

    s = Settings.load(data_dir)
    return _PrinterSettings(str(s.get("printer.connection") or ""),
                            int(s.get("printer.paper_width_mm") or 58),
                            str(s.get("ui.hall_name") or ""), HallTime.from_settings(s))


def print_or_keep(setup: ReceiptSetup, job: PrintJob) -> PrintOutcome:
    """Print the receipt; if that fails, keep it as a PDF. Never raises for a printer fault."""
    number = job.receipt.tracking_number
    # The hall's day of the application (unreadable settings: the default zone's).
    day = HallTime().day_of(job.receipt.created_at)
    hall = ""
    try:
        settings = _settings(setup.data_dir)
        hall = settings.hall_name
        day = settings.hall.day_of(job.receipt.created_at)
        printer = create_printer(settings.connection, paper_width_mm=settings.paper_width_mm)
        printer.print_receipt(layout_receipt(
            job.receipt, service_title=job.service_title, hall_name=hall,
            language=job.language, date=day, columns=printer.columns))
        return PrintOutcome(number, printed=True)
    except PrinterError as exc:
        log.warning("receipt %s not printed: %s", number, exc)
        key = exc.key
    except KioskError as exc:   # unreadable settings: a technician's problem, not the resident's
        log.error("receipt %s not printed, the printer settings are unusable: %s", number, exc)
        key = FAILED_KEY
    doc = layout_receipt(job.receipt, service_title=job.service_title, hall_name=hall,
                         language=job.language, date=day, columns=DEFAULT_COLUMNS)
    try:
        path = write_pdf_receipt(doc, setup.pdf_dir / f"{number}.pdf", title=number)
    except (PdfReceiptError, OSError) as exc:
        log.error("receipt %s could not be kept as a PDF either: %s", number, exc)
        return PrintOutcome(number, printed=False, error_key=key)
    log.info("receipt %s kept as %s", number, path)
    return PrintOutcome(number, printed=False, error_key=key, pdf_path=path)


@dataclass(frozen=True)
class TodayReport:
    """What the volunteer's page shows: no answers, no resident names."""

    submissions: list[TodaySubmission]
    requests: list[VolunteerRequest]
    volunteer_names: dict[str, str] = field(default_factory=dict)   # id → name


def load_today(setup: ReceiptSetup, day: dt.date, hall: HallTime | None = None) -> TodayReport:
    """Today's applications (the hall's `day`) and the open calls for a volunteer."""
    submissions, requests = with_store(
        setup.db_path,
        lambda store: (store.todays_submissions(day, hall), store.open_requests()))
    try:
        names = {v.id: v.name for v in VolunteerRegistry(setup.data_dir).list()}
    except KioskError:    # a damaged badge file: show the ids rather than nothing
        log.exception("could not read the volunteers' names")
        names = {}
    return TodayReport(submissions, requests, names)


def close_request(setup: ReceiptSetup, request_id: int, volunteer_id: str) -> bool:
    return with_store(setup.db_path,
                      lambda store: store.close_volunteer_request(request_id, volunteer_id))
