"""What every part of the local store shares: the connection, write transactions, sync facts.

`kiosk.store.store.Store` opens the database (the only place that does) and builds on this; the
ratings and votes outboxes and what is pulled back (announcements, results) live in
`kiosk.store.outbox`, also over this same connection.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Self

from kiosk.errors import DiskFullError, StoreError
from kiosk.privacy.cipher import DataCipher

if TYPE_CHECKING:
    import sqlite_utils

Clock = Callable[[], dt.datetime]
STATES = ("queued", "sending", "delivered", "quarantined")
PENDING_STATES = ("queued", "sending")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def translate_sqlite_error(exc: sqlite3.Error) -> StoreError:
    text = str(exc).lower()
    if "full" in text:
        return DiskFullError("the kiosk's disk is full: the application was not saved")
    if "locked" in text or "busy" in text:
        return StoreError("the database is busy; try again in a moment")
    return StoreError(f"the local database failed: {exc}")


class StoreCore:
    def __init__(self, conn: sqlite3.Connection, path: Path, cipher: DataCipher,
                 clock: Clock = utc_now) -> None:
        self._conn = conn
        self._db: sqlite_utils.Database | None = None
        self.path = path
        self.cipher = cipher
        self._clock = clock

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils' view of the same connection, for tools and tests that inspect tables.

        Built on first use: importing sqlite_utils pulls in click, dateutil and pluggy (their
        cost: docs/benchmarks.md), and the store's own queries never need it, so the
        kiosk window and the sync service do not pay for it (docs/benchmarks.md, idle memory).
        """
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self._conn)
        return self._db

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: takes the write lock up front so claims cannot interleave."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc) from None
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise translate_sqlite_error(exc) from None
        except BaseException:
            self._rollback()
            raise

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One IMMEDIATE write transaction for callers beside the store that must read and
        write atomically (the audit log's hash chain); committed on exit, rolled back on error."""
        return self._write()

    def _rollback(self) -> None:
        # SQLite already rolled back by itself after some errors (SQLITE_FULL among them).
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def _now(self) -> str:
        return self._clock().isoformat()

    # -- sync facts ------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM sync_meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def set_meta(self, values: Mapping[str, str | None]) -> None:
        with self._write() as conn:
            for key, value in values.items():
                if value is None:
                    conn.execute("DELETE FROM sync_meta WHERE key = ?", (key,))
                else:
                    conn.execute("INSERT INTO sync_meta (key, value) VALUES (?, ?) ON CONFLICT "
                                 "(key) DO UPDATE SET value = excluded.value", (key, value))
