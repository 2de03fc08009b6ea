"""Where a receipt printer is: the technician's connection string (`usb:0x0416:0x5011`,
`serial:/dev/ttyUSB0:9600`, `network:192.168.1.50:9100`) parsed into a connection, and the
parsers of the `printer.*` settings. No python-escpos here: settings and `kiosk doctor` check a
connection without loading the printer library (kiosk/printing/printer.py opens it)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.errors import ConfigError
from kiosk.printing.layout import PAPER_COLUMNS

_BAUD_RATES = frozenset({1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200})
CONFIG_EXAMPLES = ("usb:0x0416:0x5011", "serial:/dev/ttyUSB0:9600", "network:192.168.1.50:9100")


@dataclass(frozen=True)
class UsbConnection:
    vendor_id: int
    product_id: int
    in_ep: int = 0x82
    out_ep: int = 0x01

    def __str__(self) -> str:
        text = f"usb:0x{self.vendor_id:04x}:0x{self.product_id:04x}"
        if (self.in_ep, self.out_ep) != (0x82, 0x01):
            text += f":0x{self.in_ep:02x}:0x{self.out_ep:02x}"
        return text


@dataclass(frozen=True)
class SerialConnection:
    device: str
    baudrate: int = 9600

    def __str__(self) -> str:
        return f"serial:{self.device}:{self.baudrate}"


@dataclass(frozen=True)
class NetworkConnection:
    host: str
    port: int = 9100

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"network:{host}:{self.port}"


Connection = UsbConnection | SerialConnection | NetworkConnection


def _hex_id(text: str, what: str, limit: int) -> int:
    try:
        value = int(text, 16)
    except ValueError:
        raise ValueError(f"{what} '{text}' should be a hexadecimal number such as 0x0416") from None
    if not 0 <= value <= limit:
        raise ValueError(f"{what} '{text}' is out of range")
    return value


def _parse(config: str) -> Connection | None:
    text = config.strip()
    if text.lower() in ("", "none", "off"):
        return None
    kind, _, rest = text.partition(":")
    kind = kind.lower()
    if kind == "usb":
        parts = rest.split(":")
        if len(parts) not in (2, 4):
            raise ValueError("USB needs the vendor and product id, e.g. usb:0x0416:0x5011 "
                             "(see `lsusb`)")
        ids = [_hex_id(parts[0], "vendor id", 0xFFFF), _hex_id(parts[1], "product id", 0xFFFF)]
        if len(parts) == 4:
            ids += [_hex_id(parts[2], "input endpoint", 0xFF),
                    _hex_id(parts[3], "output endpoint", 0xFF)]
        return UsbConnection(*ids)
    if kind == "serial":
        device, _, baud = rest.rpartition(":")
        if not (baud.isdigit() and int(baud) in _BAUD_RATES):
            device, baud = rest, "9600"  # no baud rate given (device paths may contain ':')
        if not device:
            raise ValueError("serial needs the device, e.g. serial:/dev/ttyUSB0:9600")
        return SerialConnection(device, int(baud))
    if kind == "network":
        if rest.startswith("["):  # [IPv6]:port
            host, _, port = rest[1:].partition("]")
            port = port.removeprefix(":")
        else:
            host, _, port = rest.partition(":")
        port = port or "9100"
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("network needs the printer's address and port, "
                             "e.g. network:192.168.1.50:9100")
        return NetworkConnection(host, int(port))
    raise ValueError(f"'{config}' is not a printer connection; use empty for none, or one of "
                     + ", ".join(CONFIG_EXAMPLES))


def parse_connection(config: str) -> Connection | None:
    """The connection a config string names; None for "" (no printer). Bad text → ConfigError."""
    try:
        return _parse(config)
    except ValueError as exc:
        raise ConfigError(f"printer connection: {exc}") from None


def validate_connection(value: str) -> str:
    """Parser for the `printer.connection` setting: the normalised string, or ValueError."""
    connection = _parse(value)
    return "" if connection is None else str(connection)


def parse_paper_width(value: str) -> int:
    """Parser for the `printer.paper_width_mm` setting."""
    width = int(value)
    if width not in PAPER_COLUMNS:
        raise ValueError("must be 58 or 80")
    return width
