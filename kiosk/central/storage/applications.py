"""The central's database: registered kiosks and the applications they delivered.

SQLite (the embedded default, WAL with synchronous=FULL, so an item reported "accepted" survives
a power cut) or PostgreSQL when given a DSN: see kiosk/central/storage/db.py. The schema is
migrated with
Alembic on open (kiosk/central/storage/migrate.py). Exactly-once delivery rests on the primary key
and
INSERT … ON CONFLICT DO NOTHING (kiosk/central/storage/idempotent.py), so any number of threads,
worker
processes or instances may share one database.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kiosk.central.rules.shape import Validator
from kiosk.central.storage.db import Database, is_dsn, open_database
from kiosk.central.storage.idempotent import Entry, Reasons, store_batch
from kiosk.central.storage.kiosk_ids import check_kiosk_id
from kiosk.central.storage.migrate import upgrade
from kiosk.central.storage.office import OfficeStorage
from kiosk.central.storage.ratings_votes import RatingsVotesStorage
from kiosk.central.storage.tokens import new_token, token_matches
from kiosk.errors import KioskError
from kiosk.wire.protocol import (
    ApplicationPayload,
    ItemResult,
    StatusChange,
    canonical_json,
    derive_bundle_key,
    utc_now_iso,
)

log = logging.getLogger(__name__)


CONFLICT_REASON = ("conflict: an application with this id was already received "
                   "with different content")
FOREIGN_REASON = "this application id already belongs to another kiosk"
_REASONS = Reasons(foreign=FOREIGN_REASON, conflict=CONFLICT_REASON)
_COLUMNS = ("id", "kiosk_id", "tracking_number", "service_id", "catalog_version", "payload_json",
            "content_hash", "created_at", "received_at")


class UnknownApplication(KioskError):
    """No application matches what the office asked about."""


class AmbiguousTrackingNumber(UnknownApplication):
    """Several kiosks' applications carry the tracking number; the office must name the kiosk."""


