"""What a resident hears when they look up a tracking number: one plain status, the office's own
words, the next step, and when it was last updated.

Works offline: the answer comes from this kiosk's database, which holds the last status pulled
from the central, so the kiosk says how old that news is (`checked_at`: the last time it heard
from the central). Never anything the resident typed into the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from kiosk.domain import tracking
from kiosk.hall_time import HallTime
from kiosk.i18n import Translator

# The meta key the sync puller sets after each successful pull of status changes.
LAST_PULL_META = "last_pull_at"


class PlainStatus(StrEnum):
    SAVED_ON_KIOSK = "saved_on_kiosk"      # on this kiosk, waiting to be sent
    SENT = "sent"                          # the central acknowledged it
    RECEIVED = "received"                  # the office says: received
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    MORE_INFO_NEEDED = "more_info_needed"
    NEEDS_ATTENTION = "needs_attention"    # quarantined: a technician must look at it


class LookupOutcome(StrEnum):
    FOUND = "found"
    INVALID_NUMBER = "invalid_number"   # not 12 digits or the check digit is wrong: a typo
    NOT_FOUND = "not_found"             # a valid number this kiosk does not know


_OFFICE = {s.value: s for s in (PlainStatus.RECEIVED, PlainStatus.IN_REVIEW, PlainStatus.APPROVED,
                                PlainStatus.REJECTED, PlainStatus.MORE_INFO_NEEDED)}


class _Application(Protocol):
    """What is needed of a StoredApplication (kept structural: no import cycle with the store)."""

    @property
    def tracking_number(self) -> str: ...
    @property
    def service_id(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def created_at(self) -> str: ...
    @property
    def delivered_at(self) -> str | None: ...
    @property
    def office_status(self) -> str | None: ...
    @property
    def office_message(self) -> str | None: ...
    @property
    def office_status_at(self) -> str | None: ...


class _Store(Protocol):
    def find_by_tracking_number(self, number: str) -> Any: ...
    def get_meta(self, key: str) -> str | None: ...


def plain_status(app: _Application) -> PlainStatus:
    """The office's word wins once there is one; before that, where the record is."""
    if app.office_status in _OFFICE:
        return _OFFICE[app.office_status]
    if app.state == "delivered":
        return PlainStatus.SENT
    if app.state == "quarantined":
        return PlainStatus.NEEDS_ATTENTION
    return PlainStatus.SAVED_ON_KIOSK  # queued, or being sent right now


def words_key(status: PlainStatus) -> str:
    return f"status.{status.value}.words"


def next_step_key(status: PlainStatus) -> str:
    return f"status.{status.value}.next_step"


@dataclass(frozen=True)
class StatusLookup:
    """The answer to "where is my application?"; `status`/`message` are None unless found."""

    outcome: LookupOutcome
    tracking_number: str
    status: PlainStatus | None = None
    service_id: str | None = None
    message: str | None = None         # the office's words for the resident, if any
    updated_at: str | None = None      # when this status came about
    checked_at: str | None = None      # when this kiosk last heard from the central

    @property
    def words_key(self) -> str:
        return words_key(self.status) if self.status else f"lookup.{self.outcome.value}.words"

    @property
    def next_step_key(self) -> str:
        return (next_step_key(self.status) if self.status
                else f"lookup.{self.outcome.value}.next_step")

    def words(self, translator: Translator) -> str:
        return translator.t(self.words_key)

    def next_step(self, translator: Translator) -> str:
        return translator.t(self.next_step_key)

    def spoken(self, translator: Translator) -> str:
        """Everything to say aloud, in order: status, the office's message, the next step."""
        parts = [self.words(translator)]
        if self.message:
            parts.append(translator.t("lookup.office_said", message=self.message))
        parts.append(self.next_step(translator))
        return " ".join(parts)

    def to_json(self, translator: Translator | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "outcome": self.outcome.value, "tracking_number": self.tracking_number,
            "status": self.status.value if self.status else None, "service": self.service_id,
            "message": self.message, "updated_at": self.updated_at,
            "checked_at": self.checked_at}
        if translator is not None:
            data["words"] = self.words(translator)
            data["next_step"] = self.next_step(translator)
        return data


def describe(app: _Application, checked_at: str | None = None) -> StatusLookup:
    status = plain_status(app)
    if app.office_status in _OFFICE:
        updated = app.office_status_at
    elif status is PlainStatus.SENT:
        updated = app.delivered_at
    else:
        updated = app.created_at
    return StatusLookup(LookupOutcome.FOUND, app.tracking_number, status, app.service_id,
                        app.office_message if app.office_status in _OFFICE else None,
                        updated, checked_at)


def look_up(store: _Store, typed: str) -> StatusLookup:
    """Look a tracking number up as typed or scanned (spaces, dashes, full-width digits ok)."""
    try:
        number = tracking.normalize(typed[:100])
    except ValueError:  # a digit int() cannot read, such as "²"
        number = ""
    if not tracking.is_valid(number):
        return StatusLookup(LookupOutcome.INVALID_NUMBER, number)
    checked_at = store.get_meta(LAST_PULL_META)
    app = store.find_by_tracking_number(number)
    if app is None:
        return StatusLookup(LookupOutcome.NOT_FOUND, number, checked_at=checked_at)
    return describe(app, checked_at)


def format_time(iso: str | None, language: str, hall: HallTime | None = None) -> str | None:
    """A stored time as the resident reads it, in the hall's time zone (default Asia/Shanghai):
    2026年11月27日 16:05 / 2026-11-27 16:05. None if there is none or it cannot be read."""
    return (hall or HallTime()).iso_text(iso, language)
