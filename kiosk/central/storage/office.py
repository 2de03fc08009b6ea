"""The back office's side of the central database: operators and exports. Part of
CentralStorage (a mixin over its database, kiosk/central/storage/db.py).

Operators are the office's people and systems: their tokens (op_…) are distinct from kiosks'
(tk_…) and are checked against their own table, so a kiosk token never opens an office route.
"""

from __future__ import annotations

import logging
from typing import Any

from kiosk.central.storage.db import Database
from kiosk.central.storage.kiosk_ids import check_kiosk_id
from kiosk.central.storage.tokens import new_token, token_matches
from kiosk.errors import KioskError
from kiosk.wire.protocol import utc_now_iso

log = logging.getLogger(__name__)

EXPORT_COLUMNS = ("id", "tracking_number", "kiosk_id", "service_id", "catalog_version",
                  "created_at", "received_at", "status", "status_changed_at", "payload_json")


class UnknownOperator(KioskError):
    """No operator with that id."""


class OfficeStorage:
    db: Database  # set by CentralStorage

    def add_operator(self, operator_id: str) -> str:
        """Register an operator (or rotate its token) and return the token, shown only once."""
        check_kiosk_id(operator_id)  # same rules as a kiosk id
        token, salt, digest = new_token("op_")
        with self.db.write() as conn:
            conn.run("INSERT INTO operators (operator_id, token_hash, salt, created_at)"
                     " VALUES (?, ?, ?, ?) ON CONFLICT(operator_id) DO UPDATE SET"
                     " token_hash = excluded.token_hash, salt = excluded.salt",
                     (operator_id, digest, salt.hex(), utc_now_iso()))
        log.info("operator %s registered (token issued)", operator_id)
        return token

    def remove_operator(self, operator_id: str) -> None:
        with self.db.write() as conn:
            if not conn.run("DELETE FROM operators WHERE operator_id = ?", (operator_id,)):
                raise UnknownOperator(f"no operator {operator_id}")

    def authenticate_operator(self, operator_id: str, token: str) -> bool:
        """True iff `token` is the current token of operator `operator_id`."""
        with self.db.read() as conn:
            row = conn.one("SELECT token_hash, salt FROM operators WHERE operator_id = ?",
                           (operator_id,))
        return token_matches(row, token)

    def list_operators(self) -> list[str]:
        with self.db.read() as conn:
            rows = conn.all("SELECT operator_id FROM operators ORDER BY operator_id")
        return [row["operator_id"] for row in rows]

    def export_page(self, after: tuple[str, str] | None, limit: int, *,
                    received_since: str | None = None, service_id: str | None = None
                    ) -> list[dict[str, Any]]:
        """Up to `limit` applications after the (received_at, id) key `after`, in that order,
        each with its latest status (None while the office has decided nothing)."""
        where: list[str] = []
        params: list[Any] = []
        if after is not None:
            where.append("(a.received_at, a.id) > (?, ?)")
            params += list(after)
        if received_since:
            where.append("a.received_at >= ?")
            params.append(received_since)
        if service_id:
            where.append("a.service_id = ?")
            params.append(service_id)
        latest = ("(SELECT s.{} FROM status_changes s WHERE s.application_id = a.id "
                  "ORDER BY s.seq DESC LIMIT 1)")
        # Only fixed fragments are joined; every value is a bound parameter.
        columns = ("a.id, a.tracking_number, a.kiosk_id, a.service_id, a.catalog_version, "
                   "a.created_at, a.received_at, a.payload_json, "
                   f"{latest.format('status')} AS status, "
                   f"{latest.format('changed_at')} AS status_changed_at")
        condition = " WHERE " + " AND ".join(where) if where else ""
        sql = f"SELECT {columns} FROM applications a{condition} ORDER BY a.received_at, a.id LIMIT ?"  # noqa: S608, E501
        params.append(limit)
        with self.db.read() as conn:
            return conn.all(sql, params)
