"""Structured, rotating logs with no personal data in them.

Logs go to `<data dir>/logs/<name>.log` as JSON lines (one event per line: time, level, logger,
message), rotated at 1 MB with 5 old files kept, so a kiosk that runs for years never fills its
disk with logs. The code never logs answers; as a second line of defence a filter blanks anything
shaped like a resident ID number or a phone number before it is written anywhere.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

MAX_BYTES = 1_000_000
BACKUPS = 5
# An 18-character ID (17 digits + digit/X), an 11-digit mobile, or a landline with area code;
# not part of a longer digit run, so 12-digit tracking numbers and UUIDs stay readable.
_PERSONAL = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|1[3-9]\d{9}|0\d{2,3}-?\d{7,8})"
                       r"(?![0-9A-Za-z])")
_configured: set[Path] = set()
# Plain file handlers waiting for enable_rotation(): see configure_logging(rotate=False).
_unrotated: list[logging.FileHandler] = []


def redact(text: str) -> str:
    return _PERSONAL.sub("[redacted]", text)


class RedactingJsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        if record.exc_info:
            entry["error"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class RedactingTextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def _rotating(path: Path) -> logging.FileHandler:
    import logging.handlers

    return logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                encoding="utf-8")


def configure_logging(data_dir: Path, name: str = "kiosk", verbose: bool = False, *,
                      rotate: bool = True, console: bool = False) -> Path:
    """Send this process's logs to `<data_dir>/logs/<name>.log`; safe to call repeatedly.

    Nothing goes to stderr unless `verbose` (everything from INFO up) or `console` (warnings
    and errors, for a server watched in its terminal such as `kiosk central serve`): a CLI
    command's stderr is its own one plain line, the details are in the log file.

    `rotate=False` (the kiosk window's start): a plain handler on the same file until
    `enable_rotation()`, because `logging.handlers` imports socket, pickle and selectors
    (time before the first frame); the file is only ever appended to meanwhile."""
    folder = data_dir / "logs"
    path = folder / f"{name}.log"
    root = logging.getLogger()
    if path not in _configured:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if rotate:
            file_handler = _rotating(path)
        else:
            file_handler = logging.FileHandler(path, encoding="utf-8")
            _unrotated.append(file_handler)
        file_handler.setFormatter(RedactingJsonFormatter())
        file_handler.setLevel(logging.INFO)
        root.addHandler(file_handler)
    if (verbose or console) and not any(getattr(h, "_kiosk_console", False)
                                        for h in root.handlers):
        terminal = logging.StreamHandler()
        terminal.setFormatter(RedactingTextFormatter("%(levelname)s %(name)s: %(message)s"))
        terminal.setLevel(logging.INFO if verbose else logging.WARNING)
        terminal._kiosk_console = True  # type: ignore[attr-defined]
        root.addHandler(terminal)
    root.setLevel(logging.INFO)
    _configured.add(path)
    return path


def enable_rotation() -> None:
    """Swap the plain handlers of configure_logging(rotate=False) for rotating ones."""
    root = logging.getLogger()
    while _unrotated:
        plain = _unrotated.pop()
        rotating = _rotating(Path(plain.baseFilename))
        rotating.setFormatter(plain.formatter)
        rotating.setLevel(plain.level)
        root.addHandler(rotating)
        root.removeHandler(plain)
        plain.close()
