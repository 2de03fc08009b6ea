"""Named, append-only schema migrations for the kiosk database.

Each migration runs once, in its own transaction, and is recorded in `_migrations` by name.
Never edit or reorder a migration that has shipped: add a new one.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable

Migration = tuple[str, Callable[[sqlite3.Connection], None]]


def _create_applications(conn: sqlite3.Connection) -> None:
    conn.execute("""
        CREATE TABLE applications (
            id TEXT PRIMARY KEY,
            tracking_number TEXT NOT NULL UNIQUE,
            service_id TEXT NOT NULL,
            catalog_version TEXT NOT NULL,
            language TEXT NOT NULL,
            answers_json TEXT NOT NULL,
            consent_json TEXT NOT NULL,
            created_at TEXT NOT NULL,
            state TEXT NOT NULL
                CHECK (state IN ('queued', 'sending', 'delivered', 'quarantined')),
            attempts INTEGER NOT NULL DEFAULT 0,
            claimed_by TEXT,
            claim_expires REAL,
            delivered_at TEXT,
            central_received_at TEXT,
            quarantine_reason TEXT,
            last_error TEXT,
            updated_at TEXT NOT NULL
        )""")
    conn.execute("CREATE INDEX applications_by_state ON applications (state, created_at)")


def _create_sync_meta(conn: sqlite3.Connection) -> None:
    # Small key/value facts about syncing (last success, last error) that survive restarts.
    conn.execute("CREATE TABLE sync_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _create_application_events(conn: sqlite3.Connection) -> None:
    # What happened to each application and when, for technicians; never personal data.
    conn.execute("""
        CREATE TABLE application_events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            application_id TEXT NOT NULL REFERENCES applications (id),
            at TEXT NOT NULL,
            event TEXT NOT NULL,
            detail TEXT
        )""")
    conn.execute("CREATE INDEX application_events_by_app ON application_events (application_id)")


def _create_volunteer_requests(conn: sqlite3.Connection) -> None:
    # "Call a volunteer" taps: when and from which screen, so staff can come and mark them handled.
    conn.execute("""
        CREATE TABLE volunteer_requests (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            requested_at TEXT NOT NULL,
            screen TEXT NOT NULL,
            service_id TEXT,
            handled_at TEXT,
            handled_by TEXT
        )""")


def _add_office_status(conn: sqlite3.Connection) -> None:
    # The office's latest word on each application, pulled back from the central.
    conn.execute("ALTER TABLE applications ADD COLUMN office_status TEXT")
    conn.execute("ALTER TABLE applications ADD COLUMN office_message TEXT")
    conn.execute("ALTER TABLE applications ADD COLUMN office_status_at TEXT")


def _add_purged_at(conn: sqlite3.Connection) -> None:
    # When the personal answers were deleted after delivery (retention); the rest stays.
    conn.execute("ALTER TABLE applications ADD COLUMN purged_at TEXT")


# Columns every outbox table shares with `applications`: the same queued → sending → delivered
# (or quarantined) life, claimed by one sender at a time under a lease.
_OUTBOX_COLUMNS = """
            created_at TEXT NOT NULL,
            state TEXT NOT NULL
                CHECK (state IN ('queued', 'sending', 'delivered', 'quarantined')),
            attempts INTEGER NOT NULL DEFAULT 0,
            claimed_by TEXT,
            claim_expires REAL,
            delivered_at TEXT,
            central_received_at TEXT,
            quarantine_reason TEXT,
            last_error TEXT,
            updated_at TEXT NOT NULL"""


def _create_ratings(conn: sqlite3.Connection) -> None:
    # 好差评: one voluntary rating per application (tracking number), reasons as fixed codes.
    conn.execute(f"""
        CREATE TABLE ratings (
            id TEXT PRIMARY KEY,
            tracking_number TEXT NOT NULL UNIQUE,
            service_id TEXT NOT NULL,
            level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
            reasons_json TEXT NOT NULL DEFAULT '[]',
            {_OUTBOX_COLUMNS}
        )""")
    conn.execute("CREATE INDEX ratings_by_state ON ratings (state, created_at)")


def _create_votes(conn: sqlite3.Connection) -> None:
    # 村民议事: votes; the optional suggestion is the resident's own words, so it is encrypted.
    conn.execute(f"""
        CREATE TABLE votes (
            id TEXT PRIMARY KEY,
            consultation_id TEXT NOT NULL,
            option TEXT NOT NULL,
            suggestion TEXT,
            catalog_version TEXT NOT NULL,
            {_OUTBOX_COLUMNS}
        )""")
    conn.execute("CREATE INDEX votes_by_state ON votes (state, created_at)")


def _create_pulled_notices(conn: sqlite3.Connection) -> None:
    # Pulled from the central: its current announcements and closed consultations' results.
    conn.execute("""
        CREATE TABLE announcements (
            id INTEGER PRIMARY KEY,
            text_zh_cn TEXT NOT NULL,
            text_en TEXT NOT NULL,
            published_at TEXT NOT NULL,
            until TEXT
        )""")
    conn.execute("""
        CREATE TABLE consultation_results (
            consultation_id TEXT PRIMARY KEY,
            closes TEXT NOT NULL,
            counts_json TEXT NOT NULL,
            total INTEGER NOT NULL,
            pulled_at TEXT NOT NULL
        )""")


MIGRATIONS: tuple[Migration, ...] = (
    ("0001_create_applications", _create_applications),
    ("0002_create_sync_meta", _create_sync_meta),
    ("0003_create_application_events", _create_application_events),
    ("0004_create_volunteer_requests", _create_volunteer_requests),
    ("0005_add_office_status", _add_office_status),
    ("0006_add_purged_at", _add_purged_at),
    ("0007_create_ratings", _create_ratings),
    ("0008_create_votes", _create_votes),
    ("0009_create_pulled_notices", _create_pulled_notices),
)


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS
            ) -> list[str]:
    """Apply the migrations not yet recorded; return the names applied now.

    `conn` must be in autocommit mode (isolation_level=None) so each migration controls its own
    transaction; BEGIN IMMEDIATE keeps two processes starting at once from both migrating.
    """
    conn.execute("CREATE TABLE IF NOT EXISTS _migrations "
                 "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    applied_now = []
    for name, step in migrations:
        conn.execute("BEGIN IMMEDIATE")
        try:
            done = conn.execute("SELECT 1 FROM _migrations WHERE name = ?", (name,)).fetchone()
            if done:
                conn.execute("COMMIT")
                continue
            step(conn)
            conn.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                         (name, dt.datetime.now(dt.UTC).isoformat()))
            conn.execute("COMMIT")
            applied_now.append(name)
        except BaseException:
            if conn.in_transaction:  # SQLite may have rolled back already (e.g. disk full)
                conn.execute("ROLLBACK")
            raise
    return applied_now
