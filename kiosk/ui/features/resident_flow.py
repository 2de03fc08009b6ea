"""The resident's own road: home → consent → one question per screen → review → saving →
receipt. The pages send events to the core's ResidentSession (which re-renders the window);
saving runs on a worker, and the counter's notice after a declined consent is offered once.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable

from PySide6.QtCore import QTimer

from kiosk.domain.receipts import Receipt
from kiosk.domain.session import InvalidEvent, SessionView, Step
from kiosk.ui.look.memory import release_freed_memory
from kiosk.ui.operations.saving import SaveFn, failure_message_key
from kiosk.ui.screens.base import Screen
from kiosk.ui.shell.shell import Shell

log = logging.getLogger(__name__)


class ResidentFlow:
    def __init__(self, shell: Shell, save: SaveFn, on_saved: Callable[[], None] | None) -> None:
        """`on_saved`: called once an application is stored (wakes the sender)."""
        self._shell, self._save, self._on_saved = shell, save, on_saved
        self._declined_notice = "none"   # none → showing → dismissed (at the next touch)

    def page_built(self, name: str, page: Screen) -> None:
        p, s, session, say = self._shell.pages, self._shell.event, self._shell.session, \
            self._shell.say
        if name == "home":
            p.home.service_chosen.connect(lambda sid: s(lambda: session.start(sid)))
            p.home.feedback.connect(say)   # a page turned, a category opened or left
        elif name == "consent":
            p.consent.accepted.connect(lambda: s(session.accept_consent))
            p.consent.declined.connect(lambda: s(session.decline_consent))
        elif name == "sensitive":
            p.sensitive.accepted.connect(lambda: s(session.accept_sensitive_consent))
            p.sensitive.declined.connect(lambda: s(session.decline_consent))
            p.sensitive.back_requested.connect(lambda: s(session.back))
        elif name == "question":
            p.question.answered.connect(lambda raw: s(lambda: session.answer(raw)))
            p.question.skipped.connect(lambda: s(lambda: session.answer(None)))
            p.question.back_requested.connect(lambda: s(session.back))
            p.question.feedback.connect(say)
        elif name == "review":
            p.review.edit_requested.connect(lambda fid: s(lambda: session.edit(fid)))
            p.review.back_requested.connect(lambda: s(session.back))
            p.review.submit_requested.connect(self.submit)
            p.review.feedback.connect(say)

    def new_resident(self) -> None:
        """Nothing: the session starts the next resident afresh itself."""

    # -- the counter's notice, after a declined consent --------------------------------------
    def with_declined_notice(self, view: SessionView) -> SessionView:
        """The counter is offered once, after a decline; gone after the next touch or key."""
        if view.step is not Step.HOME or not view.declined:
            self._declined_notice = "none"
        elif self._declined_notice == "none":
            self._declined_notice = "showing"
        elif self._declined_notice == "dismissed":
            view = dataclasses.replace(view, declined=False)
        return view

    def dismiss_declined_notice(self) -> None:
        if self._declined_notice == "showing":
            self._declined_notice = "dismissed"
            self._shell.pages.home.dismiss_notice()

    # -- saving ------------------------------------------------------------------------------
    def submit(self) -> None:
        session = self._shell.session
        try:
            submission = session.begin_submit()
        except InvalidEvent as exc:  # a second tap while saving, or a missing answer
            log.info("submit not possible now: %s", exc)
            return
        language, save = self._shell.ctx.language, self._save
        self._shell.tasks.run(lambda: save(submission, language), self._saved, self._save_failed)

    def _saved(self, receipt: Receipt) -> None:
        self._shell.session.submit_succeeded(receipt)
        QTimer.singleShot(0, self._shell.host, release_freed_memory)   # after the receipt shows
        if self._on_saved is not None:
            try:
                self._on_saved()
            except Exception:  # waking the sender must never spoil the resident's receipt
                log.exception("on_saved callback failed")

    def _save_failed(self, error: Exception) -> None:
        log.error("saving the application failed: %s", error, exc_info=error)
        self._shell.session.submit_failed(failure_message_key(error))
