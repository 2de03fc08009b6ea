"""Wire models of sync protocol v1, shared by the kiosk's client and the central server.

This is the only module the central imports from the kiosk side, so it holds data shapes and
pure helpers only: no HTTP, no database. docs/protocol.md describes the same contract in prose.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 1
API_PREFIX = "/api/v1"
HEALTH_PATH = f"{API_PREFIX}/health"
BATCH_PATH = f"{API_PREFIX}/applications/batch"
KIOSK_ID_HEADER = "X-Kiosk-Id"
# A kiosk's (and an operator's) id: what the central registers and a USB bundle may carry.
KIOSK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def valid_kiosk_id(kiosk_id: str) -> bool:
    """Whether `kiosk_id` is a name the central would register."""
    return bool(KIOSK_ID.fullmatch(kiosk_id))


# Limits the central enforces (HTTP 413 beyond them); the kiosk's engine splits batches instead.
MAX_BATCH_ITEMS = 500
MAX_BODY_BYTES = 5 * 1024 * 1024

AnswerValue = str | int | float | bool | None
ItemStatus = Literal["accepted", "duplicate", "rejected"]


def utc_now_iso() -> str:
    """Now in UTC as ISO 8601 with an explicit offset: 2024-05-01T08:00:00.123+00:00."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class ApplicationPayload(BaseModel):
    """One resident's application as it travels to the central.

    Types only: whether the id is a UUID or the service exists is the central validator's call,
    so that one malformed record is rejected on its own instead of failing the whole batch.
    Unknown fields are refused rather than silently dropped: within v1 the shape is fixed.
    """

    # NaN/Infinity are not JSON: refusing them here keeps canonical_json total.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    id: str
    tracking_number: str
    service_id: str
    catalog_version: str
    created_at: str
    language: str
    answers: dict[str, AnswerValue]
    consent: dict[str, Any]


def canonical_json(payload: BaseModel) -> str:
    """A byte-stable JSON rendering: sorted keys, no whitespace, UTF-8 kept as is."""
    return json.dumps(payload.model_dump(mode="json"), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False, allow_nan=False)


def content_hash(payload: BaseModel) -> str:
    """SHA-256 of the canonical JSON; equal hashes mean a re-send, different ones a conflict."""
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


class PushRequest(BaseModel):
    """Body of POST /api/v1/applications/batch."""

    protocol: int = PROTOCOL_VERSION
    kiosk_id: str
    items: list[ApplicationPayload] = Field(max_length=MAX_BATCH_ITEMS)


class ItemResult(BaseModel):
    """The central's verdict on one item; `accepted` and `duplicate` both mean acknowledged."""

    id: str
    status: ItemStatus
    reason: str | None = None
    received_at: str | None = None


class PushResponse(BaseModel):
    """One result per pushed item, in the order the items were sent."""

    server_time: str
    results: list[ItemResult]


class HealthInfo(BaseModel):
    """Body of GET /api/v1/health."""

    status: Literal["ok"] = "ok"
    protocol: int = PROTOCOL_VERSION
    server_time: str


class ErrorBody(BaseModel):
    """Every error response of the central: a readable detail plus the central's clock."""

    detail: str
    server_time: str


# -- pulled back to the kiosk: status changes and the catalog ------------------------------------
STATUS_CHANGES_PATH = f"{API_PREFIX}/status-changes"
CATALOG_PATH = f"{API_PREFIX}/catalog"
MAX_STATUS_CHANGES = 500

# What the office can say about an application, in the order it usually happens.
OfficeStatus = Literal["received", "in_review", "approved", "rejected", "more_info_needed"]
OFFICE_STATUSES: tuple[str, ...] = ("received", "in_review", "approved", "rejected",
                                    "more_info_needed")


class StatusChange(BaseModel):
    """One decision or step the office recorded; `message` is written for the resident."""

    seq: int
    application_id: str
    tracking_number: str
    status: OfficeStatus
    message: str | None = None
    changed_at: str


class StatusChanges(BaseModel):
    """Body of GET /api/v1/status-changes?since=CURSOR: this kiosk's changes after the cursor.

    `cursor` is opaque to the kiosk: send it back as `since` next time. `more` says another page
    is waiting.
    """

    server_time: str
    changes: list[StatusChange]
    cursor: str
    more: bool = False


