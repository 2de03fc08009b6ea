"""Sending residents' 好差评 ratings and 村民议事 votes after the applications.

The same rules as applications (kiosk.sync.engine): delivered only on `accepted`/`duplicate`, a
`rejected` item is quarantined with the central's reason, a 413 splits the batch (and one item
refused within the protocol's limit means the path is wrong: everything stays queued).
One rule more: ratings and votes never hold up applications. They are sent after them, and a
failure here (an older central without these endpoints, say) is recorded and reported, not
raised, so the runner keeps its rhythm; the items stay queued for the next round.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.errors import KioskError
from kiosk.store.outbox import OutboxKind
from kiosk.store.store import Store, StoredRating, StoredVote
from kiosk.sync.client import BatchTooLarge, CentralClient
from kiosk.sync.too_large import refusal_of_one
from kiosk.wire.protocol import PushResponse, RatingPayload, VotePayload

log = logging.getLogger(__name__)
RATINGS_VOTES_ERROR_META = "feedback_error"  # the key on disk keeps its old name


@dataclass
class OutboxReport:
    delivered: int = 0
    rejected: int = 0
    rejected_ids: list[str] = field(default_factory=list)


@dataclass
class RatingsVotesReport:
    ratings: OutboxReport = field(default_factory=OutboxReport)
    votes: OutboxReport = field(default_factory=OutboxReport)
    error: str | None = None  # why sending stopped this round, if it did


def rating_payload(rating: StoredRating) -> RatingPayload:
    return RatingPayload(id=rating.id, tracking_number=rating.tracking_number,
                         service_id=rating.service_id, level=rating.level,
                         reasons=list(rating.reasons), created_at=rating.created_at)


def vote_payload(vote: StoredVote) -> VotePayload:
    return VotePayload(id=vote.id, consultation_id=vote.consultation_id, option=vote.option,
                       suggestion=vote.suggestion, catalog_version=vote.catalog_version,
                       created_at=vote.created_at)


class _Outbox:
    """Ratings or votes: how to claim them, turn it into payloads and push it."""

    def __init__(self, kind: OutboxKind, claim: Callable[..., Sequence[Any]],
                 payload: Callable[[Any], Any], push: Callable[[list[Any]], PushResponse],
                 where: str) -> None:
        self.kind, self.claim, self.payload, self.push = kind, claim, payload, push
        self.where = where


def push_ratings_votes(store: Store, client: CentralClient, claimer: str, batch_size: int,
                  lease_seconds: float) -> RatingsVotesReport:
    """Send every queued rating, then every queued vote; never raises a sync error."""
    reports = RatingsVotesReport()
    outboxes = (
        (_Outbox("ratings", store.claim_ratings, rating_payload, client.push_ratings,
                 client.base_url), reports.ratings),
        (_Outbox("votes", store.claim_votes, vote_payload, client.push_votes, client.base_url),
         reports.votes),
    )
    try:
        for outbox, report in outboxes:
            _drain(store, outbox, report, claimer, batch_size, lease_seconds)
    except KioskError as exc:
        reports.error = f"ratings and votes not sent this time: {exc}"
        log.warning("%s", reports.error)
    try:
        if store.get_meta(RATINGS_VOTES_ERROR_META) != reports.error:
            store.set_meta({RATINGS_VOTES_ERROR_META: reports.error})
    except KioskError:
        log.warning("could not record why ratings and votes were not sent")
    return reports


def _drain(store: Store, outbox: _Outbox, report: OutboxReport, claimer: str,
           batch_size: int, lease_seconds: float) -> None:
    while True:
        batch = list(outbox.claim(claimer, batch_size, lease_seconds))
        if not batch:
            return
        try:
            _send(store, outbox, batch, report, claimer)
        except BaseException as exc:
            store.release_items(outbox.kind, claimer, [i.id for i in batch],
                                str(exc) or type(exc).__name__)
            raise


def _send(store: Store, outbox: _Outbox, batch: list[Any], report: OutboxReport,
          claimer: str) -> None:
    try:
        response = outbox.push([outbox.payload(item) for item in batch])
    except BatchTooLarge as exc:
        if len(batch) == 1:
            refused = refusal_of_one(exc, f"the central at {outbox.where}", outbox.kind[:-1])
            if refused is not None:
                raise refused from None  # released by _drain; reported, not raised, above
            _quarantine(store, outbox.kind, batch[0].id, "larger than the sync protocol allows "
                        f"({exc.sent_bytes:,} bytes by itself; HTTP 413)", report)
            return
        half = len(batch) // 2
        _send(store, outbox, batch[:half], report, claimer)
        _send(store, outbox, batch[half:], report, claimer)
        return
    asked = {item.id for item in batch}
    delivered: dict[str, str | None] = {}
    for result in response.results:
        if result.id not in asked:
            continue
        asked.discard(result.id)
        if result.status == "rejected":
            _quarantine(store, outbox.kind, result.id, result.reason or "rejected by the central",
                        report)
        else:
            delivered[result.id] = result.received_at
    report.delivered += store.mark_items_delivered(outbox.kind, delivered)
    if asked:
        store.release_items(outbox.kind, claimer, sorted(asked),
                            "the central did not answer for it")


def _quarantine(store: Store, kind: OutboxKind, item_id: str, reason: str,
                report: OutboxReport) -> None:
    store.quarantine_item(kind, item_id, reason)
    report.rejected += 1
    report.rejected_ids.append(item_id)
    log.warning("%s %s quarantined: %s", kind[:-1], item_id, reason)
