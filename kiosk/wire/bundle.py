"""USB bundles: pending applications carried from a kiosk to its central when there is no network,
and the central's acknowledgement carried back. docs/usb-transfer.md describes the format.

Like protocol.py this is shared by the kiosk and the central, so it holds the format only
(no database, no CLI). Everything is authenticated with the per-kiosk bundle key
(`protocol.derive_bundle_key`): a bundle or acknowledgement that was changed by a single byte,
truncated, or made with another key is refused as a whole, before anything is imported.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import struct
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import ValidationError

from kiosk.errors import KioskError
from kiosk.wire.protocol import ApplicationPayload, ItemResult, valid_kiosk_id

MAGIC = b"TKB1"
FORMAT_VERSION = 1
ACK_FORMAT = "TKA1"
BUNDLE_SUFFIX = ".tkb"
ACK_SUFFIX = ".ack"
MAX_HEADER_BYTES = 4096
# AES-GCM in `cryptography` is one-shot (whole plaintext in memory, < 2 GiB); a township kiosk's
# queue is thousands of ~1 KB records, so this cap is never near and keeps a stray file harmless.
MAX_BUNDLE_BYTES = 1 << 30
_PREFIX = struct.Struct(">4sI")  # magic, header length
_BUNDLE_INFO = b"township-kiosk usb bundle v1 aes-256-gcm"
_ACK_INFO = b"township-kiosk usb bundle v1 ack hmac-sha256"

DAMAGED = ("this bundle has been changed or damaged, or it was made for another central; "
           "nothing was imported")
ACK_DAMAGED = ("this acknowledgement has been changed or damaged, or it was made by another "
               "central or for another kiosk; nothing was changed")

Progress = Callable[[int, int], None]


class BundleError(KioskError):
    """A bundle or acknowledgement that cannot be used; the message says why in plain words."""


class NotABundle(BundleError):
    def __init__(self) -> None:
        super().__init__("this file is not a Township Kiosk bundle (it does not start with "
                         "TKB1); nothing was imported")


class BundleDamaged(BundleError):
    def __init__(self, detail: str = DAMAGED) -> None:
        super().__init__(detail)


class BundleTruncated(BundleDamaged):
    def __init__(self, have: int, want: int) -> None:
        super().__init__(f"this bundle is incomplete ({have} of {want} bytes): it was copied or "
                         "written only partly; copy it again or export again; nothing was imported")


class AckDamaged(BundleError):
    def __init__(self, detail: str = ACK_DAMAGED) -> None:
        super().__init__(detail)


@dataclass(frozen=True)
class BundleHeader:
    """The clear-text part of a bundle; all of it is bound into the AES-GCM tag as associated
    data, so it is trustworthy only after `open_bundle` succeeded."""

    kiosk_id: str
    bundle_id: str
    created_at: str
    count: int
    salt: bytes
    nonce: bytes
    ciphertext_bytes: int
    version: int = FORMAT_VERSION

    def to_bytes(self) -> bytes:
        return json.dumps({
            "format": self.version, "kiosk_id": self.kiosk_id, "bundle_id": self.bundle_id,
            "created_at": self.created_at, "count": self.count, "salt": self.salt.hex(),
            "nonce": self.nonce.hex(), "ciphertext_bytes": self.ciphertext_bytes,
        }, sort_keys=True, separators=(",", ":")).encode("ascii")

    @classmethod
    def from_bytes(cls, raw: bytes) -> BundleHeader:
        try:
            data = json.loads(raw.decode("ascii"))
            header = cls(kiosk_id=data["kiosk_id"], bundle_id=data["bundle_id"],
                         created_at=data["created_at"], count=data["count"],
                         salt=bytes.fromhex(data["salt"]), nonce=bytes.fromhex(data["nonce"]),
                         ciphertext_bytes=data["ciphertext_bytes"], version=data["format"])
        except (ValueError, KeyError, TypeError, AttributeError):
            raise BundleDamaged() from None
        if header.version != FORMAT_VERSION:
            raise BundleError(f"this bundle uses format version {header.version!r}, which this "
                              "program cannot read; update it; nothing was imported")
        # The kiosk id is printed and looked up before authentication: keep it a plain id.
        ints = (header.count, header.ciphertext_bytes)
        if not (isinstance(header.kiosk_id, str) and valid_kiosk_id(header.kiosk_id)
                and all(type(n) is int and n >= 0 for n in ints)
                and len(header.salt) == 16 and len(header.nonce) == 12):
            raise BundleDamaged()
        return header

    @property
    def file_name(self) -> str:
        stamp = dt.datetime.fromisoformat(self.created_at).strftime("%Y%m%dT%H%M%SZ")
        return f"kiosk-{self.kiosk_id}-{stamp}-{self.bundle_id[:8]}{BUNDLE_SUFFIX}"


@dataclass(frozen=True)
class OpenedBundle:
    header: BundleHeader
    lines: list[str]  # one JSON object (an ApplicationPayload) per line, as the kiosk wrote it


def _bundle_key(key: bytes, salt: bytes) -> bytes:
    # A fresh key per bundle (random salt): a nonce can never repeat under the same key.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_BUNDLE_INFO).derive(key)


def _ack_key(key: bytes) -> bytes:
    # Separate from the encryption keys so one key is never used by two algorithms.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_ACK_INFO).derive(key)


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def encode_bundle(key: bytes, kiosk_id: str, items: Sequence[ApplicationPayload], *,
                  progress: Progress | None = None) -> tuple[BundleHeader, bytes]:
    """Seal `items` for the central holding `key`; returns the header and the file's bytes."""
    if not valid_kiosk_id(kiosk_id):
        raise BundleError(f"kiosk id {kiosk_id!r} cannot be written into a bundle")
    lines: list[str] = []
    for done, item in enumerate(items, start=1):
        lines.append(json.dumps(item.model_dump(mode="json"), ensure_ascii=False,
                                allow_nan=False, separators=(",", ":")))
        if progress:
            progress(done, len(items))
    plaintext = "\n".join(lines).encode("utf-8")
    header = BundleHeader(kiosk_id=kiosk_id, bundle_id=str(uuid.uuid4()), created_at=utc_now(),
                          count=len(items), salt=secrets.token_bytes(16),
                          nonce=secrets.token_bytes(12),
                          ciphertext_bytes=len(plaintext) + 16)  # GCM appends a 16-byte tag
    if header.ciphertext_bytes > MAX_BUNDLE_BYTES:
        raise BundleError("too many applications for one bundle; export fewer at a time")
    raw_header = header.to_bytes()
    aad = _PREFIX.pack(MAGIC, len(raw_header)) + raw_header
    sealed = AESGCM(_bundle_key(key, header.salt)).encrypt(header.nonce, plaintext, aad)
    return header, aad + sealed


