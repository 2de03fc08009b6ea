"""The store's outboxes: 好差评 ratings and 村民议事 votes (one each, with the same
queued → sending → delivered/quarantined life and leases as applications), and what is pulled
back from the central (announcements, closed consultations' results).

Part of `kiosk.store.store.Store` (a mixin over the same connection); `kiosk.store.store` opens the
database.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from kiosk.domain.announcements import Announcement
from kiosk.domain.consultations import (
    CHINA_TIME,
    Consultation,
    ConsultationResult,
    VoteInvalid,
    check_vote,
)
from kiosk.domain.ids import time_ordered_id
from kiosk.domain.ratings import RatingInvalid, check_rating, check_tracking_number, summarize
from kiosk.store.base import STATES, StoreCore

OutboxKind = Literal["ratings", "votes"]
# Paper sheets' own ids ("sheet 12, line 3") become UUIDs the central accepts: the same text
# always gives the same id, which is how a sheet entered twice is recognised.
PAPER_IDS = uuid.UUID("6b1f3c2e-7d4a-5e90-8c11-2a9e4f0d7b35")
OUTBOX_KINDS: tuple[OutboxKind, ...] = ("ratings", "votes")


@dataclass(frozen=True)
class StoredRating:
    id: str
    tracking_number: str
    service_id: str
    level: int
    reasons: tuple[str, ...]
    created_at: str
    state: str
    attempts: int = 0
    last_error: str | None = None
    quarantine_reason: str | None = None
    delivered_at: str | None = None

    def summary(self) -> dict[str, Any]:
        return {"id": self.id, "tracking_number": self.tracking_number,
                "service": self.service_id, "level": self.level, "reasons": list(self.reasons),
                "created_at": self.created_at, "state": self.state,
                "quarantine_reason": self.quarantine_reason, "delivered_at": self.delivered_at}


@dataclass(frozen=True)
class StoredVote:
    id: str
    consultation_id: str
    option: str
    suggestion: str | None
    catalog_version: str
    created_at: str
    state: str
    attempts: int = 0
    last_error: str | None = None
    quarantine_reason: str | None = None
    delivered_at: str | None = None

    def summary(self) -> dict[str, Any]:
        """For technicians: never the suggestion's words, only whether there is one."""
        return {"id": self.id, "consultation": self.consultation_id, "option": self.option,
                "has_suggestion": self.suggestion is not None, "created_at": self.created_at,
                "state": self.state, "quarantine_reason": self.quarantine_reason,
                "delivered_at": self.delivered_at}


def _common(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("id", "created_at", "state", "attempts", "last_error",
                                "quarantine_reason", "delivered_at")}


def paper_id(kind: str, entry_id: str) -> str:
    return str(uuid.uuid5(PAPER_IDS, f"{kind}:{entry_id}"))


