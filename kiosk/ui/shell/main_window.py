"""The kiosk window: top bar over a stack of pages, driven by the core's ResidentSession.

Screens send events here; this window forwards them to the session; the session's `on_change`
re-renders whichever screen matches the new step, and every screen is spoken as it appears.
Help, the time-out warning and the volunteer sign-in are pages over the current screen. Saving,
recording a volunteer call and checking a badge code run on a worker via `TaskRunner`; audit
entries go through `AuditTrail`'s own worker. Each new resident starts with the settings'
language, colours, text size and speech (`ResidentDefaults`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.domain.catalog import Catalog
from kiosk.domain.receipts import Receipt
from kiosk.domain.session import InvalidEvent, ResidentSession, SessionView, Step
from kiosk.hall_time import HallTime
from kiosk.i18n import LANGUAGES, Translator
from kiosk.speech.api import SilentSpeaker
from kiosk.store.thread import close_stores
from kiosk.ui.bridges.speech_bridge import SpeechBridge
from kiosk.ui.bridges.tasks import TaskRunner
from kiosk.ui.features.consultations import ConsultationsMode
from kiosk.ui.features.help import HelpAndTimeouts, VolunteerFn
from kiosk.ui.features.receipts import ReceiptPrinting
from kiosk.ui.features.resident_flow import wire_page
from kiosk.ui.features.status_rating import FeedbackMode
from kiosk.ui.features.volunteer import SignInGuard, VolunteerAccess, VolunteerMode
from kiosk.ui.look.memory import release_freed_memory
from kiosk.ui.look.qt_compat import emit
from kiosk.ui.look.theme import COLOUR_THEMES, TEXT_SIZES, Theme, stylesheet, theme_for
from kiosk.ui.operations.saving import SaveFn, failure_message_key
from kiosk.ui.screens.base import Screen
from kiosk.ui.shell.context import ResidentDefaults, UiContext
from kiosk.ui.shell.idle import IdleWatch
from kiosk.ui.shell.keyboard import InputFilter, KeyActions
from kiosk.ui.shell.pages import RESIDENT_PAGES, Pages
from kiosk.ui.shell.scanner import ScannerFilter
from kiosk.ui.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from kiosk.privacy.volunteers import Volunteer

log = logging.getLogger(__name__)


class MainWindow(HelpAndTimeouts, VolunteerMode, FeedbackMode, ReceiptPrinting,
                 ConsultationsMode, QWidget):
    view_changed = Signal(object)  # SessionView, after the screen has been rendered
    volunteer_recorded = Signal(int)

    def __init__(self, catalog: Catalog, save: SaveFn, *, language: str | None = None,
                 hall_name: str | None = None, on_saved: Callable[[], None] | None = None,
                 theme: Theme | None = None, today: Callable[[], dt.date] | None = None,
                 tasks: TaskRunner | None = None, defaults: ResidentDefaults | None = None,
                 speech: SpeechBridge | None = None, record_volunteer: VolunteerFn | None = None,
                 volunteers: VolunteerAccess | None = None, db_path: Path | None = None,
                 idle_tick_ms: int = 1000, defer_input_filters: bool = False,
                 hall: HallTime | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KioskRoot")
        d = defaults or ResidentDefaults()
        if language is not None or theme is not None:
            d = ResidentDefaults(language or d.language, theme.name if theme else d.theme,
                                 theme.size if theme else d.text_size, d.private_listening,
                                 d.idle_timeout_s, d.idle_warning_s)
        self.defaults, self.catalog = d, catalog
        self.db_path = db_path   # status look-up and ratings (their own connection, on a worker)
        self._pending_catalog: Catalog | None = None
        self._save, self._on_saved, self._record_volunteer = save, on_saved, record_volunteer
        self.tasks = tasks or TaskRunner(parent=self)
        self.speech = speech or SpeechBridge(lambda cb: SilentSpeaker(cb), threaded=False,
                                             parent=self)
        self.speech.problem_changed.connect(lambda _p: self._show_status())
        self._sync_status: Any = None
        hall = hall or HallTime()   # the hall's zone and clock: every time and "today" shown
        today = today or hall.today
        self._ctx = UiContext(Translator(d.language), theme_for(d.theme, d.text_size), today,
                              d.private_listening, hall)
        self._overlay: Screen | None = None
        self.volunteer_access = volunteers
        self.volunteer: Volunteer | None = None
        self.sign_in_guard = SignInGuard(volunteers.clock if volunteers else time.monotonic)
        self._declined_notice = "none"   # none → showing → dismissed (at the next touch)

        self.top_bar = TopBar(hall_name, now=hall.now)
        self.top_bar.language_toggled.connect(self.toggle_language)
        self.top_bar.text_size_clicked.connect(self.next_text_size)
        self.top_bar.contrast_clicked.connect(self.toggle_contrast)
        self.top_bar.help_clicked.connect(self.open_help)
        self.banner = self.top_bar.volunteer
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The window covers the screen it is on; its content is laid out to fit that screen
        # (tests/ui/test_layout_sizes.py). A minimum size taken from the content would stop
        # full screen on a smaller screen and, changed at every page or text size, asks the
        # platform to take new size hints each time (offscreen: "does not support
        # propagateSizeHints()").
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self.top_bar)
        layout.addWidget(self.stack, 1)
        # The style sheet before the pages: set after, it re-polished the built home screen.
        self.setStyleSheet(stylesheet(self._ctx.theme))
        self.pages = self._build_pages(self._ctx.theme)

        self.idle = IdleWatch(d.idle_timeout_s, d.idle_warning_s, tick_ms=idle_tick_ms,
                              parent=self)
        self.idle.warn.connect(self._idle_warning)
        self.idle.tick.connect(self._tick)
        self.idle.expired.connect(self._idle_expired)
        self.keys = InputFilter(self, KeyActions(
            activity=self._activity, help=self.open_help, repeat=self.repeat, back=self._key_back,
            focused=self._focused, type_char=self._type_char, backspace=self._backspace,
            page=self.visible_page, bar=lambda: self.top_bar))
        self.scanner = ScannerFilter(self.status_lookup_open, self.scanned, parent=self)
        if not defer_input_filters:
            self.install_input_filters()

        self.session = ResidentSession(catalog, today=today, on_change=self._render)
        self._last_step = Step.HOME
        self.setWindowTitle(self._ctx.t("ui.app.title"))
        self.top_bar.show_context(self._ctx)
        self._show_status()
        self._render(self.session.view)
        self._watch_board()   # notices and consultation results: home, sync, quiet spells
        self.idle.start()

    def _key_back(self) -> None:
        """Esc: out of a category of services back to all of them, else the usual Back."""
        if self._overlay is None and self.session.step is Step.HOME and self.home.back_out():
            return
        self.go_back()

    def install_input_filters(self) -> None:
        """The key and scanner filters, on the application (every widget's keys and touches).

        `start_kiosk` builds the window with `defer_input_filters=True` and calls this once the
        window is shown, before the event loop runs (so before any input can arrive): an
        application-wide Python filter is called for every event of building and showing the
        window, ~60 ms of start-up (docs/benchmarks.md, start-up)."""
        app = QApplication.instance()
        if app is not None:
            # The scanner filter is installed after the key filter, so it sees each key first
            # (a scanner's Enter).
            app.installEventFilter(self.keys)
            app.installEventFilter(self.scanner)
            self.keys.watch_focus(app)   # a page whose focused control goes keeps a focus

    # -- pages -------------------------------------------------------------------------------
    home = property(lambda self: self.pages.home)
    consent = property(lambda self: self.pages.consent)
    sensitive_consent = property(lambda self: self.pages.sensitive)
    question = property(lambda self: self.pages.question)
    review = property(lambda self: self.pages.review)
    receipt = property(lambda self: self.pages.receipt)
    help_panel = property(lambda self: self.pages.help)
    timeout_panel = property(lambda self: self.pages.timeout)
    volunteer_page = property(lambda self: self.pages.volunteer)
    status_page = property(lambda self: self.pages.status)
    rating_page = property(lambda self: self.pages.rating)

    def _build_pages(self, theme: Theme) -> Pages:
        """Home now; every other page is wired by `_page_built` when it is first shown."""
        pages = Pages(self.catalog, theme, self.stack)
        self.pages = pages
        self._page_built("home", pages.home)
        pages.on_built = self._page_built
        return pages

    def _page_built(self, name: str, page: Screen) -> None:
        wire_page(self, name, page)

    def _tick(self, left: int) -> None:
        if self.pages.shown(self._overlay, "timeout"):
            self.pages.timeout.set_remaining(left)

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
        return self.pages.for_step(self.session.step)

    def visible_page(self) -> Screen:
        return self._overlay or self.current_screen()

    def _render(self, view: SessionView, *, speak: bool = True) -> None:
        screen = self.pages.for_step(view.step)
        previous = self.pages.built_for_step(self._last_step)
        if previous is not None and previous is not screen:
            previous.leave()  # even from under an overlay: nothing personal stays behind
        if view.step is Step.HOME and self._last_step is not Step.HOME:
            self._new_resident()
            screen = self.pages.for_step(view.step)
        self._last_step = view.step
        if self._overlay is not None and self._overlay is not screen:
            self._overlay.leave()   # a half-typed badge code goes with the overlay
        self._overlay = None
        view = self._with_declined_notice(view)
        self._show_banner()
        screen.show_view(view, self._ctx)
        screen.bar.set_repeat(self._ctx.t("ui.nav.repeat"), self._ctx.t("ui.nav.repeat_name"))
        self.stack.setCurrentWidget(screen)
        screen.relayout()
        screen.scroller.verticalScrollBar().setValue(0)
        screen.take_focus()   # its main content, named, so Enter acts on it at once
        if speak:
            self.say(screen.spoken(self._ctx))
        emit(self.view_changed, view)

    def _with_declined_notice(self, view: SessionView) -> SessionView:
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
            self.home.dismiss_notice()

    def say(self, text: str) -> None:
        self.speech.say(text, self._ctx.language)

    @Slot()
    def repeat(self) -> None:
        self.say(self.visible_page().spoken(self._ctx))

    def apply_defaults(self, defaults: ResidentDefaults) -> None:
        """New settings for every resident from now on (and for the screen shown now)."""
        self.defaults = defaults
        self._new_resident()
        self._refresh(speak=False)

    def set_catalog(self, catalog: Catalog) -> None:
        """A new catalog from the central: shown at once on the home screen; a resident midway
        through a form keeps the version they started with, and the next one gets the new."""
        self._pending_catalog = catalog
        if self.session.step is Step.HOME:
            self._apply_pending_catalog()

    def _apply_pending_catalog(self) -> None:
        catalog, self._pending_catalog = self._pending_catalog, None
        if catalog is None or catalog.version == self.catalog.version:
            return
        self.catalog = self.session.catalog = catalog
        self.pages.remove(self.stack)
        self._build_pages(self._ctx.theme)
        self._refresh(speak=False)

    def _new_resident(self) -> None:
        """Back home after a session: the next resident starts from the settings again."""
        self._apply_pending_catalog()
        d = self.defaults
        self.speech.stop()
        self.speech.reset_for_new_resident()
        if self.pages.is_built("help"):
            self.pages.help.reset()
        self.forget_votes()   # the next resident may vote in 村民议事 again
        self._ctx = UiContext(Translator(d.language), self._ctx.theme, self._ctx.today,
                              d.private_listening, self._ctx.hall)
        self._set_look(theme_for(d.theme, d.text_size), rerender=False)
        self.top_bar.show_context(self._ctx)
        self.setWindowTitle(self._ctx.t("ui.app.title"))
        self._show_status()
        QTimer.singleShot(0, self, self._tidy_after_resident)

    def _tidy_after_resident(self) -> None:
        """Home again: the pages of one application go (built again for the next resident)
        and the heap they used is handed back (kiosk/ui/look/memory.py)."""
        if self.session.step is Step.HOME:
            self.pages.drop(RESIDENT_PAGES, keep=self._overlay)
        release_freed_memory()

    # -- the resident's own settings: language, text size, colours ---------------------------
    def set_language(self, language: str) -> None:
        if language == self._ctx.language:
            return
        self._ctx = UiContext(Translator(language), self._ctx.theme, self._ctx.today,
                              self._ctx.private_listening, self._ctx.hall)
        self._refresh()

    @Slot()
    def toggle_language(self) -> None:
        index = LANGUAGES.index(self._ctx.language) if self._ctx.language in LANGUAGES else 0
        self.set_language(LANGUAGES[(index + 1) % len(LANGUAGES)])

    @Slot()
    def next_text_size(self) -> None:
        size = TEXT_SIZES[(TEXT_SIZES.index(self._ctx.theme.size) + 1) % len(TEXT_SIZES)]
        self._set_look(theme_for(self._ctx.theme.name, size))
        self.say(self._ctx.t("ui.top.text_size_now", size=self._ctx.t(f"ui.top.size_{size}")))

    @Slot()
    def toggle_contrast(self) -> None:
        name = COLOUR_THEMES[(COLOUR_THEMES.index(self._ctx.theme.name) + 1) % 2]
        self._set_look(theme_for(name, self._ctx.theme.size))
        self.say(self._ctx.t(f"ui.top.contrast_{name}"))

    def set_look(self, colours: str, size: str) -> None:
        self._set_look(theme_for(colours, size))

    def _set_look(self, theme: Theme, *, rerender: bool = True) -> None:
        """Rebuild every page for `theme`; what is typed on the current question stays."""
        if theme == self._ctx.theme:
            return
        entry = self.question.input.raw_value() if (
            rerender and self.session.step is Step.QUESTION and self.question.input) else None
        in_help = self.pages.shown(self._overlay, "help")
        self._ctx = UiContext(self._ctx.tr, theme, self._ctx.today, self._ctx.private_listening,
                              self._ctx.hall)
        self.pages.remove(self.stack)
        self._build_pages(theme)
        self.setStyleSheet(stylesheet(theme))
        if rerender:
            self._refresh(speak=False)
            if entry is not None and self.question.input is not None:
                self.question.input.set_raw(entry)
            if in_help:
                self.open_help()

    def _refresh(self, speak: bool = True) -> None:
        self.setWindowTitle(self._ctx.t("ui.app.title"))
        self.top_bar.show_context(self._ctx)
        self._show_status()
        self._render(self.session.view, speak=speak)

    # -- status for the technician -----------------------------------------------------------
    @Slot(object)
    def set_sync_status(self, status: object) -> None:
        self._sync_status = status
        self._show_status()
        self.refresh_board()   # the sync may have pulled new notices or results

    def _show_status(self) -> None:
        parts = []
        if self._sync_status is not None:
            from kiosk.ui.bridges.sync_bridge import (
                describe_status,  # sync starts after the first frame
            )

            parts.append(describe_status(self._sync_status, self._ctx.tr))
        if self.speech.problem:
            parts.append(self.speech.resident_notice(self._ctx.t))
        self.top_bar.set_status("\n".join(parts))

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
        QTimer.singleShot(0, self, release_freed_memory)   # after the receipt is on screen
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
        self.idle.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.keys)
            app.removeEventFilter(self.scanner)
            self.keys.unwatch_focus(app)
        self.tasks.wait(wait_msecs)
        close_stores(wait_msecs / 1000)   # the store thread's connection (kiosk/store_thread)
        if self.volunteer_access is not None and self.volunteer_access.audit is not None:
            self.volunteer_access.audit.flush(wait_msecs / 1000)
        self.speech.close()
