"""Exactly-once storage of a batch, safe with any number of concurrent writers.

No check-then-insert: every new, valid item goes into one multi-row
`INSERT … ON CONFLICT (id) DO NOTHING RETURNING id`, rows sorted by id so two transactions with
overlapping ids lock them in the same order (no deadlock on PostgreSQL). The ids it returns were
stored by this transaction: `accepted`, exactly once across all workers. Every other item is then
judged against the row that holds its id (duplicate, conflicting content, another kiosk's), and
only an id nobody stored keeps its validation verdict. On PostgreSQL an INSERT that meets a row
another transaction has not committed yet waits for it, and the SELECT that follows (READ
COMMITTED: a fresh snapshot per statement) sees it; on SQLite the write lock serialises batches.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.central.storage.db import Conn
from kiosk.wire.protocol import ItemResult

# SQLite allows 32,766 bound values per statement, PostgreSQL 65,535.
_MAX_PARAMS = 30_000


@dataclass(frozen=True)
class Entry:
    """One item of a batch: its id, content hash, validation verdict and row to insert."""

    id: str
    digest: str
    verdict: str | None
    row: tuple[Any, ...]


@dataclass(frozen=True)
class Reasons:
    foreign: str
    conflict: str


def _chunks(rows: list[tuple[Any, ...]], width: int) -> Iterator[list[tuple[Any, ...]]]:
    size = max(1, _MAX_PARAMS // max(1, width))
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def insert_new(conn: Conn, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
               ) -> set[str]:
    """Insert the rows whose id (first column) is free; the ids this call inserted."""
    inserted: set[str] = set()
    names = ", ".join(columns)
    marks = "(" + ", ".join("?" * len(columns)) + ")"
    for chunk in _chunks(sorted(rows, key=lambda row: str(row[0])), len(columns)):
        sql = (f"INSERT INTO {table} ({names}) VALUES {', '.join([marks] * len(chunk))} "  # noqa: S608
               "ON CONFLICT (id) DO NOTHING RETURNING id")
        inserted.update(row["id"] for row in conn.all(sql, [v for row in chunk for v in row]))
    return inserted


def stored_rows(conn: Conn, table: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 1000):
        part = ids[start:start + 1000]
        marks = ", ".join("?" * len(part))
        for row in conn.all(f"SELECT id, kiosk_id, content_hash, received_at FROM {table} "  # noqa: S608
                            f"WHERE id IN ({marks})", part):
            found[row["id"]] = row
    return found


def store_batch(conn: Conn, table: str, columns: Sequence[str], kiosk_id: str,
                entries: Sequence[Entry], received_at: str, reasons: Reasons
                ) -> list[ItemResult]:
    """Store a batch's new, valid entries inside the caller's transaction; one result each,
    in order. `columns` name the values of `Entry.row`, starting with id."""
    first_valid: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if entry.verdict is None:
            first_valid.setdefault(entry.id, index)
    inserted = insert_new(conn, table, columns, [entries[i].row for i in first_valid.values()])
    ours = {first_valid[item_id] for item_id in inserted}
    others = sorted({entry.id for index, entry in enumerate(entries) if index not in ours})
    stored = stored_rows(conn, table, others) if others else {}
    results: list[ItemResult] = []
    for index, entry in enumerate(entries):
        if index in ours:
            results.append(ItemResult(id=entry.id, status="accepted", received_at=received_at))
            continue
        row = stored.get(entry.id)
        if row is not None:
            results.append(_judge(row, kiosk_id, entry, reasons))
        elif entry.verdict is not None:
            results.append(ItemResult(id=entry.id, status="rejected", reason=entry.verdict))
        else:  # the insert skipped it, yet no row holds the id: never silently drop an item
            raise RuntimeError(f"insert of {entry.id} into {table} was ignored")
    return results


def _judge(row: dict[str, Any], kiosk_id: str, entry: Entry, reasons: Reasons) -> ItemResult:
    if row["kiosk_id"] != kiosk_id:
        return ItemResult(id=entry.id, status="rejected", reason=reasons.foreign)
    if row["content_hash"] != entry.digest:
        return ItemResult(id=entry.id, status="rejected", reason=reasons.conflict)
    return ItemResult(id=entry.id, status="duplicate", received_at=row["received_at"])
