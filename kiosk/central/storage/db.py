"""The central's two database back ends behind one small seam.

SQLite (the embedded default: one file, WAL, synchronous=FULL) serves a demo or a township;
PostgreSQL (psycopg 3, a connection pool per process) serves a county or province with several
workers or instances. The storage classes write their SQL once, with `?` placeholders, and get
rows as dicts; they ask a `Database` for a connection to read (`read()`) or for a transaction to
write (`write()`). Exactly-once never depends on locking here: it rests on primary keys and
INSERT … ON CONFLICT DO NOTHING (kiosk/central/storage/idempotent.py), which hold on both back ends
and
across processes.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

Row = dict[str, Any]
Dialect = Literal["sqlite", "postgresql"]

POOL_SIZE_ENV = "KIOSK_CENTRAL_PG_POOL"
DEFAULT_POOL_SIZE = 10
_DSN_PREFIXES = ("postgresql://", "postgres://")


def is_dsn(target: str | Path) -> bool:
    """Whether `target` names a PostgreSQL database rather than an SQLite file."""
    text = str(target)
    # key=value conninfo ("host=db dbname=central …") as well as URLs.
    return text.startswith(_DSN_PREFIXES) or bool(re.match(r"^\s*[a-z_]+\s*=", text))


def redact(dsn: str) -> str:
    """The DSN without its password, for logs."""
    dsn = re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", dsn)
    return re.sub(r"(password=)\S+", r"\1***", dsn)


@functools.lru_cache(maxsize=512)
def _to_format_style(sql: str) -> str:
    # The storage's SQL never holds a literal '?' or '%', so a plain replace is exact.
    return sql.replace("?", "%s")


class Conn:
    """One connection (or transaction) with the same calls on both back ends."""

    def __init__(self, raw: Any, dialect: Dialect) -> None:
        self.raw = raw
        self.dialect = dialect

    def _sql(self, sql: str) -> str:
        return _to_format_style(sql) if self.dialect == "postgresql" else sql

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cur = self.raw.execute(self._sql(sql), tuple(params))
        return list(cur.fetchall())

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        cur = self.raw.execute(self._sql(sql), tuple(params))
        row: Row | None = cur.fetchone()
        return row

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Execute a statement that returns no rows; the number of rows it changed."""
        cur = self.raw.execute(self._sql(sql), tuple(params))
        return int(cur.rowcount)


def _dict_row(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> Row:
    return {column[0]: value for column, value in zip(cursor.description, row, strict=True)}


class SqliteDatabase:
    """central.sqlite3: one connection per thread, writes take the write lock up front."""

    dialect: Dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        self._closed = False

    @property
    def transient_errors(self) -> tuple[type[Exception], ...]:
        return (sqlite3.OperationalError,)

    def describe(self) -> str:
        return f"SQLite {self.path}"

    def raw(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        if self._closed:
            raise RuntimeError("central storage is closed")
        # isolation_level=None: we issue BEGIN/COMMIT ourselves so write locks are explicit.
        # check_same_thread=False only so close() may close it from another thread.
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                               timeout=30.0)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        self._local.conn = conn
        with self._all_lock:
            self._all.append(conn)
        return conn

    def _conn(self) -> Conn:
        raw = self.raw()
        raw.row_factory = _dict_row
        return Conn(raw, "sqlite")

    @contextmanager
    def read(self) -> Iterator[Conn]:
        yield self._conn()

    @contextmanager
    def write(self) -> Iterator[Conn]:
        conn = self._conn()
        conn.raw.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.raw.execute("ROLLBACK")
            raise
        conn.raw.execute("COMMIT")

    def close(self) -> None:
        """Close every thread's connection; the database is unusable afterwards."""
        self._closed = True
        with self._all_lock:
            conns, self._all = self._all, []
        for conn in conns:
            conn.close()


class PostgresDatabase:
    """A PostgreSQL database through a psycopg connection pool (one pool per process)."""

    dialect: Dialect = "postgresql"

    def __init__(self, dsn: str, pool_size: int | None = None) -> None:
        import psycopg
        from psycopg.rows import dict_row
        from psycopg_pool import ConnectionPool

        self.dsn = dsn
        size = pool_size or int(os.environ.get(POOL_SIZE_ENV, DEFAULT_POOL_SIZE))
        self._psycopg = psycopg
        self._pool = ConnectionPool(dsn, min_size=1, max_size=size, open=True, timeout=30.0,
                                    kwargs={"autocommit": True, "row_factory": dict_row},
                                    name="kiosk-central")
        self._pool.wait(timeout=30.0)

    @property
    def transient_errors(self) -> tuple[type[Exception], ...]:
        # OperationalError covers a lost connection, deadlocks and serialization failures;
        # PoolTimeout: every pooled connection stayed busy for 30 s.
        from psycopg_pool import PoolTimeout

        return (self._psycopg.OperationalError, PoolTimeout)

    def describe(self) -> str:
        return f"PostgreSQL {redact(self.dsn)}"

    @contextmanager
    def read(self) -> Iterator[Conn]:
        with self._pool.connection() as raw:
            yield Conn(raw, "postgresql")

    @contextmanager
    def write(self) -> Iterator[Conn]:
        with self._pool.connection() as raw, raw.transaction():
            yield Conn(raw, "postgresql")

    def close(self) -> None:
        self._pool.close()


Database = SqliteDatabase | PostgresDatabase


def open_database(target: str | Path) -> Database:
    """A PostgreSQL DSN (postgresql://… or key=value) or the path of an SQLite file."""
    if is_dsn(target):
        return PostgresDatabase(str(target))
    return SqliteDatabase(Path(target))
