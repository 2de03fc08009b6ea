"""The kiosk window: top bar over a stack of screens, driven by the core's ResidentSession.

Screens send events here; this window forwards them to the session; the session's `on_change`
re-renders whichever screen matches the new step. Saving runs on a worker via `TaskRunner`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.catalog import Catalog
from kiosk.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from kiosk.receipts import Receipt
from kiosk.session import InvalidEvent, ResidentSession, SessionView, Step
from kiosk.ui.context import UiContext
from kiosk.ui.saving import SaveFn, failure_message_key
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.consent import ConsentScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.question import QuestionScreen
from kiosk.ui.screens.receipt import ReceiptScreen
from kiosk.ui.screens.review import ReviewScreen
from kiosk.ui.sync_bridge import describe_status
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.theme import STANDARD, Theme, stylesheet
from kiosk.ui.widgets.top_bar import TopBar

log = logging.getLogger(__name__)


class MainWindow(QWidget):
    view_changed = Signal(object)  # SessionView, after the screen has been rendered

    def __init__(self, catalog: Catalog, save: SaveFn, *, language: str = DEFAULT_LANGUAGE,
                 hall_name: str | None = None, on_saved: Callable[[], None] | None = None,
                 theme: Theme = STANDARD, today: Callable[[], dt.date] = dt.date.today,
                 tasks: TaskRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KioskRoot")
        self.setStyleSheet(stylesheet(theme))
        self._save = save
        self._on_saved = on_saved
        self._ctx = UiContext(Translator(language), theme, today)
        self.tasks = tasks or TaskRunner(parent=self)
        self._sync_status: Any = None
        self.setWindowTitle(self._ctx.t("ui.app.title"))

        self.top_bar = TopBar(hall_name)
        self.top_bar.language_toggled.connect(self.toggle_language)
        self.home = HomeScreen(catalog, theme)
        self.consent = ConsentScreen(theme)
        self.question = QuestionScreen(theme)
        self.review = ReviewScreen(theme)
        self.receipt = ReceiptScreen(theme)
        self._screens: dict[Step, Screen] = {
            Step.HOME: self.home, Step.CONSENT: self.consent, Step.QUESTION: self.question,
            Step.REVIEW: self.review, Step.SAVING: self.review, Step.RECEIPT: self.receipt}
        self.stack = QStackedWidget()
        for screen in (self.home, self.consent, self.question, self.review, self.receipt):
            self.stack.addWidget(screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.top_bar)
        layout.addWidget(self.stack, 1)
        self._connect_screens()

        self.session = ResidentSession(catalog, today=today, on_change=self._render)
        self.top_bar.show_context(self._ctx)
        self._render(self.session.view)

    # -- wiring ------------------------------------------------------------------------------
    def _connect_screens(self) -> None:
        s = self._event
        self.home.service_chosen.connect(lambda sid: s(lambda: self.session.start(sid)))
        self.consent.accepted.connect(lambda: s(self.session.accept_consent))
        self.consent.declined.connect(lambda: s(self.session.decline_consent))
        self.question.answered.connect(lambda raw: s(lambda: self.session.answer(raw)))
        self.question.skipped.connect(lambda: s(lambda: self.session.answer(None)))
        self.question.back_requested.connect(lambda: s(self.session.back))
        self.review.edit_requested.connect(lambda fid: s(lambda: self.session.edit(fid)))
        self.review.back_requested.connect(lambda: s(self.session.back))
        self.review.submit_requested.connect(self.submit)
        self.receipt.done.connect(lambda: s(self.session.reset))

    def _event(self, send: Callable[[], object]) -> None:
        """Forward one event; a stale tap (double tap during a change) is ignored, not fatal."""
        try:
            send()
        except InvalidEvent as exc:
            log.info("ignored event: %s", exc)

    # -- rendering ---------------------------------------------------------------------------
    @property
    def ctx(self) -> UiContext:
        return self._ctx

    def current_screen(self) -> Screen:
        return self._screens[self.session.step]

    def _render(self, view: SessionView) -> None:
        screen = self._screens[view.step]
        previous = self.stack.currentWidget()
        if previous is not screen and isinstance(previous, Screen):
            previous.leave()
        screen.show_view(view, self._ctx)
        self.stack.setCurrentWidget(screen)
        if not screen.focus_first():
            screen.setFocus()
        self.view_changed.emit(view)

    def set_language(self, language: str) -> None:
        if language == self._ctx.language:
            return
        self._ctx = UiContext(Translator(language), self._ctx.theme, self._ctx.today)
        self.setWindowTitle(self._ctx.t("ui.app.title"))
        self.top_bar.show_context(self._ctx)
        self._show_sync_status()
        self._render(self.session.view)

    @Slot()
    def toggle_language(self) -> None:
        index = LANGUAGES.index(self._ctx.language) if self._ctx.language in LANGUAGES else 0
        self.set_language(LANGUAGES[(index + 1) % len(LANGUAGES)])

    @Slot(object)
    def set_sync_status(self, status: object) -> None:
        self._sync_status = status
        self._show_sync_status()

    def _show_sync_status(self) -> None:
        if self._sync_status is not None:
            self.top_bar.set_status(describe_status(self._sync_status, self._ctx.tr))
        else:
            self.top_bar.set_status("")

    # -- saving ------------------------------------------------------------------------------
    @Slot()
    def submit(self) -> None:
        try:
            submission = self.session.begin_submit()
        except InvalidEvent as exc:  # a second tap while saving, or a missing answer
            log.info("submit not possible now: %s", exc)
            return
        language, save = self._ctx.language, self._save
        self.tasks.run(lambda: save(submission, language), self._saved, self._save_failed)

    def _saved(self, receipt: Receipt) -> None:
        self.session.submit_succeeded(receipt)
        if self._on_saved is not None:
            try:
                self._on_saved()
            except Exception:  # waking the sender must never spoil the resident's receipt
                log.exception("on_saved callback failed")

    def _save_failed(self, error: Exception) -> None:
        log.error("saving the application failed: %s", error, exc_info=error)
        self.session.submit_failed(failure_message_key(error))

    def shutdown(self, wait_msecs: int = 10000) -> None:
        """Let a save in progress finish before the window goes (called at exit and in tests)."""
        self.tasks.wait(wait_msecs)
