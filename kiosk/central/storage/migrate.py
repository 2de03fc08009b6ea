"""Bringing a central database to the newest schema with Alembic
(kiosk/central/storage/migrations/).

Every central runs `upgrade` when it opens its database, so a new release migrates on its first
start; workers starting together are serialised (SQLite: the write lock; PostgreSQL: an advisory
lock in migrations/env.py) and all but the first find nothing to do. SQLAlchemy is only Alembic's
transport here: the storage itself speaks sqlite3 and psycopg directly.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from kiosk.central.storage.db import Database, PostgresDatabase, SqliteDatabase

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_PROCESS_LOCK = threading.Lock()


def _config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config(None)).get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head


def current_revision(database: Database) -> str | None:
    """The revision the database is at, or None before the first migration."""
    with database.read() as conn:
        try:
            row = conn.one("SELECT version_num FROM alembic_version")
        except (sqlite3.OperationalError, _undefined_table()):
            return None
    return str(row["version_num"]) if row else None


def _undefined_table() -> type[Exception]:
    try:
        from psycopg.errors import UndefinedTable
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return sqlite3.OperationalError
    return UndefinedTable


def upgrade(database: Database) -> None:
    """Apply every pending migration (no-op when the database is current)."""
    if current_revision(database) == head_revision():
        return
    # Alembic's `context` and `op` are module-level proxies: one migration run per process at
    # a time. Other processes are held off by the database (see the module docstring).
    with _PROCESS_LOCK:
        if isinstance(database, SqliteDatabase):
            _upgrade_sqlite(database)
        elif isinstance(database, PostgresDatabase):
            _upgrade_postgres(database)


def _upgrade_sqlite(database: SqliteDatabase) -> None:
    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    raw = database.raw()
    raw.row_factory = None  # SQLAlchemy wants plain tuples
    # The write lock up front: a second process migrating at the same time waits, then finds
    # the database current. SQLAlchemy's commit at the end of the run ends this transaction.
    raw.execute("BEGIN IMMEDIATE")
    try:
        engine = create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)
        with engine.connect() as connection:
            command.upgrade(_config(connection), "head")
    except BaseException:
        if raw.in_transaction:
            raw.execute("ROLLBACK")
        raise
    if raw.in_transaction:
        raw.execute("COMMIT")


def _upgrade_postgres(database: PostgresDatabase) -> None:
    import psycopg
    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine("postgresql+psycopg://",
                           creator=lambda: psycopg.connect(database.dsn), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            command.upgrade(_config(connection), "head")
            connection.commit()
    finally:
        engine.dispose()
