"""Recording the central's acknowledgements in bulk: part of
`kiosk.store.store.Store.mark_delivered`.

A drained backlog acknowledges up to 500 applications per answer; one UPDATE per received time
(the central stamps a whole batch with one) and one multi-row INSERT of events cost a fraction
of a statement pair per application (docs/benchmarks.md, item 3).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

_CHUNK = 500  # ids per statement: well inside SQLite's 999 bound values of old builds


def mark_delivered_rows(conn: sqlite3.Connection, claimer: str,
                        received: Mapping[str, str | None], now: str) -> int:
    """Inside the caller's transaction: mark the applications of `received` (id → the
    central's received time) delivered unless they already are; one `delivered` event each.
    Returns how many changed."""
    by_time: dict[str | None, list[str]] = {}
    for app_id, received_at in received.items():
        by_time.setdefault(received_at, []).append(app_id)
    done: list[str] = []
    for received_at, ids in by_time.items():
        for start in range(0, len(ids), _CHUNK):
            part = ids[start:start + _CHUNK]
            marks = ", ".join("?" * len(part))
            sql = ("UPDATE applications SET state = 'delivered', delivered_at = ?, "  # noqa: S608
                   "central_received_at = ?, claimed_by = NULL, claim_expires = NULL, "
                   "last_error = NULL, updated_at = ? WHERE state != 'delivered' "
                   f"AND id IN ({marks}) RETURNING id")  # only "?" marks are formatted in
            done += [row[0] for row in conn.execute(sql, (now, received_at, now, *part))]
    conn.executemany("INSERT INTO application_events (application_id, at, event, detail) "
                     "VALUES (?, ?, 'delivered', ?)",
                     [(app_id, now, f"by {claimer}") for app_id in done])
    return len(done)
