"""Volunteers' badge codes: who may switch the kiosk into assisted mode.

A badge code is a short number printed on the volunteer's badge, so it is stored only as a salted
scrypt hash (like the technician PIN). Signing in records the volunteer's id (never the code)
with every application they help with, and in the audit log.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import ConfigError
from kiosk.privacy.secret_file import write_private_json

VOLUNTEERS_FILE = "volunteers.json"
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


@dataclass(frozen=True)
class Volunteer:
    """A signed-in volunteer, as applications record who helped."""

    id: str
    name: str


def _hash(code: str, salt: bytes) -> bytes:
    # hashlib, hmac and secrets load OpenSSL's libcrypto (start-up time): imported when used.
    import hashlib

    return hashlib.scrypt(code.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)


class VolunteerRegistry:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / VOLUNTEERS_FILE

    def add(self, volunteer_id: str, name: str) -> str:
        """Register (or re-issue) a volunteer; returns the new 8-digit badge code, shown once."""
        if not _ID.match(volunteer_id):
            raise ConfigError("a volunteer id is 1–32 lower-case letters, digits, '-' or '_'")
        import secrets  # see _hash

        code = f"{secrets.randbelow(10**8):08d}"
        salt = secrets.token_bytes(16)
        data = self._read()
        data[volunteer_id] = {"name": name, "salt": salt.hex(), "hash": _hash(code, salt).hex()}
        self._write(data)
        return code

    def remove(self, volunteer_id: str) -> bool:
        data = self._read()
        if data.pop(volunteer_id, None) is None:
            return False
        self._write(data)
        return True

    def list(self) -> list[Volunteer]:
        return [Volunteer(vid, entry["name"]) for vid, entry in sorted(self._read().items())]

    def sign_in(self, code: str) -> Volunteer | None:
        """The volunteer whose badge code this is, or None. Slow on purpose (scrypt)."""
        import hmac  # see _hash

        code = code.strip()
        for vid, entry in self._read().items():
            if hmac.compare_digest(bytes.fromhex(entry["hash"]),
                                   _hash(code, bytes.fromhex(entry["salt"]))):
                return Volunteer(vid, entry["name"])
        return None

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except ValueError:
            raise ConfigError(f"{self.path} is damaged; re-issue the badges with "
                              "`kiosk volunteer add`") from None
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict[str, Any]) -> None:
        write_private_json(self.path, data)
