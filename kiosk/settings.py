"""Settings declared once (type, default, description) and stored as TOML in the data directory.

Only values that differ from the default are written, so upgrading the defaults reaches kiosks
that never changed them. A damaged file is reported with its path and what to do, never guessed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import ConfigError
from kiosk.i18n import LANGUAGES
from kiosk.paths import config_path


# The printer's parsers load only when a printer setting is read (not on the way to home).
def validate_connection(value: str) -> str:
    from kiosk.printing.connections import validate_connection as check

    return check(value)


def parse_paper_width(value: str) -> int:
    from kiosk.printing.connections import parse_paper_width as parse

    return parse(value)


def _time_zone(value: str) -> str:
    from kiosk.time_zone import parse_zone_setting

    return parse_zone_setting(value)


def _url(value: str) -> str:
    value = value.strip().rstrip("/")
    if value and not value.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    return value


def _positive_float(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise ValueError("must be greater than 0")
    return number


def _positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError("must be a whole number greater than 0")
    return number


def _non_negative_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must be a whole number, 0 or more")
    return number


def _language(value: str) -> str:
    if value not in LANGUAGES:
        raise ValueError(f"must be {' or '.join(LANGUAGES)}")
    return value


def _boolean(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("true", "yes", "on", "1"):
        return True
    if lowered in ("false", "no", "off", "0"):
        return False
    raise ValueError("must be true or false")


def _one_of(*allowed: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"must be one of: {', '.join(allowed)}")
        return value
    return parse


def _at_least(minimum: float) -> Callable[[str], float]:
    def parse(value: str) -> float:
        number = float(value)
        if number < minimum:
            raise ValueError(f"must be at least {minimum:g}")
        return number
    return parse


def _text(value: str) -> str:
    return value.strip()


@dataclass(frozen=True)
class Setting:
    """One setting a technician can change: its key, default, help text and check."""

    key: str
    default: Any
    description: str
    parse: Callable[[str], Any]
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("central.url", "", "Address of the central system, e.g. https://county.example/",
            _url),
    Setting("central.kiosk_id", "", "This kiosk's id at the central (from `kiosk central "
            "add-kiosk`)", _text),
    Setting("central.token", "", "This kiosk's secret token at the central", _text, secret=True),
    Setting("central.ca_bundle", "", "PEM file of the certificate authorities to trust instead "
            "of the system's (e.g. the county CA)", _text),
    Setting("sync.interval_seconds", 30.0, "Seconds between routine syncs when all is well",
            _positive_float),
    Setting("sync.batch_size", 50, "Applications sent per request", _positive_int),
    Setting("ui.language", "zh_CN", "Language of the resident screens: zh_CN or en", _language),
    Setting("ui.idle_timeout_seconds", 90.0, "Seconds without a touch before the time-out "
            "warning appears", _positive_float),
    Setting("ui.idle_warning_seconds", 30.0, "How long the time-out warning counts down before "
            "the screen is cleared (at least 20)", _at_least(20.0)),
    Setting("ui.theme", "standard", "Colour theme at the start of each session: standard or "
            "high_contrast", _one_of("standard", "high_contrast")),
    Setting("ui.text_size", "standard", "Text size at the start of each session: standard, "
            "large or extra_large", _one_of("standard", "large", "extra_large")),
    Setting("speech.enabled", True, "Speak every screen aloud", _boolean),
    Setting("speech.private_listening", False, "A headset is fitted: personal data such as ID "
            "numbers may be read back aloud", _boolean),
    Setting("privacy.retention_days", 7, "Days personal answers stay on the kiosk after the "
            "central acknowledged them (services in the catalog may say otherwise)",
            _non_negative_int),
    Setting("printer.connection", "", "Receipt printer: empty for none; usb:VENDOR:PRODUCT, "
            "serial:DEVICE:BAUD or network:HOST:PORT (see docs/printing.md)",
            validate_connection),
    Setting("printer.paper_width_mm", 58, "Receipt paper width in millimetres: 58 or 80",
            parse_paper_width),
    Setting("ui.hall_name", "", "Hall name shown in the top bar (empty: the translated default)",
            _text),
    Setting("hall.time_zone", "Asia/Shanghai", "The hall's time zone (an IANA name such as "
            "Asia/Shanghai or Asia/Urumqi): every time shown to residents and volunteers and "
            "printed on receipts is in it, whatever zone this computer's clock is set to",
            _time_zone),
    # Deployment (docs/deployment.md)
    Setting("ui.screen_width_mm", 0.0, "Width of the screen's visible picture in millimetres, "
            "measured with a ruler (0: trust what the screen reports)", _at_least(0.0)),
    Setting("ui.screen_height_mm", 0.0, "Height of the screen's visible picture in millimetres "
            "(0: trust what the screen reports)", _at_least(0.0)),
    Setting("sync.run_in_ui", True, "Send from inside the kiosk window; `kiosk install-service` "
            "sets false because the separate kiosk-sync service sends instead", _boolean),
    Setting("disk.warn_free_mb", 1024, "Free disk space (MB) below which the technician is "
            "warned", _positive_int),
    # ID card reader (docs/id-card-reader.md)
    Setting("reader.kind", "none", "ID card reader: none, serial (a reader with the standard "
            "security module on a serial or USB-serial port) or keyboard (one that types the ID "
            "number and Enter)", _one_of("none", "serial", "keyboard")),
    Setting("reader.port", "", "Serial port of the ID card reader, e.g. /dev/ttyUSB0 or COM3",
            _text),
    Setting("reader.baud", 115200, "Baud rate of the serial ID card reader", _positive_int),
    Setting("disk.refuse_free_mb", 200, "Free disk space (MB) below which new applications are "
            "refused, so what is stored is never put at risk", _positive_int),
)
_BY_KEY = {s.key: s for s in SETTINGS}


def _typed(setting: Setting, value: Any) -> Any:
    """Coerce a value read from TOML (or typed on the command line) to the declared type."""
    try:
        return setting.parse(str(value))
    except ValueError as exc:
        raise ConfigError(f"setting {setting.key} = {value!r} is not valid: {exc}") from None


class Settings:
    def __init__(self, path: Path, values: dict[str, Any]) -> None:
        self.path = path
        self._values = values

    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        path = config_path(data_dir)
        values: dict[str, Any] = {}
        if path.exists():
            import tomllib  # only when there is a file to read: not on every start's path

            try:
                raw = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(
                    f"the config file {path} is damaged ({exc}). Fix it, or delete it and set "
                    "the values again with `kiosk config set`.") from None
            for section, table in raw.items():
                if not isinstance(table, dict):
                    raise ConfigError(f"the config file {path}: '{section}' should be a section")
                for name, value in table.items():
                    key = f"{section}.{name}"
                    setting = _BY_KEY.get(key)
                    if setting is None:
                        raise ConfigError(f"the config file {path} has an unknown setting {key}")
                    values[key] = _typed(setting, value)
        return cls(path, values)

    def get(self, key: str) -> Any:
        if key not in _BY_KEY:
            raise ConfigError(f"unknown setting {key}; known: {', '.join(_BY_KEY)}")
        return self._values.get(key, _BY_KEY[key].default)

    def set(self, key: str, value: str) -> None:
        setting = _BY_KEY.get(key)
        if setting is None:
            raise ConfigError(f"unknown setting {key}; known: {', '.join(_BY_KEY)}")
        self._values[key] = _typed(setting, value)
        self.save()

    def save(self) -> None:
        tree: dict[str, dict[str, Any]] = {}
        for key, value in sorted(self._values.items()):
            if value == _BY_KEY[key].default:
                continue
            section, name = key.split(".", 1)
            tree.setdefault(section, {})[name] = value
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Write then rename, so a power cut never leaves half a config file behind.
        tmp = self.path.with_suffix(".toml.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        import tomli_w  # writing is a technician's command, never the kiosk's start

        with os.fdopen(fd, "wb") as handle:
            tomli_w.dump(tree, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path)

    def as_dict(self, reveal_secrets: bool = False) -> dict[str, Any]:
        shown: dict[str, Any] = {}
        for setting in SETTINGS:
            value = self.get(setting.key)
            if setting.secret and value and not reveal_secrets:
                value = "********"
            shown[setting.key] = value
        return shown

    @staticmethod
    def describe() -> list[Setting]:
        return list(SETTINGS)
