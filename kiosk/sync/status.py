"""Sync state reported as a value: what the UI shows, `kiosk status` prints and tests check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from kiosk.store.store import Store


class SyncState(StrEnum):
    NOT_CONFIGURED = "not_configured"      # no central address or credentials yet
    IDLE = "idle"                          # all sent, or waiting for the next routine round
    SENDING = "sending"
    OFFLINE = "offline"                    # central unreachable; retrying with backoff + probe
    NEEDS_TECHNICIAN = "needs_technician"  # credentials rejected or address unusable
    PAUSED = "paused"                      # a technician paused sending
    STOPPED = "stopped"


@dataclass(frozen=True)
class SyncStatus:
    state: SyncState
    pending: int = 0
    quarantined: int = 0
    delivered: int = 0
    last_success_at: dt.datetime | None = None
    last_error: str | None = None
    next_attempt_at: dt.datetime | None = None
    oldest_pending_at: dt.datetime | None = None
    central_url: str = ""
    catalog_version: str | None = None  # of the last catalog pulled from the central
    paused: bool = False
    ratings_pending: int = 0  # 好差评 ratings not yet acknowledged by the central
    votes_pending: int = 0    # consultation votes not yet acknowledged


LAST_SUCCESS_META = "last_success_at"
# Words every PathRefused message carries (kiosk.sync.too_large), so that the technician panel
# can put a refusal by the path into its own language without importing the HTTP client.
PATH_REFUSED_MARK = "(HTTP 413), although the protocol allows"
NOT_THE_CENTRAL = "not the central itself"


def path_refusal(error: str | None) -> str | None:
    """"proxy" or "central" when `error` says the path refused what the protocol allows (items
    kept queued, nothing quarantined), else None."""
    if not error or PATH_REFUSED_MARK not in error:
        return None
    return "proxy" if NOT_THE_CENTRAL in error else "central"


def record_success(store: Store) -> None:
    """A round reached the central and went through, even with nothing to send: that is a
    successful sync (`kiosk status`, the technician panel's "last successful sync")."""
    store.set_meta({LAST_SUCCESS_META: dt.datetime.now(dt.UTC).isoformat(), "last_error": None})


def read_status(store: Store, state: SyncState, central_url: str = "",
                next_attempt_at: dt.datetime | None = None) -> SyncStatus:
    counts = store.counts()
    last_success = store.get_meta(LAST_SUCCESS_META)
    return SyncStatus(
        state=state,
        pending=counts["queued"] + counts["sending"],
        quarantined=counts["quarantined"],
        delivered=counts["delivered"],
        last_success_at=dt.datetime.fromisoformat(last_success) if last_success else None,
        last_error=store.get_meta("last_error"),
        next_attempt_at=next_attempt_at,
        oldest_pending_at=store.oldest_pending_at(),
        central_url=central_url,
        catalog_version=store.get_meta("catalog_version"),
        paused=store.get_meta("sync_paused_at") is not None,
        ratings_pending=_pending(store.outbox_counts("ratings")),
        votes_pending=_pending(store.outbox_counts("votes")),
    )


def _pending(counts: dict[str, int]) -> int:
    return counts["queued"] + counts["sending"]
