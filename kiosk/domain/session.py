"""The resident's session as a plain state machine: which screen, which answers.

Qt screens render `SessionView` and send events (`start`, `answer`, `back`...); they hold no flow
logic of their own. That keeps the whole flow testable without Qt, and `kiosk submit` reuses the
same validation through kiosk.domain.fields.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING

from kiosk.domain.catalog import Catalog, Field, Service
from kiosk.domain.fields import Answer, is_blank, validate_field
from kiosk.errors import FieldError

if TYPE_CHECKING:  # the session only passes receipts on; made after a save
    from kiosk.domain.receipts import Receipt


class Step(StrEnum):
    HOME = "home"
    CONSENT = "consent"
    SENSITIVE_CONSENT = "sensitive_consent"  # a separate yes for ID, health or disability data
    QUESTION = "question"
    REVIEW = "review"
    SAVING = "saving"
    RECEIPT = "receipt"


@dataclass(frozen=True)
class Submission:
    """What the UI hands to a worker thread to store; the session waits in SAVING meanwhile."""
    service_id: str
    catalog_version: str
    answers: Mapping[str, Answer]
    consent: Mapping[str, object]


@dataclass(frozen=True)
class SessionView:
    """What the screen shows for the session's current step; screens render only this."""

    step: Step
    service: Service | None = None
    field: Field | None = None
    question_number: int = 0          # 1-based position of `field` among the questions
    question_count: int = 0
    answers: Mapping[str, Answer] = dataclasses.field(default_factory=dict)
    error: FieldError | None = None   # the last answer's problem, shown and spoken by the field
    save_error: str | None = None     # i18n key when saving failed; the answers are kept
    receipt: Receipt | None = None
    returning_to_review: bool = False  # editing one answer from the review screen
    declined: bool = False            # back home after declining consent: offer the counter
    assisted_by: str | None = None    # the volunteer helping, if any


class InvalidEvent(RuntimeError):
    """An event that makes no sense in the current step (a bug in the caller, not the resident)."""


