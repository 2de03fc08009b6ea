"""The central's tables of ratings and votes from kiosks, and the announcements it
publishes. Part of CentralStorage (a mixin over its database, kiosk/central/storage/db.py).

Ratings and votes follow the applications' rules (kiosk/central/storage/idempotent.py): one
transaction per batch, new ids inserted with ON CONFLICT DO NOTHING, every other item judged
against the row holding its id (duplicate / conflict / another kiosk's); validation decides only
for new ids.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any

from kiosk.central.storage.db import Database
from kiosk.central.storage.idempotent import Entry, Reasons, store_batch
from kiosk.domain.consultations import CHINA_TIME
from kiosk.domain.ratings import summarize
from kiosk.errors import KioskError
from kiosk.wire.protocol import (
    AnnouncementItem,
    ItemResult,
    RatingPayload,
    VotePayload,
    content_hash,
    utc_now_iso,
)

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


def _reasons(table: str) -> Reasons:
    what = table[:-1]
    return Reasons(foreign=f"this {what} id already belongs to another kiosk",
                   conflict=f"conflict: a {what} with this id was already received with "
                            "different content")


class RatingsVotesStorage:
    db: Database  # set by CentralStorage

    # -- ratings and votes -------------------------------------------------------------------
    def store_ratings_votes(self, kiosk_id: str, items: Sequence[Item],
                       validator: ItemValidator) -> list[ItemResult]:
        """Store ratings or votes of one batch in one transaction; one result per item."""
        received_at = utc_now_iso()
        grouped: dict[str, list[tuple[int, Entry]]] = {}
        columns: dict[str, list[str]] = {}
        for index, item in enumerate(items):
            table, extra, values = _row_values(item)
            digest = content_hash(item)
            columns[table] = ["id", "kiosk_id", *extra, "content_hash", "created_at",
                              "received_at"]
            grouped.setdefault(table, []).append((index, Entry(
                item.id, digest, validator(item),
                (item.id, kiosk_id, *values, digest, item.created_at, received_at))))
        results: list[ItemResult | None] = [None] * len(items)
        if not items:
            return []
        with self.db.write() as conn:
            for table, indexed in grouped.items():
                stored = store_batch(conn, table, columns[table], kiosk_id,
                                     [entry for _, entry in indexed], received_at,
                                     _reasons(table))
                for (index, _), result in zip(indexed, stored, strict=True):
                    results[index] = result
        return [result for result in results if result is not None]

    def count_received(self, table: str) -> int:
        if table not in ("ratings", "votes"):
            raise ValueError(table)
        with self.db.read() as conn:
            row = conn.one(f"SELECT COUNT(*) AS n FROM {table}")  # noqa: S608
        return int(row["n"]) if row else 0

    def rating_summary(self) -> dict[str, dict[str, Any]]:
        """Per service, all kiosks: count, count per level, average, count per reason."""
        with self.db.read() as conn:
            rows = conn.all("SELECT service_id, level, reasons_json FROM ratings")
        return summarize((r["service_id"], r["level"], json.loads(r["reasons_json"]))
                         for r in rows)

    def vote_counts(self) -> dict[str, dict[str, int]]:
        """consultation id → option → votes."""
        counts: dict[str, dict[str, int]] = {}
        with self.db.read() as conn:
            rows = conn.all("SELECT consultation_id, option, COUNT(*) AS n FROM votes"
                            " GROUP BY consultation_id, option")
        for row in rows:
            counts.setdefault(row["consultation_id"], {})[row["option"]] = int(row["n"])
        return counts

    def vote_catalog_versions(self) -> list[str]:
        with self.db.read() as conn:
            rows = conn.all("SELECT DISTINCT catalog_version FROM votes ORDER BY catalog_version")
        return [r["catalog_version"] for r in rows]

    # -- announcements -----------------------------------------------------------------------
    def add_announcement(self, zh_cn: str, en: str, until: dt.date | None) -> AnnouncementItem:
        published_at = utc_now_iso()
        with self.db.write() as conn:
            row = conn.one("INSERT INTO announcements (text_zh_cn, text_en, published_at, "
                           "until) VALUES (?, ?, ?, ?) RETURNING id",
                           (zh_cn, en, published_at, until.isoformat() if until else None))
        return AnnouncementItem(id=int(row["id"]) if row else 0, zh_CN=zh_cn, en=en,
                                published_at=published_at,
                                until=until.isoformat() if until else None)

    def withdraw_announcement(self, announcement_id: int) -> None:
        with self.db.write() as conn:
            changed = conn.run("UPDATE announcements SET withdrawn_at = ? WHERE id = ? AND "
                               "withdrawn_at IS NULL", (utc_now_iso(), announcement_id))
            if not changed:
                raise UnknownAnnouncement(
                    f"no announcement {announcement_id} that is still published")

    def list_announcements(self) -> list[dict[str, Any]]:
        """Every announcement ever published, withdrawn ones included, newest first."""
        with self.db.read() as conn:
            return conn.all(
                'SELECT id, text_zh_cn AS "zh_CN", text_en AS en, published_at, until, '
                "withdrawn_at FROM announcements ORDER BY id DESC")

    def current_announcements(self, now: dt.datetime | None = None) -> list[AnnouncementItem]:
        """Not withdrawn and not past their last day (China time), newest first."""
        today = (now or dt.datetime.now(dt.UTC)).astimezone(CHINA_TIME).date().isoformat()
        with self.db.read() as conn:
            rows = conn.all(
                "SELECT id, text_zh_cn, text_en, published_at, until FROM announcements "
                "WHERE withdrawn_at IS NULL AND (until IS NULL OR until >= ?) ORDER BY id DESC",
                (today,))
        return [AnnouncementItem(id=r["id"], zh_CN=r["text_zh_cn"], en=r["text_en"],
                                 published_at=r["published_at"], until=r["until"]) for r in rows]
