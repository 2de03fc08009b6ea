"""Printed receipts: layout, ESC/POS bytes, and printers faked on loopback TCP, a pty and a fake
USB device, each answering the DLE EOT status queries the way a real thermal printer does."""

from __future__ import annotations

import array
import contextlib
import logging
import os
import queue
import re
import select
import socket
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from kiosk import printing, tracking
from kiosk.errors import ConfigError
from kiosk.paths import assets_dir
from kiosk.printer_connections import (
    NetworkConnection,
    SerialConnection,
    UsbConnection,
    parse_paper_width,
    validate_connection,
)
from kiosk.printing import (
    EscposPrinter,
    NullPrinter,
    PrinterError,
    PrinterNotConfigured,
    PrinterOffline,
    PrinterOutOfPaper,
    ReceiptPrinter,
    create_printer,
    render_escpos,
)
from kiosk.receipt_layout import (
    layout_receipt,
)
from kiosk.store import Store
from tests.core.test_receipt_layout import DAY, GROUPED, NUMBER, zh_doc

# Status bytes (DLE EOT n answers): bits 1 and 4 are always set.
OK = b"\x12"
ONLINE = {1: OK, 2: OK, 4: OK}
PAPER_NEAR_END = {1: OK, 2: OK, 4: b"\x1e"}
PAPER_OUT = {1: OK, 2: OK, 4: b"\x72"}
OFFLINE_COVER_OPEN = {1: b"\x1a", 2: b"\x16", 4: OK}
OFFLINE_PAPER_END = {1: b"\x1a", 2: b"\x32", 4: OK}
OFFLINE_OTHER = {1: b"\x1a", 2: OK, 4: OK}
GARBAGE = {1: b"\x00", 2: b"\x00", 4: b"\x00"}


def gb(text: str) -> bytes:
    return text.encode("gb18030")


def receipt_part(job: bytes) -> bytes:
    """The job without the status queries that precede it."""
    start = job.find(b"\x1b@")
    assert start >= 0, "no print job (ESC @) was sent"
    return job[start:]


# -- the fake printers --------------------------------------------------------------------------


class StatusAnswers:
    """Scans a byte stream for DLE EOT n and yields the configured answer for each."""

    def __init__(self, answers: Mapping[int, bytes]) -> None:
        self.answers = dict(answers)
        self.data = bytearray()
        self._scanned = 0

    def feed(self, chunk: bytes) -> list[bytes]:
        self.data += chunk
        replies: list[bytes] = []
        while True:
            at = self.data.find(b"\x10\x04", self._scanned)
            if at == -1:
                self._scanned = max(self._scanned, len(self.data) - 1)
                return replies
            if at + 2 >= len(self.data):
                self._scanned = at
                return replies
            reply = self.answers.get(self.data[at + 2])
            if reply:
                replies.append(reply)
            self._scanned = at + 3


class FakeNetworkPrinter:
    """A thermal printer on 127.0.0.1: one captured job per connection."""

    def __init__(self, answers: Mapping[int, bytes] = ONLINE) -> None:
        self.answers = answers
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.jobs: queue.Queue[bytes] = queue.Queue()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def config(self) -> str:
        return f"network:127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            stream = StatusAnswers(self.answers)
            with conn:
                conn.settimeout(10)
                while True:
                    try:
                        chunk = conn.recv(65536)
                    except OSError:
                        break
                    if not chunk:
                        break
                    for reply in stream.feed(chunk):
                        conn.sendall(reply)
            self.jobs.put(bytes(stream.data))

    def job(self) -> bytes:
        return self.jobs.get(timeout=10)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()
        self.thread.join(timeout=10)


@pytest.fixture
def fake_printer() -> Iterator[type[FakeNetworkPrinter]]:
    started: list[FakeNetworkPrinter] = []

    class Started(FakeNetworkPrinter):
        def __init__(self, answers: Mapping[int, bytes] = ONLINE) -> None:
            super().__init__(answers)
            started.append(self)

    yield Started
    for fake in started:
        fake.close()


def network_printer(fake: FakeNetworkPrinter, **kwargs: Any) -> EscposPrinter:
    printer = create_printer(fake.config, **kwargs)
    assert isinstance(printer, EscposPrinter)
    return printer