class CatalogDocument(BaseModel):
    """Body of GET /api/v1/catalog: the catalog's files as text, keyed by relative path.

    The response carries an ETag; a kiosk that sends it back in If-None-Match gets 304 while the
    catalog is unchanged, so polling costs almost nothing.
    """

    server_time: str
    version: str
    files: dict[str, str]


# -- from residents: 好差评 ratings and 村民议事 votes ------------------------------------
# Sent like applications: batches with per-item results (accepted / duplicate / rejected),
# idempotent on each item's UUID, same envelope limits; the answer is a PushResponse.
RATINGS_PATH = f"{API_PREFIX}/ratings/batch"
VOTES_PATH = f"{API_PREFIX}/votes/batch"
CONSULTATION_RESULTS_PATH = f"{API_PREFIX}/consultation-results"
ANNOUNCEMENTS_PATH = f"{API_PREFIX}/announcements"


class RatingPayload(BaseModel):
    """One 好差评 rating: level 5 (非常满意) … 1 (非常不满意); reasons (codes) only for 1–2."""

    model_config = ConfigDict(extra="forbid")

    id: str
    tracking_number: str
    service_id: str
    level: int
    reasons: list[str] = Field(default_factory=list)
    created_at: str


class VotePayload(BaseModel):
    """One vote in a consultation of the catalog version `catalog_version`."""

    model_config = ConfigDict(extra="forbid")

    id: str
    consultation_id: str
    option: str
    suggestion: str | None = None
    catalog_version: str
    created_at: str


class RatingBatch(BaseModel):
    """Body of POST /api/v1/ratings/batch."""

    protocol: int = PROTOCOL_VERSION
    kiosk_id: str
    items: list[RatingPayload] = Field(max_length=MAX_BATCH_ITEMS)


class VoteBatch(BaseModel):
    """Body of POST /api/v1/votes/batch."""

    protocol: int = PROTOCOL_VERSION
    kiosk_id: str
    items: list[VotePayload] = Field(max_length=MAX_BATCH_ITEMS)


class ConsultationResultItem(BaseModel):
    """A closed consultation's votes from every kiosk: `counts` has every option, zeros too."""

    consultation_id: str
    closes: str  # YYYY-MM-DD, the last day votes were taken (China time)
    counts: dict[str, int]
    total: int


class ConsultationResults(BaseModel):
    """Body of GET /api/v1/consultation-results: consultations closed by the central's clock."""

    server_time: str
    results: list[ConsultationResultItem]


class AnnouncementItem(BaseModel):
    """A notice for the kiosks' home screens; `until` (YYYY-MM-DD) is the last day shown."""

    id: int
    zh_CN: str
    en: str
    published_at: str
    until: str | None = None


class Announcements(BaseModel):
    """Body of GET /api/v1/announcements: the notices current now (ETag / If-None-Match)."""

    server_time: str
    announcements: list[AnnouncementItem]


def derive_bundle_key(token: str) -> bytes:
    """The key that protects USB bundles between one kiosk and its central.

    Derived from the kiosk's token, so nothing more has to be exchanged, but not the token itself:
    the central stores this key, never the token (it keeps only the token's salted hash).
    """
    return hmac.new(token.encode("utf-8"), b"township-kiosk usb bundle key v1",
                    hashlib.sha256).digest()


BatchItem = ApplicationPayload | RatingPayload | VotePayload


@dataclass(frozen=True)
class EncodedBatch:
    """A batch's request body, ready to send, and its items' ids in order (to check the answer).

    Encoding apart from sending lets the kiosk encode the next batch while the central is still
    working on the previous one (kiosk/sync/engine.py).
    """

    ids: list[str]
    body: bytes


def encode_batch(kiosk_id: str, items: Sequence[BatchItem]) -> EncodedBatch:
    """The body of a batch POST (applications, ratings or votes).

    Built by hand rather than through PushRequest: the central enforces the batch limit
    (413), the kiosk does not second-guess it.
    """
    body = json.dumps({
        "protocol": PROTOCOL_VERSION,
        "kiosk_id": kiosk_id,
        "items": [item.model_dump(mode="json") for item in items],
    }, ensure_ascii=False).encode("utf-8")
    return EncodedBatch([item.id for item in items], body)
