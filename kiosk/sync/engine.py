"""One pass of sending: claim queued applications, push them in batches, record the verdicts.

No HTTP details here (the client classifies errors); the runner owns the sync thread, and a pass
keeps one helper thread so the kiosk's own work overlaps the request in flight.
Rules that make the queue trustworthy:
- an application becomes `delivered` only for an `accepted` or `duplicate` verdict;
- a `rejected` verdict quarantines that one application with the central's reason, the rest flow;
- a 413 splits the batch in halves, down to a single application. That one is quarantined only
  if it is larger than the protocol's MAX_BODY_BYTES by itself; refused within the limit, it says
  the path (a proxy, the central's set-up) is wrong, not the record: the whole claim goes back
  to the queue and PathRefused is raised, so the runner backs off and sends again by itself;
- any other failure gives the whole claim back to the queue and is raised for the caller's backoff.
Residents' ratings and votes go after the applications, and never holds them up
(kiosk.sync.ratings_votes).

Batch size: each pass starts at the configured `sync.batch_size`; while the central answers
quickly (under GROW_BELOW_S) it doubles, up to the protocol's MAX_BATCH_ITEMS, so a backlog after
an outage drains in a few large requests while a slow link keeps small ones (docs/benchmarks.md).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from kiosk.store.store import Store, StoredApplication
from kiosk.sync.client import BatchTooLarge, CentralClient
from kiosk.sync.ratings_votes import RatingsVotesReport, push_ratings_votes
from kiosk.sync.status import record_success
from kiosk.sync.too_large import refusal_of_one
from kiosk.wire.protocol import (
    MAX_BATCH_ITEMS,
    ApplicationPayload,
    EncodedBatch,
    PushResponse,
    encode_batch,
)

log = logging.getLogger(__name__)
LEASE_SECONDS = 180.0  # longer than the client's worst-case request time
GROW_BELOW_S = 2.0     # an answer this quick means the link can carry a larger batch
GROWN_BATCH_MAX = MAX_BATCH_ITEMS  # the most the central takes in one request


def sender_id(role: str) -> str:
    """A name for this sender in claims: host, process and role (engine or cli)."""
    return f"{socket.gethostname()}:{os.getpid()}:{role}"


def sender_is_dead(claimer: str) -> bool:
    """True for a claim made by a process on this machine that has since exited."""
    host, _, rest = claimer.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False  # another machine's sender (shared disk): let its lease run out
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def to_payload(app: StoredApplication) -> ApplicationPayload:
    return ApplicationPayload(
        id=app.id, tracking_number=app.tracking_number, service_id=app.service_id,
        catalog_version=app.catalog_version, created_at=app.created_at, language=app.language,
        answers=app.answers, consent=app.consent)


@dataclass
class PushReport:
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    batches: int = 0
    server_time: str | None = None
    rejected_ids: list[str] = field(default_factory=list)
    ratings_votes: RatingsVotesReport = field(default_factory=RatingsVotesReport)

    @property
    def delivered(self) -> int:
        return self.accepted + self.duplicate


class SyncEngine:
    def __init__(self, store: Store, client: CentralClient, claimer: str,
                 batch_size: int = 50, lease_seconds: float = LEASE_SECONDS,
                 on_progress: Callable[[PushReport], None] | None = None) -> None:
        self.store, self.client, self.claimer = store, client, claimer
        self.batch_size, self.lease_seconds = batch_size, lease_seconds
        self._on_progress = on_progress
        self._size, self._ceiling = batch_size, max(batch_size, GROWN_BATCH_MAX)

    def push_pending(self, report: PushReport | None = None) -> PushReport:
        """Send everything that is queued now; raise the client's error if the central fails.

        One request is in flight at a time, but the kiosk's own work overlaps it: the next batch
        is claimed, decrypted and encoded (request body ready) while the central handles the
        current one, so it leaves the moment the answer arrives, and a batch's verdicts are
        recorded while the next one travels (docs/benchmarks.md, item 3).
        """
        report = report or PushReport()
        self.store.release_claims_of(sender_is_dead)
        self._size, self._ceiling = self.batch_size, max(self.batch_size, GROWN_BATCH_MAX)
        current = self.store.claim_batch(self.claimer, self._size, self.lease_seconds)
        if not current:
            return self._finish(report)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-push") as pool:
            in_flight = pool.submit(self._timed_push, self._encode(current))
            while current:
                upcoming: list[StoredApplication] = []
                sent_ahead = False
                try:
                    upcoming = self.store.claim_batch(self.claimer, self._size,
                                                      self.lease_seconds)
                    encoded = self._encode(upcoming)
                    response = self._answer(in_flight, current, report)
                    if upcoming:
                        in_flight = pool.submit(self._timed_push, encoded)
                        sent_ahead = True
                    if response is not None:
                        self._record(current, response, report)
                except BaseException as exc:
                    # Whatever went wrong, nothing stays claimed by a sender that gave up.
                    self._give_back(upcoming, in_flight if sent_ahead else None, exc)
                    self.store.release(self.claimer, [a.id for a in current], _describe(exc))
                    raise
                self._progress(report)
                current = upcoming
        return self._finish(report)

    def _encode(self, batch: list[StoredApplication]) -> EncodedBatch:
        return encode_batch(self.client.kiosk_id, [to_payload(a) for a in batch])

    def _timed_push(self, batch: EncodedBatch) -> tuple[PushResponse, float]:
        began = time.monotonic()
        response = self.client.push_encoded(batch)
        return response, time.monotonic() - began

    def _give_back(self, batch: list[StoredApplication],
                   in_flight: Future[tuple[PushResponse, float]] | None,
                   exc: BaseException) -> None:
        """Release the batch claimed ahead: unsent, its claim does not count as a try; sent,
        its answer is awaited but not recorded (a re-send is a harmless duplicate)."""
        if not batch:
            return
        if in_flight is None:
            self.store.release(self.claimer, [a.id for a in batch], None, sent=False)
            return
        with contextlib.suppress(Exception):
            in_flight.result()
        self.store.release(self.claimer, [a.id for a in batch], _describe(exc))

    def _answer(self, in_flight: Future[tuple[PushResponse, float]],
                batch: list[StoredApplication], report: PushReport) -> PushResponse | None:
        """The central's answer to `batch`, or None once a 413 was handled by splitting."""
        try:
            response, seconds = in_flight.result()
        except BatchTooLarge as exc:
            # Never grow past what was refused; halves go one request at a time (the refused
            # batch itself is not sent again).
            self._ceiling = max(1, len(batch) // 2)
            self._size = min(self._size, self._ceiling)
            self._split(batch, exc, report)
            return None
        if seconds < GROW_BELOW_S and len(batch) >= self._size:
            self._size = min(self._size * 2, self._ceiling)
        return response

    def _progress(self, report: PushReport) -> None:
        record_success(self.store)
        if self._on_progress is not None:
            self._on_progress(report)

    def _finish(self, report: PushReport) -> PushReport:
        report.ratings_votes = push_ratings_votes(self.store, self.client, self.claimer,
                                                  self.batch_size, self.lease_seconds)
        return report

    def _send(self, batch: list[StoredApplication], report: PushReport) -> None:
        try:
            response = self.client.push([to_payload(a) for a in batch])
        except BatchTooLarge as exc:
            self._split(batch, exc, report)
            return
        self._record(batch, response, report)

    def _split(self, batch: list[StoredApplication], exc: BatchTooLarge,
               report: PushReport) -> None:
        """After a 413 for `batch`: its halves one after the other; for a single application,
        quarantine only if it alone is over the protocol's limit, else PathRefused."""
        if len(batch) == 1:
            refused = refusal_of_one(exc, f"the central at {self.client.base_url}",
                                     "application")
            if refused is not None:
                raise refused from None
            self.store.quarantine(batch[0].id, "larger than the sync protocol allows "
                                  f"({exc.sent_bytes:,} bytes by itself; HTTP 413)")
            report.rejected += 1
            report.rejected_ids.append(batch[0].id)
            return
        half = len(batch) // 2
        self._send(batch[:half], report)
        self._send(batch[half:], report)

    def _record(self, batch: list[StoredApplication], response: PushResponse,
                report: PushReport) -> None:
        report.batches += 1
        report.server_time = response.server_time
        asked = {a.id for a in batch}
        delivered: dict[str, str | None] = {}
        for result in response.results:
            if result.id not in asked:  # never let a confused answer touch another record
                continue
            asked.discard(result.id)
            if result.status == "rejected":
                self.store.quarantine(result.id, result.reason or "rejected by the central")
                report.rejected += 1
                report.rejected_ids.append(result.id)
                log.warning("application %s quarantined: %s", result.id, result.reason)
            else:
                delivered[result.id] = result.received_at
                if result.status == "accepted":
                    report.accepted += 1
                else:
                    report.duplicate += 1
        self.store.mark_delivered(self.claimer, delivered)
        if asked:
            self.store.release(self.claimer, sorted(asked), "the central did not answer for it")


def _describe(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
