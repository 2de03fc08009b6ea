"""The technician's PIN: a salted slow hash, and a lock after repeated wrong guesses.

A 4–8 digit PIN has little entropy, so the hash is scrypt (slow and memory-hard, in the standard
library) and guessing is limited: 5 wrong PINs lock the panel for 5 minutes. The state lives in
its own file (mode 0600) so a locked kiosk stays locked across a restart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import ConfigError
from kiosk.privacy.secret_file import write_private_json

log = logging.getLogger(__name__)
MAX_FAILURES = 5
LOCK_SECONDS = 300.0
PIN_FILE = "technician_pin.json"
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


@dataclass(frozen=True)
class PinCheck:
    ok: bool
    locked_for_seconds: float = 0.0  # > 0: locked, try again after this long
    attempts_left: int = MAX_FAILURES
    not_set: bool = False


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)


class TechnicianPin:
    def __init__(self, data_dir: Path,
                 clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)) -> None:
        self.path = data_dir / PIN_FILE
        self._clock = clock

    def is_set(self) -> bool:
        return "hash" in self._read()

    def set_pin(self, pin: str) -> None:
        if not (pin.isdigit() and pin.isascii() and 4 <= len(pin) <= 8):
            raise ConfigError("the technician PIN must be 4 to 8 digits")
        salt = secrets.token_bytes(16)
        self._write({"salt": salt.hex(), **_SCRYPT,
                     "hash": _hash(pin, salt, **_SCRYPT).hex(), "failures": 0})
        log.info("technician PIN changed")

    def check(self, pin: str) -> PinCheck:
        state = self._read()
        if "hash" not in state:
            return PinCheck(ok=False, not_set=True)
        now = self._clock()
        locked_until = state.get("locked_until")
        if locked_until:
            remaining = (dt.datetime.fromisoformat(locked_until) - now).total_seconds()
            if remaining > 0:
                log.warning("technician PIN tried while locked")
                return PinCheck(ok=False, locked_for_seconds=remaining, attempts_left=0)
            state["failures"], state["locked_until"] = 0, None
        expected = bytes.fromhex(state["hash"])
        given = _hash(pin, bytes.fromhex(state["salt"]), state["n"], state["r"], state["p"])
        if hmac.compare_digest(expected, given):
            state["failures"], state["locked_until"] = 0, None
            self._write(state)
            log.info("technician PIN accepted")
            return PinCheck(ok=True)
        state["failures"] = int(state.get("failures", 0)) + 1
        log.warning("wrong technician PIN (%d of %d)", state["failures"], MAX_FAILURES)
        if state["failures"] >= MAX_FAILURES:
            state["locked_until"] = (now + dt.timedelta(seconds=LOCK_SECONDS)).isoformat()
            self._write(state)
            log.warning("technician panel locked for %d s after %d wrong PINs",
                        LOCK_SECONDS, MAX_FAILURES)
            return PinCheck(ok=False, locked_for_seconds=LOCK_SECONDS, attempts_left=0)
        self._write(state)
        return PinCheck(ok=False, attempts_left=MAX_FAILURES - state["failures"])

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (ValueError, UnicodeDecodeError):
            raise ConfigError(f"{self.path} is damaged; set the PIN again with "
                              "`kiosk technician set-pin`") from None
        return data if isinstance(data, dict) else {}

    def _write(self, state: dict[str, Any]) -> None:
        write_private_json(self.path, state)