class FakeSerialPrinter:
    """A thermal printer on the far side of a pseudo-terminal (what pyserial opens is real)."""

    def __init__(self, answers: Mapping[int, bytes] = ONLINE) -> None:
        self.master, self._slave = os.openpty()
        self.device = os.ttyname(self._slave)
        self.stream = StatusAnswers(answers)
        self._stop_r, self._stop_w = os.pipe()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            ready, _, _ = select.select([self.master, self._stop_r], [], [], 10)
            if self.master in ready:
                for reply in self.stream.feed(os.read(self.master, 65536)):
                    os.write(self.master, reply)
            elif self._stop_r in ready or not ready:
                os.set_blocking(self.master, False)
                try:
                    while chunk := os.read(self.master, 65536):
                        self.stream.feed(chunk)
                except (BlockingIOError, OSError):
                    pass
                return

    def captured(self) -> bytes:
        os.write(self._stop_w, b"x")
        self.thread.join(timeout=10)
        return bytes(self.stream.data)

    def close(self) -> None:
        for fd in (self.master, self._slave, self._stop_r, self._stop_w):
            os.close(fd)


class _FakeBackend:
    pass


class FakeUsbDevice:
    """Stands in for a pyusb Device: records writes, answers reads from the status table."""

    backend = _FakeBackend()  # not libusb1: python-escpos skips the kernel-driver dance

    def __init__(self, answers: Mapping[int, bytes] = ONLINE) -> None:
        self.stream = StatusAnswers(answers)
        self.pending: list[bytes] = []
        self.writes: list[tuple[int, int]] = []  # (endpoint, timeout)
        self.reads: list[tuple[int, int]] = []

    def set_configuration(self) -> None:
        pass

    def reset(self) -> None:
        pass

    def write(self, endpoint: int, data: bytes, timeout: int) -> int:
        self.writes.append((endpoint, timeout))
        self.pending += self.stream.feed(bytes(data))
        return len(data)

    def read(self, endpoint: int, size: int, timeout: int) -> array.array[int]:
        import usb.core

        self.reads.append((endpoint, timeout))
        if not self.pending:
            raise usb.core.USBTimeoutError("Operation timed out", -7, 110)
        return array.array("B", self.pending.pop(0))