class CentralStorage(RatingsVotesStorage, OfficeStorage):
    """Thread-safe access to the central database; one instance per server process.

    `target` is the path of an SQLite file or a PostgreSQL DSN (postgresql://…).
    Ratings, votes and announcements: RatingsVotesStorage (kiosk/central/storage/ratings_votes.py);
    operators and exports: OfficeStorage (kiosk/central/storage/office.py).
    """

    def __init__(self, target: Path | str) -> None:
        self.db: Database = open_database(target)
        self.db_path: Path | None = None if is_dsn(target) else Path(target)
        try:
            upgrade(self.db)
        except BaseException:
            self.db.close()
            raise

    def describe(self) -> str:
        """Which database this is, without any password (for logs)."""
        return self.db.describe()

    def close(self) -> None:
        """Close every connection; the storage is unusable afterwards."""
        self.db.close()

    # -- kiosks ------------------------------------------------------------------------------

    def add_kiosk(self, kiosk_id: str) -> str:
        """Register a kiosk (or rotate its token) and return the new token, shown only once."""
        check_kiosk_id(kiosk_id)
        token, salt, digest = new_token("tk_")
        with self.db.write() as conn:
            conn.run(
                "INSERT INTO kiosks (kiosk_id, token_hash, salt, created_at, bundle_key)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(kiosk_id) DO UPDATE SET"
                " token_hash = excluded.token_hash, salt = excluded.salt,"
                " bundle_key = excluded.bundle_key",
                (kiosk_id, digest, salt.hex(), utc_now_iso(), derive_bundle_key(token).hex()))
        log.info("kiosk %s registered (token issued)", kiosk_id)
        return token

    def authenticate(self, kiosk_id: str, token: str) -> bool:
        """True iff `token` is the current token of `kiosk_id`."""
        with self.db.read() as conn:
            row = conn.one("SELECT token_hash, salt FROM kiosks WHERE kiosk_id = ?", (kiosk_id,))
        return token_matches(row, token)

    def bundle_key(self, kiosk_id: str) -> bytes | None:
        """The key for this kiosk's USB bundles, or None for an unknown kiosk."""
        with self.db.read() as conn:
            row = conn.one("SELECT bundle_key FROM kiosks WHERE kiosk_id = ?", (kiosk_id,))
        return bytes.fromhex(row["bundle_key"]) if row and row["bundle_key"] else None

    def list_kiosks(self) -> list[str]:
        with self.db.read() as conn:
            rows = conn.all("SELECT kiosk_id FROM kiosks ORDER BY kiosk_id")
        return [row["kiosk_id"] for row in rows]

    # -- applications ------------------------------------------------------------------------

    def store_items(self, kiosk_id: str, items: Sequence[ApplicationPayload],
                    validator: Validator | None = None, *,
                    texts: Sequence[str] | None = None) -> list[ItemResult]:
        """Store a batch in one transaction and return one result per item, in order.

        An id seen before is judged against the stored row (duplicate, conflict or another
        kiosk's) rather than validated, so a re-send stays a duplicate even if the rules changed.
        `texts`: the items' `canonical_json`, when the caller has it already.
        """
        # Validate before the transaction: validators may be slow, the write lock is shared.
        received_at = utc_now_iso()
        entries = []
        for index, item in enumerate(items):
            text = canonical_json(item) if texts is None else texts[index]
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()  # = content_hash(item)
            entries.append(Entry(item.id, digest, _run_validator(validator, item), (
                item.id, kiosk_id, item.tracking_number, item.service_id, item.catalog_version,
                text, digest, item.created_at, received_at)))
        if not entries:
            return []
        with self.db.write() as conn:
            return store_batch(conn, "applications", _COLUMNS, kiosk_id, entries, received_at,
                               _REASONS)

    def list_applications(self) -> list[dict[str, Any]]:
        """Every application's envelope (no answers), oldest received first."""
        with self.db.read() as conn:
            return conn.all("SELECT id, tracking_number, kiosk_id, service_id, received_at"
                            " FROM applications ORDER BY received_at, id")

    def get_payload(self, application_id: str) -> ApplicationPayload | None:
        """The stored application as received, or None."""
        with self.db.read() as conn:
            row = conn.one("SELECT payload_json FROM applications WHERE id = ?",
                           (application_id,))
        if row is None:
            return None
        return ApplicationPayload.model_validate_json(row["payload_json"])

    def count_applications(self) -> int:
        with self.db.read() as conn:
            row = conn.one("SELECT COUNT(*) AS n FROM applications")
        return int(row["n"]) if row else 0

    # -- status changes ------------------------------------------------------------------------

    def set_status(self, tracking_number: str, status: str, message: str | None,
                   kiosk_id: str | None = None) -> StatusChange:
        """Record the office's decision on the application with this tracking number."""
        query = "SELECT id, kiosk_id FROM applications WHERE tracking_number = ?"
        params: list[str] = [tracking_number]
        if kiosk_id:
            query += " AND kiosk_id = ?"
            params.append(kiosk_id)
        changed_at = utc_now_iso()
        with self.db.write() as conn:
            rows = conn.all(query + " ORDER BY id LIMIT 2", params)
            if not rows:
                raise UnknownApplication(f"no application with tracking number {tracking_number}")
            if len(rows) > 1:
                raise AmbiguousTrackingNumber(
                    f"tracking number {tracking_number} belongs to applications from several "
                    "kiosks; name the kiosk with --kiosk")
            row = conn.one(
                "INSERT INTO status_changes (application_id, kiosk_id, tracking_number, status,"
                " message, changed_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq",
                (rows[0]["id"], rows[0]["kiosk_id"], tracking_number, status, message,
                 changed_at))
        return StatusChange(seq=int(row["seq"]) if row else 0, application_id=rows[0]["id"],
                            tracking_number=tracking_number, status=status,  # type: ignore[arg-type]
                            message=message, changed_at=changed_at)

    def status_changes_since(self, kiosk_id: str, since: int, limit: int
                             ) -> list[StatusChange]:
        with self.db.read() as conn:
            rows = conn.all(
                "SELECT seq, application_id, tracking_number, status, message, changed_at"
                " FROM status_changes WHERE kiosk_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                (kiosk_id, since, limit))
        return [StatusChange(**row) for row in rows]


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
