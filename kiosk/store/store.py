"""The local store: the one module that opens the kiosk database.

Durability contract: `save_application` returns only after its transaction has committed to the
WAL with synchronous=FULL, so a receipt on screen means the application survives a power cut. An
application leaves `queued` only when a sender claims it, and reaches `delivered` only when the
central acknowledged it. Claims are leases taken in one IMMEDIATE transaction, so two senders (the
running kiosk and a technician's `kiosk sync`) never send the same application at the same time,
and a sender that dies mid-send only delays its batch until the lease runs out.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.domain import tracking
from kiosk.domain.ids import time_ordered_id
from kiosk.domain.receipts import Receipt
from kiosk.domain.session import Submission
from kiosk.errors import StoreError
from kiosk.privacy.cipher import DataCipher
from kiosk.store.base import PENDING_STATES, STATES, Clock, utc_now
from kiosk.store.delivery import mark_delivered_rows
from kiosk.store.disk_guard import ensure_room_for_application
from kiosk.store.migrations import migrate
from kiosk.store.outbox import OUTBOX_KINDS, OutboxStore, StoredRating, StoredVote
from kiosk.store.volunteer_view import VolunteerStore

__all__ = ["PENDING_STATES", "STATES", "Clock", "Store", "StoredApplication", "StoredRating",
           "StoredVote", "utc_now"]

# Encrypted columns: (table, column); each value is bound to its row's id.
_ENCRYPTED = (("applications", "answers_json"), ("votes", "suggestion"))
_WATERMARK_KEY = "store.plaintext_checked_rowid."  # + table name, in sync_meta
_WATERMARK_STEP = 1000


@dataclass(frozen=True)
class StoredApplication:
    id: str
    tracking_number: str
    service_id: str
    catalog_version: str
    language: str
    answers: dict[str, Any]
    consent: dict[str, Any]
    created_at: str
    state: str
    attempts: int
    last_error: str | None
    quarantine_reason: str | None
    delivered_at: str | None
    office_status: str | None = None
    office_message: str | None = None
    office_status_at: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any], answers: dict[str, Any]) -> StoredApplication:
        return cls(
            id=row["id"], tracking_number=row["tracking_number"], service_id=row["service_id"],
            catalog_version=row["catalog_version"], language=row["language"],
            answers=answers, consent=json.loads(row["consent_json"]),
            created_at=row["created_at"], state=row["state"], attempts=row["attempts"],
            last_error=row["last_error"], quarantine_reason=row["quarantine_reason"],
            delivered_at=row["delivered_at"], office_status=row["office_status"],
            office_message=row["office_message"], office_status_at=row["office_status_at"],
        )

    def summary(self) -> dict[str, Any]:
        """Everything a technician needs to see, without the personal answers."""
        return {
            "id": self.id, "tracking_number": self.tracking_number,
            "service": self.service_id, "state": self.state, "created_at": self.created_at,
            "attempts": self.attempts, "last_error": self.last_error,
            "quarantine_reason": self.quarantine_reason, "delivered_at": self.delivered_at,
            "office_status": self.office_status, "office_message": self.office_message,
            "office_status_at": self.office_status_at,
        }


class Store(VolunteerStore, OutboxStore):
    """The kiosk database: applications here, ratings/votes/pulled notices in OutboxStore."""

    @classmethod
    def open(cls, path: Path, clock: Clock = utc_now, cipher: DataCipher | None = None) -> Store:
        """Open (creating and migrating if needed) the database at `path`.

        The data keys live beside it in `keys/` (see kiosk.privacy.cipher), never inside it.
        """
        cipher = cipher or DataCipher.load_or_create(path.parent)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=10.0)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=10000")
            # Freed pages are zeroed, so purged or re-encrypted data leaves no trace in the file.
            conn.execute("PRAGMA secure_delete=ON")
            migrate(conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the kiosk database {path}: {exc}") from None
        path.chmod(0o600)
        store = cls(conn, path, cipher, clock)
        store.reencrypt(only_plaintext=True)  # rows from before encryption existed
        return store

    def _app(self, row: Mapping[str, Any]) -> StoredApplication:
        answers = json.loads(self.cipher.decrypt(row["answers_json"], row["id"]))
        return StoredApplication.from_row(row, answers)

    def reencrypt(self, only_plaintext: bool = False) -> int:
        """Encrypt every stored value (answers, vote suggestions) with the current key: all of
        them after a rotation, or only values still in plain text; returns how many were
        rewritten."""
        count = 0
        for table, column in _ENCRYPTED:
            # Runs at every Store.open: rows below the mark were checked before (docs/benchmarks.md)
            mark = _WATERMARK_KEY + table
            since = int(self.get_meta(mark) or 0) if only_plaintext else 0
            top = self._conn.execute(f"SELECT MAX(rowid) FROM {table}"  # noqa: S608 - fixed
                                     ).fetchone()[0] or 0
            rows = self._conn.execute(f"SELECT id, {column} AS value FROM {table} "  # noqa: S608
                                      f"WHERE rowid > ? AND rowid <= ? AND {column} IS NOT NULL",
                                      (since, top)).fetchall()
            todo = [r for r in rows if (self.cipher.key_id_of(r["value"]) is None
                                        if only_plaintext else
                                        self.cipher.key_id_of(r["value"]) != self.cipher.current)]
            if todo:
                with self._write() as conn:
                    for row in todo:
                        plain = self.cipher.decrypt(row["value"], row["id"])
                        conn.execute(f"UPDATE {table} SET {column} = ? "  # noqa: S608
                                     "WHERE id = ?",
                                     (self.cipher.encrypt(plain, row["id"]), row["id"]))
                count += len(todo)
            if only_plaintext and top - since >= _WATERMARK_STEP:
                self.set_meta({mark: str(top)})  # only once they are safe
        if count:
            # Old ciphertext or plain text may still sit in the WAL: fold it into the zeroed file.
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return count

    def key_ids_in_use(self) -> set[str]:
        found: set[str] = set()
        for table, column in _ENCRYPTED:
            found |= {kid for (value,) in self._conn.execute(
                f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL")  # noqa: S608
                if (kid := self.cipher.key_id_of(value))}
        return found

    def _event(self, conn: sqlite3.Connection, app_id: str, event: str,
               detail: str | None = None) -> None:
        conn.execute("INSERT INTO application_events (application_id, at, event, detail) "
                     "VALUES (?, ?, ?, ?)", (app_id, self._now(), event, detail))

    # -- saving ----------------------------------------------------------------------------
    def save_application(self, submission: Submission, language: str) -> Receipt:
        return self.save_answers(submission.service_id, submission.catalog_version,
                                 submission.answers, submission.consent, language)

    def save_answers(self, service_id: str, catalog_version: str, answers: Mapping[str, Any],
                     consent: Mapping[str, Any], language: str) -> Receipt:
        """Commit one validated application as `queued` and return its receipt."""
        ensure_room_for_application(self.path.parent)  # DiskNearlyFull: refused, nothing written
        app_id = time_ordered_id()
        created = self._clock()
        for _attempt in range(10):
            number = tracking.new_tracking_number()
            try:
                with self._write() as conn:
                    conn.execute(
                        "INSERT INTO applications (id, tracking_number, service_id, "
                        "catalog_version, language, answers_json, consent_json, created_at, "
                        "state, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)",
                        (app_id, number, service_id, catalog_version, language,
                         self.cipher.encrypt(json.dumps(dict(answers), ensure_ascii=False,
                                                        sort_keys=True), app_id),
                         json.dumps(dict(consent), ensure_ascii=False, sort_keys=True),
                         created.isoformat(), created.isoformat()))
                    self._event(conn, app_id, "saved")
            except StoreError:
                if self._tracking_number_taken(number):
                    continue  # one in 10^11: draw another number
                raise
            return Receipt(app_id, number, service_id, created)
        raise StoreError("could not find a free tracking number")

    def _tracking_number_taken(self, number: str) -> bool:
        row = self._conn.execute("SELECT 1 FROM applications WHERE tracking_number = ?",
                                 (number,)).fetchone()
        return row is not None

    # -- sending ---------------------------------------------------------------------------
    def claim_batch(self, claimer: str, limit: int, lease_seconds: float
                    ) -> list[StoredApplication]:
        """Atomically take up to `limit` pending applications, oldest first, for one sender."""
        now = self._clock().timestamp()
        with self._write() as conn:
            rows = conn.execute(
                "UPDATE applications SET state = 'sending', claimed_by = ?, claim_expires = ?, "
                "attempts = attempts + 1, updated_at = ? WHERE id IN ("
                "  SELECT id FROM applications WHERE state = 'queued' "
                "  OR (state = 'sending' AND claim_expires < ?) "
                "  ORDER BY created_at, id LIMIT ?) RETURNING *",
                (claimer, now + lease_seconds, self._now(), now, limit)).fetchall()
        return sorted((self._app(r) for r in rows),
                      key=lambda a: (a.created_at, a.id))

    def mark_delivered(self, claimer: str, received: Mapping[str, str | None]) -> int:
        """Record the central's acknowledgement; `received` maps id → central's received time.

        Acknowledgement wins even if our lease ran out meanwhile: the central has the data.
        """
        with self._write() as conn:
            return mark_delivered_rows(conn, claimer, received, self._now())

    def quarantine(self, app_id: str, reason: str) -> None:
        """Set a record aside with the central's reason; it keeps its data and never blocks."""
        with self._write() as conn:
            conn.execute(
                "UPDATE applications SET state = 'quarantined', quarantine_reason = ?, "
                "claimed_by = NULL, claim_expires = NULL, updated_at = ? "
                "WHERE id = ? AND state != 'delivered'", (reason, self._now(), app_id))
            self._event(conn, app_id, "quarantined", reason)

    def release(self, claimer: str, ids: list[str], error: str | None, *,
                sent: bool = True) -> None:
        """Give claims back after a failed try; `sent=False` (never sent) undoes the claim."""
        with self._write() as conn:
            conn.executemany(
                "UPDATE applications SET state = 'queued', claimed_by = NULL, "
                "claim_expires = NULL, attempts = attempts - ?, "
                "last_error = CASE WHEN ? THEN ? ELSE last_error END, updated_at = ? "
                "WHERE id = ? AND state = 'sending' AND claimed_by = ?",
                [(int(not sent), sent, error, self._now(), app_id, claimer) for app_id in ids])

    def purge_personal_data(self, keep_days: Callable[[str], int]) -> int:
        """Delete the answers of applications the central acknowledged more than
        `keep_days(service_id)` days ago; tracking number, service, state and status stay.

        Only delivered applications are purged: queued, sending and quarantined ones keep their
        data however old, because nothing may be lost before the central has it.
        """
        now = self._clock()
        rows = self._conn.execute(
            "SELECT id, service_id, delivered_at FROM applications "
            "WHERE state = 'delivered' AND purged_at IS NULL AND delivered_at IS NOT NULL"
        ).fetchall()
        due = [r["id"] for r in rows if dt.datetime.fromisoformat(r["delivered_at"])
               <= now - dt.timedelta(days=keep_days(r["service_id"]))]
        # Vote suggestions are a resident's own words too; no service of the catalog owns them,
        # so they keep for the default (privacy.retention_days) after delivery.
        suggestions = self.purge_vote_suggestions(now - dt.timedelta(days=keep_days("")))
        if not due:
            return suggestions
        with self._write() as conn:
            for app_id in due:
                conn.execute("UPDATE applications SET answers_json = ?, purged_at = ?, "
                             "updated_at = ? WHERE id = ?",
                             (self.cipher.encrypt("{}", app_id), self._now(), self._now(),
                              app_id))
                self._event(conn, app_id, "personal data deleted (retention)")
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return len(due) + suggestions

    def release_claims_of(self, is_dead: Callable[[str], bool]) -> int:
        """Free applications, ratings and votes claimed by senders that no longer exist (a
        crashed process), so a restarted kiosk does not wait for their leases to run out."""
        freed = 0
        for table in ("applications", *OUTBOX_KINDS):
            claimers = [r["claimed_by"] for r in self._conn.execute(
                f"SELECT DISTINCT claimed_by FROM {table} WHERE state = 'sending'")]  # noqa: S608
            dead = [c for c in claimers if c and is_dead(c)]
            if not dead:
                continue
            with self._write() as conn:
                for claimer in dead:
                    freed += conn.execute(
                        f"UPDATE {table} SET state = 'queued', claimed_by = NULL, "  # noqa: S608
                        "claim_expires = NULL, last_error = 'sender stopped before an answer', "
                        "updated_at = ? WHERE state = 'sending' AND claimed_by = ?",
                        (self._now(), claimer)).rowcount
        return freed

    def requeue(self, app_id: str) -> bool:
        """Put a quarantined application back in the queue (after a technician fixed the cause)."""
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE applications SET state = 'queued', quarantine_reason = NULL, "
                "updated_at = ? WHERE id = ? AND state = 'quarantined'", (self._now(), app_id))
            if cursor.rowcount:
                self._event(conn, app_id, "requeued")
            return bool(cursor.rowcount)

    # -- reading ---------------------------------------------------------------------------
    def get(self, app_id: str) -> StoredApplication | None:
        row = self._conn.execute("SELECT * FROM applications WHERE id = ?", (app_id,)).fetchone()
        return self._app(row) if row else None

    def find(self, id_or_tracking: str) -> StoredApplication | None:
        found = self.get(id_or_tracking)
        if found is None:
            row = self._conn.execute("SELECT * FROM applications WHERE tracking_number = ?",
                                     (tracking.normalize(id_or_tracking),)).fetchone()
            found = self._app(row) if row else None
        return found

    def find_by_tracking_number(self, number: str) -> StoredApplication | None:
        """The application with exactly this 12-digit number (an index look-up)."""
        row = self._conn.execute("SELECT * FROM applications WHERE tracking_number = ?",
                                 (number,)).fetchone()
        return self._app(row) if row else None

    def list_applications(self, state: str | None = None, limit: int = 1000
                          ) -> list[StoredApplication]:
        where, params = ("WHERE state = ?", [state]) if state else ("", [])
        rows = self._conn.execute(f"SELECT * FROM applications {where} "  # noqa: S608 - fixed
                                  "ORDER BY created_at, id LIMIT ?", [*params, limit])
        return [self._app(r) for r in rows]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATES, 0)
        for row in self._conn.execute("SELECT state, COUNT(*) AS n FROM applications "
                                      "GROUP BY state"):
            counts[row["state"]] = row["n"]
        return counts

    def pending_count(self) -> int:
        counts = self.counts()
        return sum(counts[s] for s in PENDING_STATES)

    def oldest_pending_at(self) -> dt.datetime | None:
        marks = ", ".join("?" * len(PENDING_STATES))
        row = self._conn.execute(
            f"SELECT MIN(created_at) AS oldest FROM applications WHERE state IN ({marks})",  # noqa: S608
            PENDING_STATES).fetchone()
        return dt.datetime.fromisoformat(row["oldest"]) if row and row["oldest"] else None

    def events(self, app_id: str) -> list[dict[str, Any]]:
        return [dict(r) for r in self._conn.execute(
            "SELECT at, event, detail FROM application_events WHERE application_id = ? "
            "ORDER BY seq", (app_id,))]

    def record_office_status(self, changes: list[tuple[str, str, str | None, str]]) -> int:
        """Store the office's decisions: (application id, status, message, changed at).

        Changes arrive in the central's order; an older change never overwrites a newer one.
        Ids this kiosk does not know (e.g. data restored elsewhere) are skipped.
        """
        updated = 0
        with self._write() as conn:
            for app_id, status, message, changed_at in changes:
                cursor = conn.execute(
                    "UPDATE applications SET office_status = ?, office_message = ?, "
                    "office_status_at = ?, updated_at = ? WHERE id = ? AND "
                    "(office_status_at IS NULL OR office_status_at <= ?)",
                    (status, message, changed_at, self._now(), app_id, changed_at))
                if cursor.rowcount:
                    updated += 1
                    self._event(conn, app_id, f"office:{status}")
        return updated

    def office_status_counts(self) -> dict[str, int]:
        return {row["office_status"]: row["n"] for row in self._conn.execute(
            "SELECT office_status, COUNT(*) AS n FROM applications "
            "WHERE office_status IS NOT NULL GROUP BY office_status")}

    # -- call a volunteer ------------------------------------------------------------------
    def record_volunteer_request(self, screen: str, service_id: str | None) -> int:
        """Note that a resident asked for help; returns the request number."""
        with self._write() as conn:
            cursor = conn.execute("INSERT INTO volunteer_requests (requested_at, screen, "
                                  "service_id) VALUES (?, ?, ?)", (self._now(), screen, service_id))
        return int(cursor.lastrowid or 0)

    def open_volunteer_requests(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._conn.execute(
            "SELECT id, requested_at, screen, service_id FROM volunteer_requests "
            "WHERE handled_at IS NULL ORDER BY id")]