@pytest.fixture
def fake_usb(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    import usb.core
    import usb.util

    state: dict[str, Any] = {"device": FakeUsbDevice(), "find": []}

    def find(**kwargs: Any) -> Any:
        state["find"].append(kwargs)
        if isinstance(state["device"], BaseException):
            raise state["device"]
        return state["device"]

    monkeypatch.setattr(usb.core, "find", find)
    monkeypatch.setattr(usb.util, "dispose_resources", lambda device: None)
    yield state


# -- ESC/POS bytes ------------------------------------------------------------------------------


def test_job_selects_chinese_mode_and_sends_gb18030_text() -> None:
    job = render_escpos(zh_doc())
    assert job.startswith(b"\x1b@\x1c&")  # ESC @ then FS & (Chinese character mode)
    for line in ("青山镇便民服务中心", "办事回执", "办理事项：高龄津贴", "日期：2025年3月1日",
                 "回执号码", "凭这个号码可以查办理进度。"):
        assert gb(line) in job, line
    assert "高龄津贴".encode() not in job  # not UTF-8


def test_tracking_number_is_printed_double_width_and_height() -> None:
    job = render_escpos(zh_doc())
    assert re.search(rb"\x1d!\x11(?:\x1b[Ea].)*" + re.escape(GROUPED.encode()) + rb"\n", job,
                     re.DOTALL)


def test_qr_uses_the_printers_native_command_with_the_twelve_digits() -> None:
    job = render_escpos(zh_doc())
    store = b"\x1d(k" + bytes([len(NUMBER) + 3, 0]) + b"1P0" + NUMBER.encode()
    assert store in job  # GS ( k <pL pH> cn=49 fn=80 m=48 <digits>
    assert b"\x1d(k\x04\x001A2\x00" in job  # model 2
    assert b"\x1d(k\x03\x001C\x08" in job  # 8-dot modules
    assert b"\x1d(k\x03\x001E1" in job  # error correction M
    assert job.index(store) < job.index(b"\x1d(k\x03\x001Q0")  # then print it
    assert b"\x1d(k" + bytes([len(NUMBER) + 3, 0]) + b"1P0" + GROUPED.encode() not in job


def test_job_ends_with_a_cut() -> None:
    assert re.search(rb"\x1dV[\x00\x01]$", render_escpos(zh_doc()))


def test_receipt_carries_no_personal_data(store: Store, fake_printer: Any) -> None:
    answers = {"full_name": "王秀英", "id_number": "11010519491231002X", "phone": "13812345678",
               "household_village": "青山村"}
    receipt = store.save_answers("elderly_allowance", "v1", answers, {"method": "test"}, "zh_CN")
    fake = fake_printer()
    printer = network_printer(fake)
    doc = layout_receipt(receipt, service_title="高龄津贴", hall_name="", language="zh_CN",
                         date=DAY, columns=printer.columns)
    printer.print_receipt(doc)
    job = fake.job()
    assert gb(tracking.grouped(receipt.tracking_number)) in job
    for value in answers.values():
        for encoded in (gb(value), value.encode("utf-8"), value.encode("utf-16-le")):
            assert encoded not in job, value
        assert value not in doc.plain_text()
    for digits in ("11010519491231002", "13812345678", "1381234", "10519491231"):
        assert digits.encode() not in job


def test_rendering_undoes_python_escpos_logging_setup() -> None:
    probe = ("import logging, kiosk.printing as p; before = list(logging.getLogger().handlers);"
             "p.render_escpos(p.sample_receipt_doc());"
             "print(before == logging.getLogger().handlers)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "True"


def test_importing_printing_does_not_load_python_escpos() -> None:
    probe = "import sys, kiosk.printing; print('escpos' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


# -- network printer (loopback) -----------------------------------------------------------------


def test_network_printer_prints_after_checking_status(fake_printer: Any) -> None:
    fake = fake_printer(ONLINE)
    printer = network_printer(fake)
    doc = zh_doc(columns=printer.columns)
    printer.print_receipt(doc)
    job = fake.job()
    assert job.startswith(b"\x10\x04\x01")  # status first
    assert receipt_part(job) == render_escpos(doc)
    assert printer.paper_low is False


def test_printer_that_garbles_status_still_prints(fake_printer: Any) -> None:
    fake = fake_printer(GARBAGE)
    printer = network_printer(fake)
    printer.print_receipt(zh_doc())
    assert gb("回执号码") in fake.job()


def test_printer_that_never_answers_status_still_prints(fake_printer: Any) -> None:
    fake = fake_printer({})
    printer = network_printer(fake, status_timeout=0.05)
    printer.print_receipt(zh_doc())
    job = fake.job()
    assert job.count(b"\x10\x04") == 1  # gave up on status after the first silence
    assert gb("回执号码") in job


def test_paper_near_end_prints_and_warns_the_technician(fake_printer: Any,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    fake = fake_printer(PAPER_NEAR_END)
    printer = network_printer(fake)
    with caplog.at_level(logging.WARNING, logger="kiosk.printing"):
        printer.print_receipt(zh_doc())
    assert gb(GROUPED) in fake.job()
    assert printer.paper_low is True
    assert "nearly used up" in caplog.text


@pytest.mark.parametrize(("answers", "error", "key"), [
    (PAPER_OUT, PrinterOutOfPaper, "printing.error.out_of_paper"),
    (OFFLINE_PAPER_END, PrinterOutOfPaper, "printing.error.out_of_paper"),
    (OFFLINE_COVER_OPEN, PrinterOffline, "printing.error.cover_open"),
    (OFFLINE_OTHER, PrinterOffline, "printing.error.offline"),
])
def test_faults_reported_by_the_printer_are_classified_and_nothing_is_printed(
        fake_printer: Any, answers: dict[int, bytes], error: type[PrinterError],
        key: str) -> None:
    fake = fake_printer(answers)
    printer = network_printer(fake)
    with pytest.raises(error) as caught:
        printer.print_receipt(zh_doc())
    assert type(caught.value) is error
    assert caught.value.key == key
    job = fake.job()
    assert b"\x1b@" not in job and gb("回执号码") not in job  # no half receipt
    with pytest.raises(error):
        printer.check()


def test_check_reports_status(fake_printer: Any) -> None:
    fake = fake_printer(PAPER_NEAR_END)
    status = network_printer(fake).check()
    assert status.answered and status.online and status.paper_low and not status.paper_out


def test_nobody_listening_is_offline() -> None:
    spare = socket.socket()
    spare.bind(("127.0.0.1", 0))
    port = spare.getsockname()[1]
    spare.close()  # bound, never listening: the port refuses connections
    printer = create_printer(f"network:127.0.0.1:{port}")
    with pytest.raises(PrinterOffline) as caught:
        printer.print_receipt(zh_doc())
    assert caught.value.key == "printing.error.offline"
    assert f"127.0.0.1:{port}" in str(caught.value)


def test_each_receipt_uses_a_fresh_connection(fake_printer: Any) -> None:
    fake = fake_printer(ONLINE)
    printer = network_printer(fake)
    printer.print_receipt(zh_doc())
    printer.print_receipt(zh_doc())
    assert gb("回执号码") in fake.job()
    assert gb("回执号码") in fake.job()


# -- serial printer (pty) -----------------------------------------------------------------------


@pytest.mark.parametrize(("answers", "error"), [(ONLINE, None), (PAPER_OUT, PrinterOutOfPaper)])
def test_serial_printer_over_a_pty(answers: dict[int, bytes],
                                   error: type[PrinterError] | None) -> None:
    fake = FakeSerialPrinter(answers)
    try:
        printer = create_printer(f"serial:{fake.device}:19200")
        assert isinstance(printer, EscposPrinter)
        assert printer.connection == SerialConnection(fake.device, 19200)
        doc = zh_doc()
        if error is None:
            printer.print_receipt(doc)
        else:
            with pytest.raises(error):
                printer.print_receipt(doc)
        job = fake.captured()
    finally:
        fake.close()
    assert job.startswith(b"\x10\x04\x01")
    if error is None:
        assert receipt_part(job) == render_escpos(doc)
    else:
        assert b"\x1b@" not in job


def test_missing_serial_device_is_offline(tmp_path: Path) -> None:
    printer = create_printer(f"serial:{tmp_path / 'ttyUSB9'}:9600")
    with pytest.raises(PrinterOffline):
        printer.print_receipt(zh_doc())


# -- USB printer (fake pyusb device) ------------------------------------------------------------


def test_usb_printer_writes_to_its_endpoint_with_a_timeout(fake_usb: dict[str, Any]) -> None:
    printer = create_printer("usb:0x0416:0x5011:0x81:0x03", io_timeout=2.0, status_timeout=0.5)
    doc = zh_doc()
    printer.print_receipt(doc)
    device: FakeUsbDevice = fake_usb["device"]
    assert fake_usb["find"] == [{"idVendor": 0x0416, "idProduct": 0x5011}]
    assert receipt_part(bytes(device.stream.data)) == render_escpos(doc)
    assert set(device.writes) == {(0x03, 2000)}
    assert set(device.reads) == {(0x81, 500)}


def test_usb_paper_out(fake_usb: dict[str, Any]) -> None:
    fake_usb["device"] = FakeUsbDevice(PAPER_OUT)
    with pytest.raises(PrinterOutOfPaper):
        create_printer("usb:0x0416:0x5011").print_receipt(zh_doc())


def test_usb_printer_not_plugged_in_is_offline(fake_usb: dict[str, Any]) -> None:
    fake_usb["device"] = None
    with pytest.raises(PrinterOffline):
        create_printer("usb:0x0416:0x5011").print_receipt(zh_doc())


def test_usb_without_libusb_or_permission_needs_a_technician(fake_usb: dict[str, Any]) -> None:
    import usb.core

    fake_usb["device"] = usb.core.NoBackendError("No backend available")
    with pytest.raises(PrinterError) as caught:
        create_printer("usb:0x0416:0x5011").print_receipt(zh_doc())
    assert type(caught.value) is PrinterError
    assert "libusb" in str(caught.value) and caught.value.key == "printing.error.failed"

    fake_usb["device"] = usb.core.USBError("Access denied (insufficient permissions)", -3, 13)
    with pytest.raises(PrinterError) as caught:
        create_printer("usb:0x0416:0x5011").print_receipt(zh_doc())
    assert type(caught.value) is PrinterError
    assert "udev" in str(caught.value)


# -- configuration ------------------------------------------------------------------------------


def test_no_printer_configured_raises_so_the_ui_falls_back() -> None:
    for config in ("", "  ", "none"):
        printer = create_printer(config)
        assert isinstance(printer, NullPrinter)
        assert isinstance(printer, ReceiptPrinter)
        with pytest.raises(PrinterNotConfigured) as caught:
            printer.print_receipt(zh_doc())
        assert isinstance(caught.value, PrinterError)
        assert caught.value.key == "printing.error.not_configured"


@pytest.mark.parametrize(("config", "connection"), [
    ("usb:0x0416:0x5011", UsbConnection(0x0416, 0x5011)),
    ("USB:0416:5011", UsbConnection(0x0416, 0x5011)),
    ("usb:0x0fe6:0x811e:0x81:0x02", UsbConnection(0x0FE6, 0x811E, 0x81, 0x02)),
    ("serial:/dev/ttyUSB0:9600", SerialConnection("/dev/ttyUSB0", 9600)),
    ("serial:/dev/ttyS1", SerialConnection("/dev/ttyS1", 9600)),
    ("serial:/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0-port0:115200",
     SerialConnection("/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0-port0", 115200)),
    ("network:192.168.1.50:9100", NetworkConnection("192.168.1.50", 9100)),
    ("network:printer.hall.lan", NetworkConnection("printer.hall.lan", 9100)),
    ("network:[fe80::1]:9101", NetworkConnection("fe80::1", 9101)),
])
def test_connection_strings(config: str, connection: Any) -> None:
    printer = create_printer(config)
    assert isinstance(printer, EscposPrinter)
    assert printer.connection == connection
    assert validate_connection(config) == str(connection)
    assert validate_connection(str(connection)) == str(connection)


@pytest.mark.parametrize(("config", "says"), [
    ("lpt1", "usb:0x0416:0x5011"),
    ("usb:0x0416", "vendor and product"),
    ("usb:xyz:0x5011", "hexadecimal"),
    ("usb:0x10000:0x5011", "out of range"),
    ("serial:", "serial needs the device"),
    ("network:", "network needs"),
    ("network:10.0.0.9:99999", "network needs"),
])
def test_bad_connection_strings_are_config_errors_in_plain_words(config: str, says: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(says)):
        create_printer(config)
    with pytest.raises(ValueError, match=re.escape(says)):
        validate_connection(config)


def test_paper_width_sets_the_columns() -> None:
    assert create_printer("network:10.0.0.9", paper_width_mm=80).columns == 48
    assert create_printer("", paper_width_mm=58).columns == 32
    assert parse_paper_width("80") == 80
    with pytest.raises(ValueError):
        parse_paper_width("76")
    with pytest.raises(ConfigError):
        create_printer("", paper_width_mm=76)


# -- messages -----------------------------------------------------------------------------------


def _keys(language: str) -> set[str]:
    raw = tomllib.loads((assets_dir() / "i18n" / language / "printing.toml")
                        .read_text(encoding="utf-8"))
    return {f"{section}.{sub}.{key}" for section, table in raw.items()
            for sub, entries in table.items() for key in entries}


def test_every_message_exists_in_both_languages_and_every_error_has_one() -> None:
    zh, en = _keys("zh_CN"), _keys("en")
    assert zh == en
    for cls in (PrinterError, PrinterOffline, PrinterOutOfPaper, PrinterNotConfigured):
        assert cls.default_key in zh
    assert "printing.error.cover_open" in zh


def test_sample_receipt_for_a_test_print() -> None:
    doc = printing.sample_receipt_doc(today=lambda: DAY)
    assert tracking.is_valid(doc.tracking_number)
    assert "打印测试" in doc.plain_text()
