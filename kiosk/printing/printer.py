"""Printed receipts on ESC/POS thermal printers: the layout, the bytes, the printer and its faults.

Three layers, each testable on its own:

1. `layout_receipt()` in kiosk/printing/layout.py: a pure function from a `Receipt` to a
   `ReceiptDoc` (lines, the big tracking number, a QR block), never seeing the answers.
2. `render_escpos()` — a pure function from a `ReceiptDoc` to the ESC/POS bytes: ``ESC @`` to reset,
   ``FS &`` to enter Chinese character mode, text encoded GB18030, the tracking number at double
   width and height (``GS ! 0x11``), the QR code drawn by the printer itself (``GS ( k``), a cut.
3. `EscposPrinter` — opens the USB, serial or network connection chosen by the technician
   (`create_printer("usb:0x0416:0x5011")`, parsed by kiosk/printing/connections.py), asks the
   printer for its status (``DLE EOT``) when it answers, sends the bytes and closes. Every
   failure becomes a `PrinterError` subclass whose `key` names a plain-language message in
   assets/i18n/*/printing.toml.

python-escpos is imported only when a receipt is rendered or a printer opened: importing it costs
about half a second and calls `logging.basicConfig()`, which we undo.

`print_receipt()` blocks for up to a few seconds (connect, status, send): call it off the GUI
thread.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from kiosk.domain.receipts import Receipt
from kiosk.errors import ConfigError, KioskError
from kiosk.i18n import DEFAULT_LANGUAGE, Translator
from kiosk.printing.connections import (
    CONFIG_EXAMPLES,
    Connection,
    SerialConnection,
    UsbConnection,
    parse_connection,
)
from kiosk.printing.layout import (
    DEFAULT_COLUMNS,
    PAPER_COLUMNS,
    ReceiptDoc,
    Rule,
    TextLine,
    layout_receipt,
)

log = logging.getLogger(__name__)

# -- errors -----------------------------------------------------------------------------------


class PrinterError(KioskError):
    """The receipt was not printed. `key` is the message to show and speak to the resident;
    `str(error)` is the detail for the technician's log."""

    default_key = "printing.error.failed"

    def __init__(self, detail: str, key: str | None = None) -> None:
        self.detail = detail
        self.key = key or self.default_key
        super().__init__(detail)


class PrinterOffline(PrinterError):
    """The printer cannot be reached, is switched off, or reports itself offline (cover open)."""

    default_key = "printing.error.offline"


class PrinterOutOfPaper(PrinterError):
    """The printer reports that its paper roll has run out."""

    default_key = "printing.error.out_of_paper"


class PrinterNotConfigured(PrinterError):
    """No printer is set up on this kiosk: show the receipt on screen / as PDF instead."""

    default_key = "printing.error.not_configured"


# -- ESC/POS bytes ----------------------------------------------------------------------------

ESC, GS, FS, DLE, EOT = b"\x1b", b"\x1d", b"\x1c", b"\x10", b"\x04"
CHINESE_MODE_ON = FS + b"&"  # FS & : select Chinese (Kanji) character mode
QR_MODULE_DOTS = 8  # 21 modules × 8 dots ≈ 21 mm at 203 dpi: easy for phones and scanners
TEXT_ENCODING = "gb18030"


def encode_text(text: str) -> bytes:
    """GB18030 bytes of `text`. ASCII stays one byte, common Chinese characters take two (the same
    bytes as GBK / GB2312), rare ones four."""
    return text.encode(TEXT_ENCODING, errors="replace")


_ESCPOS_LOADED = False


def _load_escpos() -> None:
    """Import python-escpos, undoing the `logging.basicConfig()` it runs at import time."""
    global _ESCPOS_LOADED
    if _ESCPOS_LOADED:
        return
    root = logging.getLogger()
    before = list(root.handlers)
    import escpos.capabilities
    import escpos.printer  # heavy: profiles database, Pillow, python-barcode

    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
        # It caches its profiles in a fresh temporary directory per process; remove it at exit.
        atexit.register(shutil.rmtree, escpos.capabilities.pickle_dir, ignore_errors=True)
    _ESCPOS_LOADED = True


