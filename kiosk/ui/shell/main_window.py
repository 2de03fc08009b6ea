"""The kiosk window: top bar over a stack of pages, driven by the core's ResidentSession.

The window is a composition: a small shell (pages, session, task runner, overlay host, speech,
the current UI context; kiosk/ui/shell/shell.py) and the features built on it
(kiosk/ui/features/: the resident's flow, help and time-outs, volunteers, 查进度 and 好差评,
receipts, 村民议事), each handed what it needs. Each wires its own pages as they are built and
forgets its resident when home is back. The session's `on_change` re-renders whichever screen
matches the new step, and every screen is spoken as it appears. Each new resident starts with
the settings' language, colours, text size and speech (`ResidentDefaults`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.domain.catalog import Catalog
from kiosk.domain.session import ResidentSession, SessionView, Step
from kiosk.hall_time import HallTime
from kiosk.i18n import LANGUAGES, Translator
from kiosk.speech.api import SilentSpeaker
from kiosk.store.thread import close_stores
from kiosk.ui.bridges.speech_bridge import SpeechBridge
from kiosk.ui.bridges.tasks import TaskRunner
from kiosk.ui.features.consultations import Consultations
from kiosk.ui.features.help import HelpAndTimeouts, VolunteerFn
from kiosk.ui.features.receipts import ReceiptPrinting
from kiosk.ui.features.resident_flow import ResidentFlow
from kiosk.ui.features.status_rating import StatusAndRating
from kiosk.ui.features.volunteer import VolunteerAccess, VolunteerMode
from kiosk.ui.look.memory import release_freed_memory
from kiosk.ui.look.qt_compat import emit
from kiosk.ui.look.theme import COLOUR_THEMES, TEXT_SIZES, Theme, stylesheet, theme_for
from kiosk.ui.operations.saving import SaveFn
from kiosk.ui.screens.base import Screen
from kiosk.ui.shell.context import ResidentDefaults, UiContext
from kiosk.ui.shell.idle import IdleWatch
from kiosk.ui.shell.keyboard import InputFilter, KeyActions
from kiosk.ui.shell.pages import RESIDENT_PAGES, Pages
from kiosk.ui.shell.scanner import ScannerFilter
from kiosk.ui.shell.shell import Feature, Shell
from kiosk.ui.shell.status_line import StatusLine
from kiosk.ui.widgets.top_bar import TopBar


class MainWindow(QWidget):
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
        self.defaults, self.db_path, self._volunteer_access = d, db_path, volunteers
        self._pending_catalog: Catalog | None = None
        self.tasks = tasks or TaskRunner(parent=self)
        self.speech = speech or SpeechBridge(lambda cb: SilentSpeaker(cb), threaded=False,
                                             parent=self)
        hall = hall or HallTime()   # the hall's zone and clock: every time and "today" shown
        today = today or hall.today
        ctx = UiContext(Translator(d.language), theme_for(d.theme, d.text_size), today,
                        d.private_listening, hall)

        self.top_bar = TopBar(hall_name, now=hall.now)
        self.top_bar.language_toggled.connect(self.toggle_language)
        self.top_bar.text_size_clicked.connect(self.next_text_size)
        self.top_bar.contrast_clicked.connect(self.toggle_contrast)
        self.top_bar.help_clicked.connect(self.open_help)
        self.banner = self.top_bar.volunteer
        self.status_line = StatusLine(self.top_bar, self.speech)
        self.speech.problem_changed.connect(lambda _p: self._show_status())
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
        self.setStyleSheet(stylesheet(ctx.theme))

        self.session = ResidentSession(catalog, today=today, on_change=self._render)
        self.shell = Shell(self, self.stack, self.session, self.tasks, self.speech, ctx, catalog,
                           on_overlay_closed=lambda: self._render(self.session.view))
        self.idle = IdleWatch(d.idle_timeout_s, d.idle_warning_s, tick_ms=idle_tick_ms,
                              parent=self)
        self.features: list[Feature] = self._compose(save, on_saved, record_volunteer,
                                                     volunteers, db_path)
        self._build_pages(ctx.theme)

        self.keys = InputFilter(self, KeyActions(
            activity=self.help.activity, help=self.open_help, repeat=self.repeat,
            back=self._key_back, focused=self.help.focused, type_char=self.help.type_char,
            backspace=self.help.backspace, page=self.visible_page, bar=lambda: self.top_bar))
        self.scanner = ScannerFilter(self.status_rating.status_lookup_open,
                                     self.status_rating.scanned, parent=self)
        if not defer_input_filters:
            self.install_input_filters()

        self._last_step = Step.HOME
        self.setWindowTitle(ctx.t("ui.app.title"))
        self.top_bar.show_context(ctx)
        self._show_status()
        self._render(self.session.view)
        # notices and consultation results: home, sync, quiet spells
        self.consultations.watch(self.view_changed, self.idle.warn)
        self.idle.start()

    def _compose(self, save: SaveFn, on_saved: Callable[[], None] | None,
                 record_volunteer: VolunteerFn | None, volunteers: VolunteerAccess | None,
                 db_path: Path | None) -> list[Feature]:
        """The features, each given the shell and what it alone needs; in the order they wire
        a newly built page and forget a resident."""
        shell = self.shell
        self.flow = ResidentFlow(shell, save, on_saved)
        self.volunteer_mode = VolunteerMode(shell, volunteers)
        self.status_rating = StatusAndRating(shell, db_path)
        self.help = HelpAndTimeouts(
            shell, speech=self.speech, idle=self.idle, flow=self.flow,
            volunteers=self.volunteer_mode, rating=self.status_rating,
            record_volunteer=record_volunteer,
            on_volunteer_recorded=lambda number: emit(self.volunteer_recorded, number),
            settings_look=self._settings_look)
        self.receipts = ReceiptPrinting(shell, db_path, self.volunteer_mode)
        self.consultations = Consultations(shell, db_path)
        return [self.flow, self.help, self.volunteer_mode, self.status_rating, self.receipts,
                self.consultations]

    def install_input_filters(self) -> None:
        """The key and scanner filters, on the application (every widget's keys and touches).

        `start_kiosk` calls this once the window is shown, before any input can arrive: an
        application-wide filter called for every event of building and showing the window
        slows start-up (docs/benchmarks.md, start-up)."""
        app = QApplication.instance()
        if app is not None:
            # The scanner filter is installed after the key filter, so it sees each key first
            # (a scanner's Enter).
            app.installEventFilter(self.keys)
            app.installEventFilter(self.scanner)
            self.keys.watch_focus(app)   # a page whose focused control goes keeps a focus

    # -- what the window offers: pages, keys, help ------------------------------------------
    pages = property(lambda self: self.shell.pages)
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

    @property
    def ctx(self) -> UiContext:
        return self.shell.ctx

    @property
    def catalog(self) -> Catalog:
        return self.shell.catalog

    def current_screen(self) -> Screen:
        return self.shell.current_screen()

    def visible_page(self) -> Screen:
        return self.shell.visible_page()

    @Slot()
    def open_help(self) -> None:
        self.help.open_help()

    @Slot()
    def close_overlay(self) -> None:
        self.shell.overlay.close()

    def go_back(self) -> None:
        self.help.go_back()

    def show_timeout_warning(self) -> None:
        """What a quiet spell leads to, at once (the tour and tests)."""
        self.help.show_timeout_warning()

    @Slot()
    def submit(self) -> None:
        self.flow.submit()

    # What the bench, the tour and tests drive, under the names the window has always had.
    volunteer = property(lambda self: self.volunteer_mode.volunteer)   # who is helping
    sign_out_volunteer = property(lambda self: self.volunteer_mode.sign_out)
    call_volunteer = property(lambda self: self.help.call_volunteer)
    extend_time = property(lambda self: self.help.extend_time)
    finish_receipt = property(lambda self: self.status_rating.finish_receipt)
    rate = property(lambda self: self.status_rating.rate)
    finish_service = property(lambda self: self.status_rating.finish_service)
    open_volunteer_today = property(lambda self: self.receipts.open_volunteer_today)
    refresh_board = property(lambda self: self.consultations.refresh_board)
    show_board = property(lambda self: self.consultations.show_board)
    has_voted = property(lambda self: self.consultations.has_voted)
    open_consultation_list = property(lambda self: self.consultations.open_consultation_list)
    show_consultation_results = property(
        lambda self: self.consultations.show_consultation_results)

    def say(self, text: str) -> None:
        self.shell.say(text)

    @Slot()
    def repeat(self) -> None:
        self.say(self.visible_page().spoken(self.ctx))

    def _key_back(self) -> None:
        """Esc: out of a category of services back to all of them, else the usual Back."""
        if (self.shell.overlay.page is None and self.session.step is Step.HOME
                and self.home.back_out()):
            return
        self.help.go_back()

    # -- pages and rendering -----------------------------------------------------------------
    def _build_pages(self, theme: Theme) -> None:
        """Home now; every other page is wired by `_page_built` when it is first shown."""
        pages = Pages(self.catalog, theme, self.stack)
        self.shell.pages = pages
        self._page_built("home", pages.home)
        pages.on_built = self._page_built

    def _page_built(self, name: str, page: Screen) -> None:
        page.bar.repeat_clicked.connect(self.repeat)
        for feature in self.features:
            feature.page_built(name, page)

    def _render(self, view: SessionView, *, speak: bool = True) -> None:
        screen = self.pages.for_step(view.step)
        previous = self.pages.built_for_step(self._last_step)
        if previous is not None and previous is not screen:
            previous.leave()  # even from under an overlay: nothing personal stays behind
        if view.step is Step.HOME and self._last_step is not Step.HOME:
            self._new_resident()
            screen = self.pages.for_step(view.step)
        self._last_step = view.step
        self.shell.overlay.clear(screen)
        view = self.flow.with_declined_notice(view)
        self.top_bar.show_volunteer(self.ctx, self.volunteer_mode.banner_name())
        screen.show_view(view, self.ctx)
        screen.bar.set_repeat(self.ctx.t("ui.nav.repeat"), self.ctx.t("ui.nav.repeat_name"))
        self.stack.setCurrentWidget(screen)
        screen.relayout()
        screen.scroller.verticalScrollBar().setValue(0)
        screen.take_focus()   # its main content, named, so Enter acts on it at once
        if speak:
            self.say(screen.spoken(self.ctx))
        emit(self.view_changed, view)

    def _refresh(self, speak: bool = True) -> None:
        self.setWindowTitle(self.ctx.t("ui.app.title"))
        self.top_bar.show_context(self.ctx)
        self._show_status()
        self._render(self.session.view, speak=speak)

    # -- residents and settings --------------------------------------------------------------
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
        self.shell.catalog = self.session.catalog = catalog
        self.pages.remove(self.stack)
        self._build_pages(self.ctx.theme)
        self._refresh(speak=False)

    def _new_resident(self) -> None:
        """Back home after a session: the next resident starts from the settings again."""
        self._apply_pending_catalog()
        d = self.defaults
        self.speech.stop()
        self.speech.reset_for_new_resident()
        for feature in self.features:
            feature.new_resident()
        self.shell.ctx = UiContext(Translator(d.language), self.ctx.theme, self.ctx.today,
                                   d.private_listening, self.ctx.hall)
        self._set_look(theme_for(d.theme, d.text_size), rerender=False)
        self.top_bar.show_context(self.ctx)
        self.setWindowTitle(self.ctx.t("ui.app.title"))
        self._show_status()
        QTimer.singleShot(0, self, self._tidy_after_resident)

    def _settings_look(self) -> None:
        """A quiet spell at home: the settings' language and look, if a resident changed them."""
        d = self.defaults
        if self.ctx.theme != theme_for(d.theme, d.text_size) or self.ctx.language != d.language:
            self._new_resident()
            self._refresh(speak=False)

    def _tidy_after_resident(self) -> None:
        """Home again: the pages of one application go (built again for the next resident)
        and the heap they used is handed back (kiosk/ui/look/memory.py)."""
        if self.session.step is Step.HOME:
            self.pages.drop(RESIDENT_PAGES, keep=self.shell.overlay.page)
        release_freed_memory()

    # -- the resident's own settings: language, text size, colours ---------------------------
    def set_language(self, language: str) -> None:
        if language == self.ctx.language:
            return
        ctx = self.ctx
        self.shell.ctx = UiContext(Translator(language), ctx.theme, ctx.today,
                                   ctx.private_listening, ctx.hall)
        self._refresh()

    @Slot()
    def toggle_language(self) -> None:
        index = LANGUAGES.index(self.ctx.language) if self.ctx.language in LANGUAGES else 0
        self.set_language(LANGUAGES[(index + 1) % len(LANGUAGES)])

    @Slot()
    def next_text_size(self) -> None:
        size = TEXT_SIZES[(TEXT_SIZES.index(self.ctx.theme.size) + 1) % len(TEXT_SIZES)]
        self._set_look(theme_for(self.ctx.theme.name, size))
        self.say(self.ctx.t("ui.top.text_size_now", size=self.ctx.t(f"ui.top.size_{size}")))

    @Slot()
    def toggle_contrast(self) -> None:
        name = COLOUR_THEMES[(COLOUR_THEMES.index(self.ctx.theme.name) + 1) % 2]
        self._set_look(theme_for(name, self.ctx.theme.size))
        self.say(self.ctx.t(f"ui.top.contrast_{name}"))

    def set_look(self, colours: str, size: str) -> None:
        self._set_look(theme_for(colours, size))

    def _set_look(self, theme: Theme, *, rerender: bool = True) -> None:
        """Rebuild every page for `theme`; what is typed on the current question stays."""
        if theme == self.ctx.theme:
            return
        entry = self.question.input.raw_value() if (
            rerender and self.session.step is Step.QUESTION and self.question.input) else None
        in_help = self.shell.showing("help")
        ctx = self.ctx
        self.shell.ctx = UiContext(ctx.tr, theme, ctx.today, ctx.private_listening, ctx.hall)
        self.pages.remove(self.stack)
        self._build_pages(theme)
        self.setStyleSheet(stylesheet(theme))
        if rerender:
            self._refresh(speak=False)
            if entry is not None and self.question.input is not None:
                self.question.input.set_raw(entry)
            if in_help:
                self.help.open_help()

    # -- status for the technician -----------------------------------------------------------
    @Slot(object)
    def set_sync_status(self, status: object) -> None:
        self.status_line.sync_status = status
        self._show_status()
        self.consultations.refresh_board()   # the sync may have pulled new notices or results

    def _show_status(self) -> None:
        self.status_line.show(self.ctx)

    def shutdown(self, wait_msecs: int = 10000) -> None:
        """Let a save in progress finish before the window goes (called at exit and in tests)."""
        self.idle.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.keys)
            app.removeEventFilter(self.scanner)
            self.keys.unwatch_focus(app)
        self.tasks.wait(wait_msecs)
        close_stores(wait_msecs / 1000)   # the store thread's connection (kiosk/store/thread)
        access = self._volunteer_access
        if access is not None and access.audit is not None:
            access.audit.flush(wait_msecs / 1000)
        self.speech.close()