def read_header(data: bytes) -> tuple[BundleHeader, int]:
    """The unauthenticated header (to find the kiosk's key) and where the ciphertext starts."""
    if len(data) < _PREFIX.size:
        if MAGIC.startswith(data[:4]):
            raise BundleTruncated(len(data), _PREFIX.size)
        raise NotABundle()
    magic, length = _PREFIX.unpack_from(data)
    if magic != MAGIC:
        raise NotABundle()
    if length > MAX_HEADER_BYTES:
        raise BundleDamaged()
    end = _PREFIX.size + length
    if len(data) < end:
        raise BundleTruncated(len(data), end)
    header = BundleHeader.from_bytes(data[_PREFIX.size:end])
    want = end + header.ciphertext_bytes
    if len(data) < want:
        raise BundleTruncated(len(data), want)
    if len(data) > want or header.ciphertext_bytes > MAX_BUNDLE_BYTES:
        raise BundleDamaged()
    return header, end


def open_bundle(data: bytes, key: bytes) -> OpenedBundle:
    """Verify and decrypt; raises a BundleError unless every byte is as the kiosk wrote it."""
    header, start = read_header(data)
    try:
        plaintext = AESGCM(_bundle_key(key, header.salt)).decrypt(
            header.nonce, data[start:], data[:start])
    except InvalidTag:
        raise BundleDamaged() from None
    lines = plaintext.decode("utf-8").split("\n") if plaintext else []
    if len(lines) != header.count:  # authenticated, so only a writer bug gets here
        raise BundleDamaged()
    return OpenedBundle(header, lines)