def render_escpos(doc: ReceiptDoc) -> bytes:
    """The complete print job for `doc`, built in memory before anything is sent."""
    _load_escpos()
    from escpos.constants import QR_ECLEVEL_M
    from escpos.printer import Dummy

    job: Any = Dummy()
    job.hw("INIT")  # ESC @
    job._raw(CHINESE_MODE_ON)
    for block in doc.blocks:
        if isinstance(block, TextLine):
            # GS ! n sizes both the ASCII and the Chinese characters; ESC ! would miss the latter.
            job.set(align="center" if block.centered else "left", bold=block.bold,
                    custom_size=True, width=block.size.width_factor,
                    height=block.size.height_factor)
            job._raw(encode_text(block.text) + b"\n")
        elif isinstance(block, Rule):
            job.set(align="left", bold=False, custom_size=True, width=1, height=1)
            job._raw(b"-" * doc.columns + b"\n")
        else:
            job.set(align="center")  # ESC a 1 also centres the printer's own QR code
            job.qr(block.data, ec=QR_ECLEVEL_M, size=QR_MODULE_DOTS, native=True)
            job._raw(b"\n")
    job.set(align="left", bold=False, custom_size=True, width=1, height=1)
    job.cut()  # feeds past the tear bar, then GS V; printers without a cutter ignore it
    output: bytes = job.output
    return output


# -- printers ---------------------------------------------------------------------------------


@runtime_checkable
class ReceiptPrinter(Protocol):
    columns: int  # lay receipts out for this many columns

    def print_receipt(self, receipt_doc: ReceiptDoc) -> None:
        """Print it, or raise PrinterError (PrinterOffline, PrinterOutOfPaper, ...)."""


@dataclass
class NullPrinter:
    """No printer configured: every print raises PrinterNotConfigured, so the UI falls back to
    the PDF / on-screen receipt."""

    columns: int = DEFAULT_COLUMNS

    def print_receipt(self, receipt_doc: ReceiptDoc) -> None:
        raise PrinterNotConfigured("no receipt printer is configured (printer.connection)")


# DLE EOT n real-time status (Epson ESC/POS; answered by most Chinese thermal printers too).
# Every status byte has bits 1 and 4 set and bits 0 and 7 clear.
_STATUS_FIXED_MASK, _STATUS_FIXED_BITS = 0x93, 0x12
_PRINTER = 1  # bit 3: offline
_OFFLINE_CAUSE = 2  # bit 2: cover open, bit 5: stopped at paper end, bit 6: error
_PAPER = 4  # bits 2-3: paper near its end, bits 5-6: paper end


@dataclass(frozen=True)
class PrinterStatus:
    answered: bool  # False: the printer does not answer status queries (nothing is known)
    online: bool = True
    cover_open: bool = False
    paper_out: bool = False
    paper_low: bool = False


@dataclass
class EscposPrinter:
    """A thermal printer reached through python-escpos. One connection per receipt: a printer
    switched off and on again between residents just works."""

    connection: Connection
    columns: int = DEFAULT_COLUMNS
    io_timeout: float = 5.0  # seconds to connect / send
    status_timeout: float = 1.0  # seconds to wait for a status answer
    paper_low: bool = field(default=False, init=False)  # last status: roll nearly used up

    def print_receipt(self, receipt_doc: ReceiptDoc) -> None:
        job = self._render(receipt_doc)
        with self._session() as session:
            status = session.status()
            self._raise_for(status)
            session.send(job)
        log.info("receipt printed on %s", self.connection)

    def check(self) -> PrinterStatus:
        """Connect and ask for the status (for the technician panel); raises like a print."""
        with self._session() as session:
            status = session.status()
        self._raise_for(status)
        return status

    # -- internals ----------------------------------------------------------------------------
    @staticmethod
    def _render(doc: ReceiptDoc) -> bytes:
        try:
            return render_escpos(doc)
        except Exception as exc:  # a bug or a broken install, never the resident's fault
            log.exception("could not build the print job")
            raise PrinterError(f"could not build the print job: {exc}") from exc

    def _raise_for(self, status: PrinterStatus) -> None:
        self.paper_low = status.paper_low
        if status.paper_low and not status.paper_out:
            log.warning("printer %s: the paper roll is nearly used up", self.connection)
        if status.paper_out:
            raise PrinterOutOfPaper(f"printer {self.connection} reports no paper")
        if status.cover_open:
            raise PrinterOffline(f"printer {self.connection}: the cover is open",
                                 key="printing.error.cover_open")
        if not status.online:
            raise PrinterOffline(f"printer {self.connection} reports itself offline")

    def _session(self) -> _Session:
        return _Session(self)

    def _open(self) -> Any:
        """The python-escpos printer object, connected; raises classified errors."""
        try:
            _load_escpos()
            from escpos import printer as ep
        except ImportError as exc:
            raise PrinterError(f"python-escpos is not installed: {exc}") from exc
        c = self.connection
        device: Any
        if isinstance(c, UsbConnection):
            device = ep.Usb(c.vendor_id, c.product_id, timeout=int(self.io_timeout * 1000),
                            in_ep=c.in_ep, out_ep=c.out_ep)
        elif isinstance(c, SerialConnection):
            device = ep.Serial(devfile=c.device, baudrate=c.baudrate, timeout=self.io_timeout)
        else:
            device = ep.Network(c.host, c.port, timeout=self.io_timeout)
        try:
            device.open()
            if isinstance(c, SerialConnection):
                port = device.device
                port.write_timeout = self.io_timeout  # a stalled handshake must not hang us
                port.reset_input_buffer()  # no stale status bytes from an earlier job
        except Exception as exc:
            _close_quietly(device)
            raise _classify(exc, f"cannot open printer {c}") from exc
        return device


