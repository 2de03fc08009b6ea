"""Printed receipts: layout, ESC/POS bytes, and printers faked on loopback TCP, a pty and a fake
USB device, each answering the DLE EOT status queries the way a real thermal printer does."""

from __future__ import annotations

import array
import contextlib
import datetime as dt
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
from hypothesis import given
from hypothesis import strategies as st

from kiosk import printing, tracking
from kiosk.errors import ConfigError
from kiosk.paths import assets_dir
from kiosk.printing import (
    EscposPrinter,
    NetworkConnection,
    NullPrinter,
    PrinterError,
    PrinterNotConfigured,
    PrinterOffline,
    PrinterOutOfPaper,
    ReceiptPrinter,
    SerialConnection,
    UsbConnection,
    create_printer,
    render_escpos,
    validate_connection,
)
from kiosk.receipt_layout import (
    QrBlock,
    ReceiptDoc,
    Rule,
    TextLine,
    TextSize,
    display_width,
    layout_receipt,
    wrap_text,
)
from kiosk.receipts import Receipt
from kiosk.store import Store

NUMBER = "123456789015"
GROUPED = "1234 5678 9015"
DAY = dt.date(2025, 3, 1)

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


def a_receipt(number: str = NUMBER) -> Receipt:
    return Receipt("app-1", number, "elderly_allowance", dt.datetime(2025, 3, 1, 6, tzinfo=dt.UTC))


def zh_doc(columns: int = 32, hall: str = "青山镇便民服务中心") -> ReceiptDoc:
    return layout_receipt(a_receipt(), service_title="高龄津贴", hall_name=hall,
                          language="zh_CN", date=DAY, columns=columns)


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


# -- layout -------------------------------------------------------------------------------------


def test_chinese_receipt_has_the_hall_service_date_number_qr_and_next_step() -> None:
    doc = zh_doc()
    text = doc.plain_text()
    for expected in ("青山镇便民服务中心", "办事回执", "办理事项：高龄津贴", "日期：2025年3月1日",
                     "回执号码", GROUPED, "凭这个号码可以查办理进度。", "请收好这张回执。"):
        assert expected in text
    big = [b for b in doc.blocks if isinstance(b, TextLine) and b.size is TextSize.BIG]
    assert [b.text for b in big] == [GROUPED]
    assert big[0].centered and big[0].bold
    assert [b for b in doc.blocks if isinstance(b, QrBlock)] == [QrBlock(NUMBER)]
    assert doc.tracking_number == NUMBER and doc.language == "zh_CN"


@pytest.mark.parametrize("columns", [32, 48])
def test_every_line_fits_the_paper(columns: int) -> None:
    title = "农村低保、特困人员救助供养和临时救助申请（含残疾人两项补贴）"
    hall = "某某县某某乡镇人民政府便民服务中心（综合窗口）"
    doc = layout_receipt(a_receipt(), service_title=title, hall_name=hall, language="zh_CN",
                         date=DAY, columns=columns)
    for block in doc.blocks:
        if isinstance(block, TextLine):
            assert display_width(block.text) * block.size.width_factor <= columns, block


def test_english_receipt_and_empty_hall_uses_the_translated_default() -> None:
    doc = layout_receipt(a_receipt(), service_title="Elderly allowance", hall_name="  ",
                         language="en", date=DAY)
    text = doc.plain_text()
    assert "Township Service Centre" in text
    assert "Date: 2025-03-01" in text
    assert "Service: Elderly allowance" in text
    assert GROUPED in text
    assert doc.language == "en"


def test_control_characters_in_names_cannot_reach_the_printer_as_commands() -> None:
    doc = zh_doc(hall="青山镇\x1b@\x1dV\x00中心\n二楼")
    lines = doc.text_lines()
    assert "青山镇@V中心 二楼" in lines
    assert not any(ch < " " for line in lines for ch in line)


def test_layout_is_pure() -> None:
    assert zh_doc() == zh_doc()


_CLOSING = "，。、；：？！）》”"
_CJK_WITH_PUNCT = st.tuples(st.sampled_from("办理事项高龄津贴乡镇便民服务中心回执号码"),
                            st.text(_CLOSING, max_size=2)).map("".join)
_LATIN = st.text("abcXYZ0123456789-/", min_size=1, max_size=5)
_UNIT = st.one_of(_CJK_WITH_PUNCT, _LATIN, st.just(" "), _LATIN.map(lambda w: w + "，"))


@given(st.lists(_UNIT, max_size=40).map("".join), st.integers(min_value=10, max_value=48))
def test_wrap_keeps_every_character_fits_and_never_starts_with_closing_punctuation(
        text: str, columns: int) -> None:
    lines = wrap_text(text, columns)
    assert all(display_width(line) <= columns for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line and line[0] in _CLOSING for line in lines), lines


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
    assert printing.parse_paper_width("80") == 80
    with pytest.raises(ValueError):
        printing.parse_paper_width("76")
    with pytest.raises(ConfigError):
        create_printer("", paper_width_mm=76)


def test_rule_and_qr_blocks_render_in_plain_text() -> None:
    doc = ReceiptDoc(NUMBER, "zh_CN", 20, (Rule(), QrBlock(NUMBER)))
    assert doc.text_lines() == ["-" * 20, f"[QR {NUMBER}]"]


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
