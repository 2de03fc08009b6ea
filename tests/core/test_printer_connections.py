"""Printer connection strings and paper widths (kiosk/printing/connections.py), as
create_printer takes them."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kiosk.errors import ConfigError
from kiosk.printing.connections import (
    NetworkConnection,
    SerialConnection,
    UsbConnection,
    parse_paper_width,
    validate_connection,
)
from kiosk.printing.printer import (
    EscposPrinter,
    NullPrinter,
    PrinterError,
    PrinterNotConfigured,
    ReceiptPrinter,
    create_printer,
)
from tests.helpers.receipt_docs import zh_doc


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