class _Session:
    """One open connection: status queries, then the job, then close (always)."""

    def __init__(self, owner: EscposPrinter) -> None:
        self.owner = owner
        self.device: Any = None

    def __enter__(self) -> _Session:
        self.device = self.owner._open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        _close_quietly(self.device)

    def send(self, data: bytes) -> None:
        try:
            self.device._raw(data)
        except Exception as exc:
            raise _classify(exc, f"sending to printer {self.owner.connection} failed") from exc

    def status(self) -> PrinterStatus:
        printer = self._query(_PRINTER)
        if printer is None:
            return PrinterStatus(answered=False)
        paper = self._query(_PAPER)
        online = not printer & 0x08
        cause = None if online else self._query(_OFFLINE_CAUSE)
        paper_out = bool(paper is not None and paper & 0x60) or bool(cause and cause & 0x20)
        return PrinterStatus(answered=True, online=online,
                             cover_open=bool(cause and cause & 0x04), paper_out=paper_out,
                             paper_low=bool(paper is not None and paper & 0x0C))

    def _query(self, n: int) -> int | None:
        """Send DLE EOT n and return the status byte; None when there is no (valid) answer."""
        self.send(DLE + EOT + bytes([n]))
        try:
            answer = self._read()
        except Exception:  # timeout or not supported: the printer does not report status
            log.debug("no status answer to DLE EOT %d", n, exc_info=True)
            return None
        if not answer or answer[-1] & _STATUS_FIXED_MASK != _STATUS_FIXED_BITS:
            return None
        return answer[-1]

    def _read(self) -> bytes:
        from escpos import printer as ep

        timeout = self.owner.status_timeout
        device, link = self.device, self.device.device
        if isinstance(device, ep.Network):
            link.settimeout(timeout)
            try:
                return bytes(link.recv(16))
            finally:
                link.settimeout(self.owner.io_timeout)
        if isinstance(device, ep.Serial):
            link.timeout = timeout
            try:
                return bytes(link.read(1))  # returns as soon as the one status byte is in
            finally:
                link.timeout = self.owner.io_timeout
        if isinstance(device, ep.Usb):
            return bytes(link.read(device.in_ep, 16, int(timeout * 1000)))
        return bytes(device._read())


def _close_quietly(device: Any) -> None:
    try:
        device.close()
    except Exception:  # closing a dead connection: nothing left to do
        log.debug("closing the printer connection failed", exc_info=True)


