"""The central's feedback tables: ratings and votes from kiosks, and the announcements it
publishes. Part of CentralStorage (a mixin over its per-thread connections and write lock).

Ratings and votes follow the applications' rules (kiosk/central/storage.py): one transaction per
batch, judged against a stored row with the same id first (duplicate / conflict / another
kiosk's), validated only when new, the primary key the final guard against concurrent batches.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from kiosk.consultations import CHINA_TIME
from kiosk.errors import KioskError
from kiosk.ratings import summarize
from kiosk.sync.protocol import (
    AnnouncementItem,
    ItemResult,
    RatingPayload,
    VotePayload,
    content_hash,
    utc_now_iso,
)

FEEDBACK_SCHEMA = """
CREATE TABLE IF NOT EXISTS ratings (
    id              TEXT PRIMARY KEY,
    kiosk_id        TEXT NOT NULL REFERENCES kiosks(kiosk_id),
    tracking_number TEXT NOT NULL,
    service_id      TEXT NOT NULL,
    level           INTEGER NOT NULL,
    reasons_json    TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    received_at     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS votes (
    id              TEXT PRIMARY KEY,
    kiosk_id        TEXT NOT NULL REFERENCES kiosks(kiosk_id),
    consultation_id TEXT NOT NULL,
    option          TEXT NOT NULL,
    suggestion      TEXT,
    catalog_version TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    received_at     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS votes_by_consultation ON votes(consultation_id, option);
CREATE TABLE IF NOT EXISTS announcements (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    text_zh_cn   TEXT NOT NULL,
    text_en      TEXT NOT NULL,
    published_at TEXT NOT NULL,
    until        TEXT,
    withdrawn_at TEXT
);
"""

Item = RatingPayload | VotePayload
ItemValidator = Callable[[Any], str | None]


class UnknownAnnouncement(KioskError):
    """No announcement with that id is published."""


def _row_values(item: Item) -> tuple[str, list[str], list[Any]]:
    """(table, extra column names, extra values) for one item."""
    if isinstance(item, RatingPayload):
        return "ratings", ["tracking_number", "service_id", "level", "reasons_json"], [
            item.tracking_number, item.service_id, item.level, json.dumps(item.reasons)]
    return "votes", ["consultation_id", "option", "suggestion", "catalog_version"], [
        item.consultation_id, item.option, item.suggestion, item.catalog_version]


def _judge(conn: sqlite3.Connection, table: str, kiosk_id: str, item_id: str, digest: str
           ) -> ItemResult | None:
    row = conn.execute(f"SELECT kiosk_id, content_hash, received_at FROM {table} "  # noqa: S608
                       "WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        return None
    what = table[:-1]
    if row["kiosk_id"] != kiosk_id:
        return ItemResult(id=item_id, status="rejected",
                          reason=f"this {what} id already belongs to another kiosk")
    if row["content_hash"] != digest:
        return ItemResult(id=item_id, status="rejected",
                          reason=f"conflict: a {what} with this id was already received with "
                                 "different content")
    return ItemResult(id=item_id, status="duplicate", received_at=row["received_at"])


class FeedbackStorage:
    def _conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    # -- ratings and votes -------------------------------------------------------------------
    def store_feedback(self, kiosk_id: str, items: Sequence[Item],
                       validator: ItemValidator) -> list[ItemResult]:
        """Store ratings or votes of one batch in one transaction; one result per item."""
        verdicts = [validator(item) for item in items]
        hashes = [content_hash(item) for item in items]
        received_at = utc_now_iso()
        results: list[ItemResult] = []
        with self._write() as conn:
            for item, verdict, digest in zip(items, verdicts, hashes, strict=True):
                table, columns, values = _row_values(item)
                result = _judge(conn, table, kiosk_id, item.id, digest)
                if result is None and verdict is not None:
                    result = ItemResult(id=item.id, status="rejected", reason=verdict)
                if result is None:
                    names = ", ".join(["id", "kiosk_id", *columns, "content_hash", "created_at",
                                       "received_at"])
                    marks = ", ".join("?" * (len(columns) + 5))
                    cur = conn.execute(
                        f"INSERT INTO {table} ({names}) VALUES ({marks}) "  # noqa: S608
                        "ON CONFLICT(id) DO NOTHING",
                        (item.id, kiosk_id, *values, digest, item.created_at, received_at))
                    result = (ItemResult(id=item.id, status="accepted", received_at=received_at)
                              if cur.rowcount == 1
                              else _judge(conn, table, kiosk_id, item.id, digest))
                    if result is None:
                        raise sqlite3.IntegrityError(f"insert of {item.id} ignored")
                results.append(result)
        return results

    def count_feedback(self, table: str) -> int:
        if table not in ("ratings", "votes"):
            raise ValueError(table)
        return int(self._conn().execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608

    def rating_summary(self) -> dict[str, dict[str, Any]]:
        """Per service, all kiosks: count, count per level, average, count per reason."""
        rows = self._conn().execute("SELECT service_id, level, reasons_json FROM ratings")
        return summarize((r["service_id"], r["level"], json.loads(r["reasons_json"]))
                         for r in rows)

    def vote_counts(self) -> dict[str, dict[str, int]]:
        """consultation id → option → votes."""
        counts: dict[str, dict[str, int]] = {}
        for row in self._conn().execute("SELECT consultation_id, option, COUNT(*) AS n FROM votes"
                                        " GROUP BY consultation_id, option"):
            counts.setdefault(row["consultation_id"], {})[row["option"]] = row["n"]
        return counts

    def vote_catalog_versions(self) -> list[str]:
        return [r[0] for r in self._conn().execute(
            "SELECT DISTINCT catalog_version FROM votes ORDER BY catalog_version")]

    # -- announcements -----------------------------------------------------------------------
    def add_announcement(self, zh_cn: str, en: str, until: dt.date | None) -> AnnouncementItem:
        published_at = utc_now_iso()
        with self._write() as conn:
            cur = conn.execute("INSERT INTO announcements (text_zh_cn, text_en, published_at, "
                               "until) VALUES (?, ?, ?, ?)",
                               (zh_cn, en, published_at, until.isoformat() if until else None))
        return AnnouncementItem(id=int(cur.lastrowid or 0), zh_CN=zh_cn, en=en,
                                published_at=published_at,
                                until=until.isoformat() if until else None)

    def withdraw_announcement(self, announcement_id: int) -> None:
        with self._write() as conn:
            cur = conn.execute("UPDATE announcements SET withdrawn_at = ? WHERE id = ? AND "
                               "withdrawn_at IS NULL", (utc_now_iso(), announcement_id))
            if not cur.rowcount:
                raise UnknownAnnouncement(
                    f"no announcement {announcement_id} that is still published")

    def list_announcements(self) -> list[dict[str, Any]]:
        """Every announcement ever published, withdrawn ones included, newest first."""
        return [dict(r) for r in self._conn().execute(
            "SELECT id, text_zh_cn AS zh_CN, text_en AS en, published_at, until, withdrawn_at "
            "FROM announcements ORDER BY id DESC")]

    def current_announcements(self, now: dt.datetime | None = None) -> list[AnnouncementItem]:
        """Not withdrawn and not past their last day (China time), newest first."""
        today = (now or dt.datetime.now(dt.UTC)).astimezone(CHINA_TIME).date().isoformat()
        rows = self._conn().execute(
            "SELECT id, text_zh_cn, text_en, published_at, until FROM announcements "
            "WHERE withdrawn_at IS NULL AND (until IS NULL OR until >= ?) ORDER BY id DESC",
            (today,))
        return [AnnouncementItem(id=r["id"], zh_CN=r["text_zh_cn"], en=r["text_en"],
                                 published_at=r["published_at"], until=r["until"]) for r in rows]