class ResidentSession:
    def __init__(self, catalog: Catalog, today: Callable[[], dt.date] = dt.date.today,
                 on_change: Callable[[SessionView], None] | None = None) -> None:
        self.catalog = catalog
        self._today = today
        self._on_change = on_change
        self._assisted_by: str | None = None
        self._reset_state()

    def _reset_state(self, declined: bool = False) -> None:
        self._step = Step.HOME
        self._service: Service | None = None
        self._index = 0
        self._answers: dict[str, Answer] = {}
        self._error: FieldError | None = None
        self._save_error: str | None = None
        self._receipt: Receipt | None = None
        self._returning = False
        self._consent_at: dt.datetime | None = None
        self._sensitive_consent_at: dt.datetime | None = None
        self._declined = declined

    # -- reading -------------------------------------------------------------------------
    @property
    def view(self) -> SessionView:
        service = self._service
        current = service.fields[self._index] if service and self._step is Step.QUESTION else None
        return SessionView(
            step=self._step,
            service=service,
            field=current,
            question_number=self._index + 1 if current else 0,
            question_count=len(service.fields) if service else 0,
            answers=MappingProxyType(dict(self._answers)),
            error=self._error,
            save_error=self._save_error,
            receipt=self._receipt,
            returning_to_review=self._returning,
            declined=self._declined,
            assisted_by=self._assisted_by,
        )

    @property
    def step(self) -> Step:
        return self._step

    # -- events --------------------------------------------------------------------------
    def start(self, service_id: str) -> None:
        self._expect(Step.HOME)
        service = self.catalog.service(service_id)
        self._reset_state()
        self._service = service
        self._step = Step.CONSENT
        self._changed()

    def accept_consent(self) -> None:
        self._expect(Step.CONSENT)
        self._consent_at = dt.datetime.now(dt.UTC)
        if self._sensitive_fields():
            self._step = Step.SENSITIVE_CONSENT
            self._changed()
        else:
            self._goto_question(0)

    def accept_sensitive_consent(self) -> None:
        self._expect(Step.SENSITIVE_CONSENT)
        self._sensitive_consent_at = dt.datetime.now(dt.UTC)
        self._goto_question(0)

    def decline_consent(self) -> None:
        """Either consent declined: home, with nothing kept, offering the counter instead."""
        self._expect(Step.CONSENT, Step.SENSITIVE_CONSENT)
        self._reset_state(declined=True)
        self._changed()

    def set_assistant(self, volunteer_id: str | None) -> None:
        """A volunteer signed in (or out); recorded with each application they help with."""
        self._assisted_by = volunteer_id
        self._changed()

    def answer(self, raw: object) -> bool:
        """Check the current answer; on success move on, else keep the error for the screen."""
        self._expect(Step.QUESTION)
        current = self._current_field()
        if is_blank(raw) and not current.required:
            self._answers.pop(current.id, None)
            self._advance()
            return True
        try:
            self._answers[current.id] = validate_field(current, raw, self._today())
        except FieldError as exc:
            self._error = exc
            self._changed()
            return False
        self._advance()
        return True

    def back(self) -> None:
        if self._step is Step.CONSENT:
            self.reset()
        elif self._step is Step.SENSITIVE_CONSENT:
            self._step = Step.CONSENT
            self._changed()
        elif self._step is Step.QUESTION:
            if self._returning:
                self._goto_review()
            elif self._index == 0:
                self._step = Step.SENSITIVE_CONSENT if self._sensitive_fields() else Step.CONSENT
                self._error = None
                self._changed()
            else:
                self._goto_question(self._index - 1)
        elif self._step is Step.REVIEW:
            self._goto_question(len(self._fields()) - 1)
        elif self._step is Step.RECEIPT:
            self.reset()
        elif self._step is Step.HOME:
            return
        else:
            raise InvalidEvent(f"cannot go back while {self._step}")

    def edit(self, field_id: str) -> None:
        self._expect(Step.REVIEW)
        ids = [f.id for f in self._fields()]
        if field_id not in ids:
            raise InvalidEvent(f"no field {field_id!r} in this service")
        self._goto_question(ids.index(field_id), returning=True)

    def begin_submit(self) -> Submission:
        self._expect(Step.REVIEW)
        service = self._require_service()
        missing = [f for f in service.fields if f.required and f.id not in self._answers]
        if missing:  # only reachable if the catalog changed under us; ask the question again
            self._goto_question(service.fields.index(missing[0]), returning=True)
            raise InvalidEvent(f"required answer missing: {missing[0].id}")
        self._step, self._save_error = Step.SAVING, None
        self._changed()
        consent: dict[str, object] = {
            "accepted_at": (self._consent_at or dt.datetime.now(dt.UTC)).isoformat(),
            "service": service.id, "catalog_version": self.catalog.version,
            "assisted_by": self._assisted_by}
        sensitive = self._sensitive_fields()
        if sensitive:
            consent["sensitive_fields"] = [f.id for f in sensitive]
            consent["sensitive_accepted_at"] = (
                self._sensitive_consent_at or dt.datetime.now(dt.UTC)).isoformat()
        return Submission(service.id, self.catalog.version, dict(self._answers), consent)

    def submit_succeeded(self, receipt: Receipt) -> None:
        self._expect(Step.SAVING)
        self._step, self._receipt = Step.RECEIPT, receipt
        self._answers = {}  # saved: nothing personal needs to stay in memory any longer
        self._changed()

    def submit_failed(self, message_key: str = "error.save.failed") -> None:
        self._expect(Step.SAVING)
        self._step, self._save_error = Step.REVIEW, message_key
        self._changed()

    def reset(self) -> None:
        """Back to the home screen with every answer forgotten (finish, decline or time-out)."""
        self._reset_state()
        self._changed()

    # -- helpers -------------------------------------------------------------------------
    def _sensitive_fields(self) -> list[Field]:
        return [f for f in self._fields() if f.sensitive]

    def _fields(self) -> tuple[Field, ...]:
        return self._require_service().fields

    def _require_service(self) -> Service:
        if self._service is None:
            raise InvalidEvent("no service chosen")
        return self._service

    def _current_field(self) -> Field:
        return self._fields()[self._index]

    def _advance(self) -> None:
        if self._returning or self._index + 1 >= len(self._fields()):
            self._goto_review()
        else:
            self._goto_question(self._index + 1)

    def _goto_question(self, index: int, returning: bool = False) -> None:
        self._step, self._index, self._error, self._returning = (
            Step.QUESTION, index, None, returning)
        self._changed()

    def _goto_review(self) -> None:
        self._step, self._error, self._returning = Step.REVIEW, None, False
        self._changed()

    def _expect(self, *steps: Step) -> None:
        if self._step not in steps:
            raise InvalidEvent(f"event not allowed while {self._step}")

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change(self.view)
