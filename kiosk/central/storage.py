"""The central's database: registered kiosks and the applications they delivered.

SQLite in WAL mode with synchronous=FULL, so an item reported "accepted" survives a power cut.
uvicorn serves requests from a thread pool; every thread gets its own connection and writes take
the database's write lock up front (BEGIN IMMEDIATE), so a batch's read-check-insert sequence is
atomic against concurrent batches. The primary key on applications.id stays the final guard.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk.central.feedback_storage import FEEDBACK_SCHEMA, FeedbackStorage
from kiosk.errors import KioskError
from kiosk.sync.protocol import (
    ApplicationPayload,
    ItemResult,
    StatusChange,
    canonical_json,
    content_hash,
    derive_bundle_key,
    utc_now_iso,
)

log = logging.getLogger(__name__)

Validator = Callable[[ApplicationPayload], str | None]

_KIOSK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS kiosks (
    kiosk_id   TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL,
    salt       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS applications (
    id              TEXT PRIMARY KEY,
    kiosk_id        TEXT NOT NULL REFERENCES kiosks(kiosk_id),
    tracking_number TEXT NOT NULL,
    service_id      TEXT NOT NULL,
    catalog_version TEXT NOT NULL,
    payload_json    TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    received_at     TEXT NOT NULL
);
-- Tracking numbers are random, so two kiosks may in theory draw the same one: indexed, not unique.
CREATE INDEX IF NOT EXISTS applications_tracking_number ON applications(tracking_number);
CREATE INDEX IF NOT EXISTS applications_kiosk_id ON applications(kiosk_id);
-- What the office decided, in order; kiosks pull their own rows after a cursor (seq).
CREATE TABLE IF NOT EXISTS status_changes (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id  TEXT NOT NULL REFERENCES applications(id),
    kiosk_id        TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    status          TEXT NOT NULL,
    message         TEXT,
    changed_at      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS status_changes_kiosk ON status_changes(kiosk_id, seq);
"""
# Columns added after the first release: (table, column, declaration).
_ADDED_COLUMNS = (
    ("kiosks", "bundle_key", "TEXT"),
)

CONFLICT_REASON = ("conflict: an application with this id was already received "
                   "with different content")
FOREIGN_REASON = "this application id already belongs to another kiosk"


def valid_kiosk_id(kiosk_id: str) -> bool:
    """Whether `kiosk_id` is a name the central would register."""
    return bool(_KIOSK_ID.fullmatch(kiosk_id))


class InvalidKioskId(KioskError):
    """A kiosk id the central will not register."""

    def __init__(self, kiosk_id: str) -> None:
        super().__init__(
            f"invalid kiosk id {kiosk_id!r}: use 1-64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit")


class UnknownApplication(KioskError):
    """No (single) application matches what the office asked about."""


def _hash_token(salt: bytes, token: str) -> str:
    # Tokens are 256 random bits, so a fast salted hash is enough (nothing to brute-force) and
    # keeps authentication cheap on every request; the salt stops cross-kiosk hash comparison.
    return hashlib.sha256(salt + token.encode("utf-8")).hexdigest()


# Compared against when the kiosk id is unknown, so that case costs as long as a wrong token.
_DUMMY_SALT = secrets.token_bytes(16)
_DUMMY_HASH = _hash_token(_DUMMY_SALT, secrets.token_urlsafe(32))