class OutboxStore(StoreCore):
    # -- converting rows ---------------------------------------------------------------------
    def _rating(self, row: Mapping[str, Any]) -> StoredRating:
        return StoredRating(tracking_number=row["tracking_number"], service_id=row["service_id"],
                            level=row["level"], reasons=tuple(json.loads(row["reasons_json"])),
                            **_common(row))

    def _vote(self, row: Mapping[str, Any]) -> StoredVote:
        suggestion = (self.cipher.decrypt(row["suggestion"], row["id"])
                      if row["suggestion"] is not None else None)
        return StoredVote(consultation_id=row["consultation_id"], option=row["option"],
                          suggestion=suggestion, catalog_version=row["catalog_version"],
                          **_common(row))

    def _converter(self, kind: OutboxKind) -> Callable[[Mapping[str, Any]], Any]:
        return {"ratings": self._rating, "votes": self._vote}[kind]

    # -- saving ------------------------------------------------------------------------------
    def save_rating(self, tracking_number: str, service_id: str, level: int,
                    reasons: Iterable[str] = ()) -> StoredRating:
        """Commit one 好差评 rating as `queued`; RatingInvalid for a bad level/reason, an
        invalid tracking number, or a second rating of the same application."""
        number = check_tracking_number(tracking_number)
        level, codes = check_rating(level, reasons)
        rating_id, now = time_ordered_id(), self._now()
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM ratings WHERE tracking_number = ?",
                            (number,)).fetchone():
                raise RatingInvalid("rating.error.already_rated",
                                    "this application has already been rated")
            return _insert_rating(conn, StoredRating(rating_id, number, service_id, level, codes,
                                                     now, "queued"))

    def rating_for(self, tracking_number: str) -> StoredRating | None:
        row = self._conn.execute("SELECT * FROM ratings WHERE tracking_number = ?",
                                 (tracking_number,)).fetchone()
        return self._rating(row) if row else None

    def save_vote(self, consultation: Consultation, option: str, suggestion: str | None,
                  catalog_version: str) -> StoredVote:
        """Commit one vote as `queued`; VoteInvalid if the consultation is closed now, the
        option unknown or the suggestion longer than 200 characters. One vote per session is
        the UI's rule, not the store's (a hall kiosk serves many residents)."""
        when = self._clock()
        option, text = check_vote(consultation, option, suggestion, when)
        vote_id, now = time_ordered_id(), when.isoformat()
        with self._write() as conn:
            vote = StoredVote(vote_id, consultation.id, option, text, catalog_version, now,
                              "queued")
            self._insert_vote(conn, vote)
        return vote

    # -- paper sheets (`kiosk rate --file`, `kiosk vote --file`) ------------------------------
    def save_paper_rating(self, tracking_number: str, service_id: str, level: int,
                          reasons: Iterable[str], entry_id: str | None) -> StoredRating | None:
        """A rating from a paper sheet, queued like one made on screen; None when this sheet
        was entered before (the same `entry_id`, or the same application rated alike), so a
        sheet entered twice records nothing new. RatingInvalid as for save_rating."""
        number = check_tracking_number(tracking_number)
        level, codes = check_rating(level, reasons)
        rating_id = paper_id("rating", entry_id) if entry_id else time_ordered_id()
        now = self._now()
        with self._write() as conn:
            row = conn.execute("SELECT * FROM ratings WHERE id = ? OR tracking_number = ?",
                               (rating_id, number)).fetchone()
            if row is not None:
                same = (row["level"] == level and tuple(json.loads(row["reasons_json"])) == codes)
                if row["id"] == rating_id or (entry_id is None and same):
                    return None
                raise RatingInvalid("rating.error.already_rated",
                                    "this application has already been rated")
            return _insert_rating(conn, StoredRating(rating_id, number, service_id, level, codes,
                                                     now, "queued"))

    def save_paper_vote(self, consultation: Consultation, option: str, suggestion: str | None,
                        catalog_version: str, cast_on: dt.date, entry_id: str | None
                        ) -> StoredVote | None:
        """A vote cast on paper on `cast_on`, queued like one made on screen. It is made when
        it was cast: a sheet filled in by the closing day counts even if entered after it (the
        central judges a vote by its created_at too). None when the same `entry_id` was
        entered before; VoteInvalid for a day after the closing day or in the future."""
        today = self._clock().astimezone(CHINA_TIME).date()
        if cast_on > today:
            raise VoteInvalid("vote.error.future", f"cast_on {cast_on} is after today")
        cast_at = dt.datetime.combine(cast_on, dt.time(), tzinfo=CHINA_TIME)
        option, text = check_vote(consultation, option, suggestion, cast_at)
        vote_id = paper_id("vote", entry_id) if entry_id else time_ordered_id()
        created, now = cast_at.astimezone(dt.UTC).isoformat(), self._now()
        vote = StoredVote(vote_id, consultation.id, option, text, catalog_version, created,
                          "queued")
        with self._write() as conn:
            added = self._insert_vote(conn, vote, updated_at=now)
        return vote if added else None

    def _insert_vote(self, conn: sqlite3.Connection, vote: StoredVote,
                     updated_at: str | None = None) -> bool:
        """Queue `vote` (its suggestion encrypted); False when its id was already there."""
        suggestion = (self.cipher.encrypt(vote.suggestion, vote.id)
                      if vote.suggestion is not None else None)
        return conn.execute(
            "INSERT INTO votes (id, consultation_id, option, suggestion, catalog_version, "
            "created_at, state, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?) "
            "ON CONFLICT (id) DO NOTHING",
            (vote.id, vote.consultation_id, vote.option, suggestion, vote.catalog_version,
             vote.created_at, updated_at or vote.created_at)).rowcount == 1

    # -- sending (same rules as applications: see kiosk.store.store) -------------------------------
    def claim_ratings(self, claimer: str, limit: int, lease_seconds: float
                      ) -> list[StoredRating]:
        return [self._rating(r) for r in self._claim("ratings", claimer, limit, lease_seconds)]

    def claim_votes(self, claimer: str, limit: int, lease_seconds: float) -> list[StoredVote]:
        return [self._vote(r) for r in self._claim("votes", claimer, limit, lease_seconds)]

    def _claim(self, kind: OutboxKind, claimer: str, limit: int, lease_seconds: float
               ) -> list[Any]:
        table = _table(kind)
        now = self._clock().timestamp()
        with self._write() as conn:
            rows = conn.execute(
                f"UPDATE {table} SET state = 'sending', claimed_by = ?, claim_expires = ?, "  # noqa: S608
                "attempts = attempts + 1, updated_at = ? WHERE id IN ("
                f"  SELECT id FROM {table} WHERE state = 'queued' "
                "  OR (state = 'sending' AND claim_expires < ?) "
                "  ORDER BY created_at, id LIMIT ?) RETURNING *",
                (claimer, now + lease_seconds, self._now(), now, limit)).fetchall()
        return sorted(rows, key=lambda r: (r["created_at"], r["id"]))

    def mark_items_delivered(self, kind: OutboxKind, received: Mapping[str, str | None]) -> int:
        table, count = _table(kind), 0
        with self._write() as conn:
            for item_id, received_at in received.items():
                count += conn.execute(
                    f"UPDATE {table} SET state = 'delivered', delivered_at = ?, "  # noqa: S608
                    "central_received_at = ?, claimed_by = NULL, claim_expires = NULL, "
                    "last_error = NULL, updated_at = ? WHERE id = ? AND state != 'delivered'",
                    (self._now(), received_at, self._now(), item_id)).rowcount
        return count

    def quarantine_item(self, kind: OutboxKind, item_id: str, reason: str) -> None:
        with self._write() as conn:
            conn.execute(
                f"UPDATE {_table(kind)} SET state = 'quarantined', quarantine_reason = ?, "  # noqa: S608
                "claimed_by = NULL, claim_expires = NULL, updated_at = ? "
                "WHERE id = ? AND state != 'delivered'", (reason, self._now(), item_id))

    def release_items(self, kind: OutboxKind, claimer: str, ids: Sequence[str],
                      error: str | None) -> None:
        with self._write() as conn:
            for item_id in ids:
                conn.execute(
                    f"UPDATE {_table(kind)} SET state = 'queued', claimed_by = NULL, "  # noqa: S608
                    "claim_expires = NULL, last_error = ?, updated_at = ? "
                    "WHERE id = ? AND state = 'sending' AND claimed_by = ?",
                    (error, self._now(), item_id, claimer))

    def requeue_item(self, kind: OutboxKind, item_id: str) -> bool:
        with self._write() as conn:
            return bool(conn.execute(
                f"UPDATE {_table(kind)} SET state = 'queued', quarantine_reason = NULL, "  # noqa: S608
                "updated_at = ? WHERE id = ? AND state = 'quarantined'",
                (self._now(), item_id)).rowcount)

    def purge_vote_suggestions(self, delivered_before: dt.datetime) -> int:
        """Delete the suggestions of votes the central acknowledged before that time."""
        rows = self._conn.execute("SELECT id, delivered_at FROM votes WHERE state = 'delivered' "
                                  "AND suggestion IS NOT NULL").fetchall()
        due = [r["id"] for r in rows
               if dt.datetime.fromisoformat(r["delivered_at"]) <= delivered_before]
        if due:
            with self._write() as conn:
                conn.executemany("UPDATE votes SET suggestion = NULL, updated_at = ? WHERE id = ?",
                                 [(self._now(), vote_id) for vote_id in due])
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return len(due)

    # -- reading -----------------------------------------------------------------------------
    def outbox_counts(self, kind: OutboxKind) -> dict[str, int]:
        counts = dict.fromkeys(STATES, 0)
        for row in self._conn.execute(
                f"SELECT state, COUNT(*) AS n FROM {_table(kind)} GROUP BY state"):  # noqa: S608
            counts[row["state"]] = row["n"]
        return counts

    def list_ratings(self, state: str | None = None) -> list[StoredRating]:
        return [self._rating(r) for r in self._list("ratings", state)]

    def list_votes(self, state: str | None = None) -> list[StoredVote]:
        return [self._vote(r) for r in self._list("votes", state)]

    def _list(self, kind: OutboxKind, state: str | None) -> list[Any]:
        where, params = ("WHERE state = ?", [state]) if state else ("", [])
        return self._conn.execute(f"SELECT * FROM {_table(kind)} {where} "  # noqa: S608
                                  "ORDER BY created_at, id", params).fetchall()

    def rating_summary(self) -> dict[str, dict[str, Any]]:
        """Per service: count, count per level, average, count per reason (this kiosk only)."""
        rows = self._conn.execute("SELECT service_id, level, reasons_json FROM ratings")
        return summarize((r["service_id"], r["level"], json.loads(r["reasons_json"]))
                         for r in rows)

    # -- pulled from the central -------------------------------------------------------------
    def replace_announcements(self, announcements: Iterable[Announcement]) -> None:
        """Make the central's current list the kiosk's (withdrawn ones disappear)."""
        with self._write() as conn:
            conn.execute("DELETE FROM announcements")
            conn.executemany(
                "INSERT INTO announcements (id, text_zh_cn, text_en, published_at, until) "
                "VALUES (?, ?, ?, ?, ?)",
                [(a.id, a.text["zh_CN"], a.text["en"], a.published_at,
                  a.until.isoformat() if a.until else None) for a in announcements])

    def current_announcements(self, now: dt.datetime | None = None) -> list[Announcement]:
        """The notices to show now, newest first; works offline (an expired one is hidden)."""
        moment = now or self._clock()
        rows = self._conn.execute("SELECT * FROM announcements ORDER BY published_at DESC, "
                                  "id DESC").fetchall()
        found = (Announcement(id=r["id"], text={"zh_CN": r["text_zh_cn"], "en": r["text_en"]},
                              published_at=r["published_at"],
                              until=dt.date.fromisoformat(r["until"]) if r["until"] else None)
                 for r in rows)
        return [a for a in found if a.is_current(moment)]

    def record_consultation_results(self, results: Iterable[ConsultationResult]) -> int:
        count = 0
        with self._write() as conn:
            for result in results:
                conn.execute(
                    "INSERT INTO consultation_results (consultation_id, closes, counts_json, "
                    "total, pulled_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (consultation_id) DO "
                    "UPDATE SET closes = excluded.closes, counts_json = excluded.counts_json, "
                    "total = excluded.total, pulled_at = excluded.pulled_at",
                    (result.consultation_id, result.closes.isoformat(),
                     json.dumps(dict(result.counts)), result.total, result.pulled_at))
                count += 1
        return count

    def consultation_results(self, consultation_id: str) -> ConsultationResult | None:
        """The last results pulled for a closed consultation, or None (not closed or not
        pulled yet)."""
        row = self._conn.execute("SELECT * FROM consultation_results WHERE consultation_id = ?",
                                 (consultation_id,)).fetchone()
        return _result(row) if row else None

    def all_consultation_results(self) -> list[ConsultationResult]:
        return [_result(r) for r in self._conn.execute(
            "SELECT * FROM consultation_results ORDER BY closes, consultation_id")]


def _result(row: Mapping[str, Any]) -> ConsultationResult:
    return ConsultationResult(consultation_id=row["consultation_id"],
                              closes=dt.date.fromisoformat(row["closes"]),
                              counts=json.loads(row["counts_json"]), total=row["total"],
                              pulled_at=row["pulled_at"])


def _table(kind: str) -> str:
    if kind not in OUTBOX_KINDS:  # table names are never taken from outside this list
        raise ValueError(f"not an outbox: {kind!r}")
    return kind


def _insert_rating(conn: sqlite3.Connection, rating: StoredRating) -> StoredRating:
    conn.execute(
        "INSERT INTO ratings (id, tracking_number, service_id, level, reasons_json, "
        "created_at, state, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)",
        (rating.id, rating.tracking_number, rating.service_id, rating.level,
         json.dumps(list(rating.reasons)), rating.created_at, rating.created_at))
    return rating
