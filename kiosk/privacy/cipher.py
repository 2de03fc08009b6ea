"""Personal data encrypted at rest: AES-256-GCM with keys kept outside the database.

Residents' answers (ID numbers, phones, health and disability details) are stored only as
ciphertext. The keys live in `<data dir>/keys/data-keys.json`, readable by the kiosk user only,
so a copied database file (or its WAL, or a backup) is useless on its own. Each value is bound to
its application id (associated data), so ciphertext cannot be swapped between rows unnoticed.

Rotation (`kiosk keys rotate`) adds a new key, re-encrypts every row, and only then drops the old
key: a power cut at any point leaves every row readable.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.errors import KioskError
from kiosk.privacy.secret_file import create_private_file, write_private_json

PREFIX = "enc1"
KEYS_DIR = "keys"
KEYS_FILE = "data-keys.json"


class DataKeyError(KioskError):
    """A key is missing or the key file is damaged: data cannot be read."""


@dataclass
class DataCipher:
    path: Path
    current: str
    keys: dict[str, bytes] = field(default_factory=dict)

    # -- the key file ----------------------------------------------------------------------
    @classmethod
    def load_or_create(cls, data_dir: Path) -> DataCipher:
        path = data_dir / KEYS_DIR / KEYS_FILE
        if not path.exists():
            # The window and the sync service may start together on a fresh kiosk: the first
            # key written is the one both use (a second, overwriting it, would leave what was
            # saved under the first unreadable).
            made = cls(path=path, current="k1", keys={"k1": AESGCM.generate_key(bit_length=256)})
            create_private_file(path, json.dumps(made._document()))
            os.chmod(path.parent, 0o700)
        return cls.load(path)

    @classmethod
    def load(cls, path: Path) -> DataCipher:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            keys = {kid: bytes.fromhex(hexkey) for kid, hexkey in raw["keys"].items()}
            current = raw["current"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            raise DataKeyError(f"the data key file {path} is damaged or unreadable; restore it "
                            "from the technician's backup") from None
        if current not in keys or any(len(k) != 32 for k in keys.values()):
            raise DataKeyError(f"the data key file {path} is inconsistent")
        return cls(path=path, current=current, keys=keys)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.path.parent, 0o700)
        write_private_json(self.path, self._document())

    def _document(self) -> dict[str, object]:
        return {"current": self.current, "keys": {k: key.hex() for k, key in self.keys.items()}}

    # -- values ----------------------------------------------------------------------------
    def encrypt(self, plaintext: str, bound_to: str) -> str:
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self.keys[self.current]).encrypt(
            nonce, plaintext.encode("utf-8"), bound_to.encode("utf-8"))
        return f"{PREFIX}:{self.current}:{base64.b64encode(nonce + sealed).decode('ascii')}"

    def decrypt(self, stored: str, bound_to: str) -> str:
        if not stored.startswith(PREFIX + ":"):
            return stored  # written before encryption existed; re-encrypted at next open
        _, kid, body = stored.split(":", 2)
        key = self.keys.get(kid)
        if key is None:  # rotated by another process since we loaded: read the file again
            fresh = DataCipher.load(self.path)
            self.keys, self.current = fresh.keys, fresh.current
            key = self.keys.get(kid)
        if key is None:
            raise DataKeyError(f"data key {kid} is missing from {self.path}")
        blob = base64.b64decode(body)
        try:
            return AESGCM(key).decrypt(blob[:12], blob[12:], bound_to.encode("utf-8")).decode()
        except InvalidTag:
            raise DataKeyError("stored data failed its integrity check (changed outside the kiosk)"
                            ) from None

    @staticmethod
    def key_id_of(stored: str) -> str | None:
        return stored.split(":", 2)[1] if stored.startswith(PREFIX + ":") else None

    # -- rotation --------------------------------------------------------------------------
    def add_new_current_key(self) -> str:
        number = max(int(kid[1:]) for kid in self.keys if kid[1:].isdigit()) + 1
        kid = f"k{number}"
        self.keys[kid] = AESGCM.generate_key(bit_length=256)
        self.current = kid
        self.save()
        return kid

    def drop_keys_except(self, keep: set[str]) -> list[str]:
        dropped = [kid for kid in self.keys if kid not in keep and kid != self.current]
        for kid in dropped:
            del self.keys[kid]
        self.save()
        return dropped
