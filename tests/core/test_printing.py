"""Printed receipts: layout, ESC/POS bytes, and printers faked on loopback TCP, a pty and a fake
USB device, each answering the DLE EOT status queries the way a real thermal printer does."""

from __future__ import annotations

import logging
import re
import socket
import subprocess
import sys
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from kiosk.domain import tracking
from kiosk.paths import assets_dir
from kiosk.printing import printer as printing
from kiosk.printing.connections import (
    SerialConnection,
)
from kiosk.printing.layout import (
    layout_receipt,
)
from kiosk.printing.printer import (
    EscposPrinter,
    PrinterError,
    PrinterNotConfigured,
    PrinterOffline,
    PrinterOutOfPaper,
    create_printer,
    render_escpos,
)
from kiosk.store.store import Store
from tests.helpers.fake_printers import (
    GARBAGE,
    OFFLINE_COVER_OPEN,
    OFFLINE_OTHER,
    OFFLINE_PAPER_END,
    ONLINE,
    PAPER_NEAR_END,
    PAPER_OUT,
    FakeNetworkPrinter,
    FakeSerialPrinter,
    FakeUsbDevice,
    gb,
    receipt_part,
)
from tests.helpers.receipt_docs import DAY, GROUPED, NUMBER, zh_doc

# -- the fake printers (tests/helpers/fake_printers.py)


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
    probe = ("import logging, kiosk.printing.printer as p;"
             "before = list(logging.getLogger().handlers);"
             "p.render_escpos(p.sample_receipt_doc());"
             "print(before == logging.getLogger().handlers)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "True"


def test_importing_printing_does_not_load_python_escpos() -> None:
    probe = "import sys, kiosk.printing.printer; print('escpos' in sys.modules)"
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
    with caplog.at_level(logging.WARNING, logger="kiosk.printing.printer"):
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