class CentralStorage(FeedbackStorage):
    """Thread-safe access to central.sqlite3; one instance per server process.

    Ratings, votes and announcements: see FeedbackStorage (kiosk/central/feedback_storage.py).
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        self._closed = False
        conn = self._conn()
        conn.executescript(_SCHEMA)
        conn.executescript(FEEDBACK_SCHEMA)
        for table, column, declaration in _ADDED_COLUMNS:
            present = {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}
            if column not in present:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")

    # -- connections -------------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        if self._closed:
            raise RuntimeError("central storage is closed")
        # isolation_level=None: we issue BEGIN/COMMIT ourselves so write locks are explicit.
        # check_same_thread=False only so close() may close it from another thread.
        conn = sqlite3.connect(self.db_path, isolation_level=None, check_same_thread=False,
                               timeout=30.0)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        self._local.conn = conn
        with self._all_lock:
            self._all.append(conn)
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        """Close every thread's connection; the storage is unusable afterwards."""
        self._closed = True
        with self._all_lock:
            conns, self._all = self._all, []
        for conn in conns:
            conn.close()

    # -- kiosks ------------------------------------------------------------------------------

    def add_kiosk(self, kiosk_id: str) -> str:
        """Register a kiosk (or rotate its token) and return the new token, shown only once."""
        if not _KIOSK_ID.fullmatch(kiosk_id):
            raise InvalidKioskId(kiosk_id)
        # The prefix keeps a token from starting with "-", which a shell command line would
        # take for an option when a technician pastes it into `kiosk config set`.
        token = "tk_" + secrets.token_urlsafe(32)
        salt = secrets.token_bytes(16)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO kiosks (kiosk_id, token_hash, salt, created_at, bundle_key)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(kiosk_id) DO UPDATE SET"
                " token_hash = excluded.token_hash, salt = excluded.salt,"
                " bundle_key = excluded.bundle_key",
                (kiosk_id, _hash_token(salt, token), salt.hex(), utc_now_iso(),
                 derive_bundle_key(token).hex()))
        log.info("kiosk %s registered (token issued)", kiosk_id)
        return token

    def authenticate(self, kiosk_id: str, token: str) -> bool:
        """True iff `token` is the current token of `kiosk_id`."""
        row = self._conn().execute(
            "SELECT token_hash, salt FROM kiosks WHERE kiosk_id = ?", (kiosk_id,)).fetchone()
        if row is None:
            hmac.compare_digest(_DUMMY_HASH, _hash_token(_DUMMY_SALT, token))
            return False
        return hmac.compare_digest(row["token_hash"],
                                   _hash_token(bytes.fromhex(row["salt"]), token))

    def bundle_key(self, kiosk_id: str) -> bytes | None:
        """The key for this kiosk's USB bundles, or None for an unknown kiosk."""
        row = self._conn().execute("SELECT bundle_key FROM kiosks WHERE kiosk_id = ?",
                                   (kiosk_id,)).fetchone()
        return bytes.fromhex(row["bundle_key"]) if row and row["bundle_key"] else None

    def list_kiosks(self) -> list[str]:
        rows = self._conn().execute("SELECT kiosk_id FROM kiosks ORDER BY kiosk_id").fetchall()
        return [row["kiosk_id"] for row in rows]

    # -- applications ------------------------------------------------------------------------

    def store_items(self, kiosk_id: str, items: Sequence[ApplicationPayload],
                    validator: Validator | None = None) -> list[ItemResult]:
        """Store a batch in one transaction and return one result per item, in order.

        An id seen before is judged against the stored row (duplicate, conflict or another
        kiosk's) before validation, so a re-send stays a duplicate even if the rules changed.
        """
        # Validate before taking the write lock: validators may be slow, the lock is shared.
        verdicts = [_run_validator(validator, item) for item in items]
        hashes = [content_hash(item) for item in items]
        received_at = utc_now_iso()
        results: list[ItemResult] = []
        with self._write() as conn:
            for item, verdict, digest in zip(items, verdicts, hashes, strict=True):
                result = _judge_existing(conn, kiosk_id, item.id, digest)
                if result is None and verdict is not None:
                    result = ItemResult(id=item.id, status="rejected", reason=verdict)
                if result is None:
                    cur = conn.execute(
                        "INSERT INTO applications (id, kiosk_id, tracking_number, service_id,"
                        " catalog_version, payload_json, content_hash, created_at, received_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
                        (item.id, kiosk_id, item.tracking_number, item.service_id,
                         item.catalog_version, canonical_json(item), digest, item.created_at,
                         received_at))
                    if cur.rowcount == 1:
                        result = ItemResult(id=item.id, status="accepted",
                                            received_at=received_at)
                    else:
                        # Only reachable if another writer slipped in despite BEGIN IMMEDIATE:
                        # the primary key held, so judge against what is stored now.
                        result = _judge_existing(conn, kiosk_id, item.id, digest)
                        if result is None:
                            raise sqlite3.IntegrityError(f"insert of {item.id} ignored")
                results.append(result)
        return results

    def list_applications(self) -> list[dict[str, Any]]:
        """Every application's envelope (no answers), oldest received first."""
        rows = self._conn().execute(
            "SELECT id, tracking_number, kiosk_id, service_id, received_at FROM applications"
            " ORDER BY received_at, rowid").fetchall()
        return [dict(row) for row in rows]

    def get_payload(self, application_id: str) -> ApplicationPayload | None:
        """The stored application as received, or None."""
        row = self._conn().execute("SELECT payload_json FROM applications WHERE id = ?",
                                   (application_id,)).fetchone()
        if row is None:
            return None
        return ApplicationPayload.model_validate_json(row["payload_json"])

    def count_applications(self) -> int:
        row = self._conn().execute("SELECT COUNT(*) FROM applications").fetchone()
        return int(row[0])

    # -- status changes ------------------------------------------------------------------------

    def set_status(self, tracking_number: str, status: str, message: str | None,
                   kiosk_id: str | None = None) -> StatusChange:
        """Record the office's decision on the application with this tracking number."""
        with self._write() as conn:
            query = "SELECT id, kiosk_id FROM applications WHERE tracking_number = ?"
            params: list[str] = [tracking_number]
            if kiosk_id:
                query += " AND kiosk_id = ?"
                params.append(kiosk_id)
            rows = conn.execute(query, params).fetchall()
            if not rows:
                raise UnknownApplication(f"no application with tracking number {tracking_number}")
            if len(rows) > 1:
                raise UnknownApplication(
                    f"tracking number {tracking_number} belongs to applications from several "
                    "kiosks; name the kiosk with --kiosk")
            changed_at = utc_now_iso()
            cur = conn.execute(
                "INSERT INTO status_changes (application_id, kiosk_id, tracking_number, status,"
                " message, changed_at) VALUES (?, ?, ?, ?, ?, ?)",
                (rows[0]["id"], rows[0]["kiosk_id"], tracking_number, status, message,
                 changed_at))
            seq = int(cur.lastrowid or 0)
        return StatusChange(seq=seq, application_id=rows[0]["id"],
                            tracking_number=tracking_number, status=status,  # type: ignore[arg-type]
                            message=message, changed_at=changed_at)

    def status_changes_since(self, kiosk_id: str, since: int, limit: int
                             ) -> list[StatusChange]:
        rows = self._conn().execute(
            "SELECT seq, application_id, tracking_number, status, message, changed_at"
            " FROM status_changes WHERE kiosk_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            (kiosk_id, since, limit)).fetchall()
        return [StatusChange(**dict(row)) for row in rows]


def _judge_existing(conn: sqlite3.Connection, kiosk_id: str, item_id: str,
                    digest: str) -> ItemResult | None:
    """The result for an id already stored, or None if the id is new."""
    row = conn.execute("SELECT kiosk_id, content_hash, received_at FROM applications WHERE id = ?",
                       (item_id,)).fetchone()
    if row is None:
        return None
    if row["kiosk_id"] != kiosk_id:
        return ItemResult(id=item_id, status="rejected", reason=FOREIGN_REASON)
    if row["content_hash"] != digest:
        return ItemResult(id=item_id, status="rejected", reason=CONFLICT_REASON)
    return ItemResult(id=item_id, status="duplicate", received_at=row["received_at"])


def _run_validator(validator: Validator | None, item: ApplicationPayload) -> str | None:
    if validator is None:
        return None
    try:
        return validator(item)
    except Exception as exc:
        # A validator bug must not fail the whole batch; the kiosk quarantines the record with
        # this reason and keeps its data, so nothing is lost. Log the type only: the message
        # could quote an answer.
        log.error("validator failed on application %s: %s", item.id, type(exc).__name__)
        return "the central could not validate this application (internal error)"