def _causes(exc: BaseException) -> list[BaseException]:
    """`exc` and what it was raised from (python-escpos wraps OS errors in its own)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _classify(exc: BaseException, what: str) -> PrinterError:
    """Map what python-escpos, pyusb, pyserial and sockets raise onto the kiosk's errors."""
    from escpos.exceptions import DeviceNotFoundError
    from usb.core import NoBackendError

    causes = _causes(exc)
    if any(isinstance(e, NoBackendError) for e in causes):
        return PrinterError(f"{what}: libusb is not installed (apt install libusb-1.0-0)")
    if any(isinstance(e, PermissionError) or getattr(e, "errno", None) == 13 for e in causes):
        return PrinterError(f"{what}: permission denied; install the udev rule and add the "
                            f"kiosk user to the right group (docs/printing.md): {exc}")
    if isinstance(exc, DeviceNotFoundError | OSError):  # not found, refused, timed out, unplugged
        return PrinterOffline(f"{what}: {exc}")
    return PrinterError(f"{what}: {exc}")


def create_printer(config: str, *, paper_width_mm: int = 58, io_timeout: float = 5.0,
                   status_timeout: float = 1.0) -> ReceiptPrinter:
    """The printer a `printer.connection` value names: "" → NullPrinter; usb:VID:PID[:IN:OUT],
    serial:DEVICE[:BAUD] or network:HOST[:PORT] → EscposPrinter. Nothing is opened yet.
    Bad text → ConfigError with a plain message."""
    if paper_width_mm not in PAPER_COLUMNS:
        raise ConfigError(f"printer paper width {paper_width_mm} mm: must be 58 or 80")
    columns = PAPER_COLUMNS[paper_width_mm]
    connection = parse_connection(config)
    if connection is None:
        return NullPrinter(columns)
    return EscposPrinter(connection, columns, io_timeout=io_timeout,
                         status_timeout=status_timeout)


# -- test print for technicians ---------------------------------------------------------------

SAMPLE_TRACKING_NUMBER = "100000000001"  # valid (Damm check digit); marks a test print


def sample_receipt_doc(language: str = DEFAULT_LANGUAGE, columns: int = DEFAULT_COLUMNS,
                       hall_name: str = "",
                       today: Callable[[], dt.date] | None = None) -> ReceiptDoc:
    """A receipt for a test print: a sample number and the words 打印测试 as the service,
    dated the hall's today (kiosk/hall_time.py) unless `today` is given."""
    from kiosk.hall_time import HallTime

    today = today or HallTime().today
    t = Translator(language)
    receipt = Receipt("test-print", SAMPLE_TRACKING_NUMBER, "test",
                      dt.datetime.now(dt.UTC))
    return layout_receipt(receipt, service_title=t.t("printing.receipt.test_service"),
                          hall_name=hall_name, language=language, date=today(),
                          columns=columns)


USAGE = f"""usage: python -m kiosk.printing CONNECTION [58|80]

Print a test receipt on the receipt printer at CONNECTION and say what happened
(docs/printing.md). 58 or 80 is the paper width in millimetres (default 58).

CONNECTION is one of:
  usb:VENDOR:PRODUCT      a USB printer, ids as `lsusb` shows them, e.g. {CONFIG_EXAMPLES[0]}
  serial:DEVICE:BAUD      a serial printer, e.g. {CONFIG_EXAMPLES[1]}
  network:HOST:PORT       a network printer (raw port), e.g. {CONFIG_EXAMPLES[2]}

Exit status: 0 printed, 1 not printed (the reason is printed), 2 wrong usage.
The kiosk's own setting is printer.connection (`kiosk config set printer.connection ...`)."""


def main(argv: list[str] | None = None) -> int:
    """`python -m kiosk.printing CONNECTION [58|80]`: print a test receipt and say what happened."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if args[:1] in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if not args or args[0].startswith("-") or len(args) > 2 or args[1:] not in ([], ["58"],
                                                                              ["80"]):
        print(USAGE.splitlines()[0], file=sys.stderr)
        print("try: python -m kiosk.printing --help", file=sys.stderr)
        return 2
    try:
        printer = create_printer(args[0], paper_width_mm=int(args[1]) if len(args) > 1 else 58)
        if isinstance(printer, EscposPrinter):
            status = printer.check()
            print(f"status: {status}")
        printer.print_receipt(sample_receipt_doc(columns=printer.columns))
    except (KioskError, ValueError) as exc:
        key = f" [{exc.key}]" if isinstance(exc, PrinterError) else ""
        print(f"not printed: {exc}{key}")
        return 1
    print("test receipt sent")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