def parse_item(line: str) -> ApplicationPayload | ItemResult:
    """One application of an opened bundle, or its rejection if this program cannot read it
    (a newer kiosk's record, say): like the HTTP API, one odd record never blocks the others."""
    try:
        raw: Any = json.loads(line)
    except ValueError:
        raw = None
    item_id = raw.get("id") if isinstance(raw, dict) else None
    try:
        return ApplicationPayload.model_validate(raw)
    except ValidationError as exc:
        # Field names only: pydantic's input echo could quote a resident's answer.
        fields = "; ".join(".".join(str(p) for p in e["loc"]) or e["msg"] for e in exc.errors())
        return ItemResult(id=item_id if isinstance(item_id, str) else "", status="rejected",
                          reason=f"malformed application: {fields}")


# -- acknowledgements ------------------------------------------------------------------------

@dataclass(frozen=True)
class Ack:
    kiosk_id: str
    bundle_id: str
    created_at: str
    results: list[ItemResult]


def _ack_body(ack: Ack) -> dict[str, Any]:
    return {"format": ACK_FORMAT, "version": FORMAT_VERSION, "kiosk_id": ack.kiosk_id,
            "bundle_id": ack.bundle_id, "created_at": ack.created_at,
            "results": [r.model_dump(mode="json") for r in ack.results]}


def _mac(key: bytes, body: dict[str, Any]) -> str:
    # The MAC covers the canonical form, so the file itself can stay readable, indented JSON.
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(_ack_key(key), canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def encode_ack(key: bytes, ack: Ack) -> bytes:
    body = _ack_body(ack)
    text = json.dumps({**body, "mac": _mac(key, body)}, ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")


def peek_ack(data: bytes) -> Ack:
    """The acknowledgement's content, NOT yet verified: use it only to say whose it is."""
    try:
        doc = json.loads(data.decode("utf-8"))
        if doc.get("format") != ACK_FORMAT or doc.get("version") != FORMAT_VERSION:
            raise ValueError("not an ack")
        ack = Ack(kiosk_id=doc["kiosk_id"], bundle_id=doc["bundle_id"],
                  created_at=doc["created_at"],
                  results=[ItemResult.model_validate(r) for r in doc["results"]])
        if not (isinstance(ack.kiosk_id, str) and valid_kiosk_id(ack.kiosk_id)):
            raise ValueError("bad kiosk id")
    except (ValueError, KeyError, TypeError, AttributeError):
        raise AckDamaged("this file is not a readable Township Kiosk acknowledgement "
                         "(damaged or of another kind); nothing was changed") from None
    return ack


def verify_ack(data: bytes, key: bytes) -> Ack:
    """The acknowledgement, if its MAC proves the central holding `key` wrote it unchanged."""
    ack = peek_ack(data)
    doc = json.loads(data.decode("utf-8"))
    # Recompute over the parsed document, not the ack: an extra field must break the MAC too.
    claimed = doc.pop("mac", None)
    if not isinstance(claimed, str) or not hmac.compare_digest(claimed, _mac(key, doc)):
        raise AckDamaged()
    return ack


# -- files -------------------------------------------------------------------------------------

def write_atomically(path: Path, data: bytes) -> None:
    """All or nothing: a USB stick pulled mid-write leaves at most a hidden .tmp file, never a
    half bundle under the real name."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not every OS/file system allows it (Windows, some FAT).
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read_file(path: Path, what: str = "bundle") -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BUNDLE_BYTES + MAX_HEADER_BYTES + _PREFIX.size:
            raise BundleError(f"{path.name} is too large to be a {what}; nothing was imported")
        return path.read_bytes()
    except FileNotFoundError:
        raise BundleError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise BundleError(f"{path} is a folder, not a {what} file") from None
    except OSError as exc:
        raise BundleError(f"cannot read {path}: {exc.strerror or exc}") from None


def ack_path_for(bundle_path: Path, ack_dir: Path | None = None) -> Path:
    name = bundle_path.name
    stem = name[: -len(BUNDLE_SUFFIX)] if name.endswith(BUNDLE_SUFFIX) else name
    return (ack_dir or bundle_path.parent) / f"{stem}{ACK_SUFFIX}"
