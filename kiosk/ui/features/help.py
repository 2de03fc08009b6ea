"""Help, calling a volunteer, the time-out warning and the EZ-Access keys, for MainWindow.

A mixin, so the window file stays about the flow: these methods use the window's pages,
session, speech, idle watch and task runner, declared below for the type checker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.domain.session import ResidentSession, SessionView, Step
from kiosk.ui.bridges.speech_bridge import SpeechBridge
from kiosk.ui.bridges.tasks import TaskRunner
from kiosk.ui.look.qt_compat import emit
from kiosk.ui.look.theme import theme_for
from kiosk.ui.screens.base import Screen
from kiosk.ui.shell.context import ResidentDefaults, UiContext
from kiosk.ui.shell.idle import IdleWatch
from kiosk.ui.shell.pages import Pages

log = logging.getLogger(__name__)
VolunteerFn = Callable[[str, str | None], int]

if TYPE_CHECKING:
    from kiosk.privacy.volunteers import Volunteer
    from kiosk.ui.features.volunteer import VolunteerAccess
    from kiosk.ui.screens.question import QuestionScreen

    _Base = QWidget
else:
    _Base = object


class HelpAndTimeouts(_Base):
    if TYPE_CHECKING:
        _ctx: UiContext
        _overlay: Screen | None
        _record_volunteer: VolunteerFn | None
        defaults: ResidentDefaults
        pages: Pages
        session: ResidentSession
        speech: SpeechBridge
        idle: IdleWatch
        tasks: TaskRunner
        stack: QStackedWidget
        volunteer_recorded: Signal
        question: QuestionScreen

        def current_screen(self) -> Screen: ...
        def say(self, text: str) -> None: ...
        def _render(self, view: SessionView, *, speak: bool = True) -> None: ...
        def _new_resident(self) -> None: ...
        def _refresh(self, speak: bool = True) -> None: ...
        def _event(self, send: Callable[[], object]) -> None: ...
        def dismiss_declined_notice(self) -> None: ...
        def sign_out_volunteer(self, *, timed_out: bool = False) -> None: ...
        def rating_open(self) -> bool: ...
        def finish_service(self, thanks: bool = False) -> None: ...
        volunteer_access: VolunteerAccess | None
        volunteer: Volunteer | None

    # -- help, volunteers, time-outs ---------------------------------------------------------
    @Slot()
    def open_help(self) -> None:
        if self.pages.shown(self._overlay, "timeout"):
            return
        under = self._overlay if self.pages.shown(self._overlay, "volunteer") else None
        topic = (under or self.current_screen()).help_spoken(self._ctx)
        if not self.pages.shown(self._overlay, "help"):
            self.pages.help.present(
                self._ctx, topic, self.speech.rate, self.speech.volume_index,
                volunteer_name=self.volunteer.name if self.volunteer else None,
                volunteers=self.volunteer_access is not None)
            self.pages.help.bar.set_repeat(self._ctx.t("ui.nav.repeat"),
                                           self._ctx.t("ui.nav.repeat_name"))
        self._show_overlay(self.pages.help)

    def _show_overlay(self, page: Screen) -> None:
        if self._overlay is not None and self._overlay is not page:
            self._overlay.leave()  # e.g. a half-typed badge code under Help or the warning
        self._overlay = page
        self.stack.setCurrentWidget(page)
        page.relayout()
        page.take_focus()
        self.say(page.spoken(self._ctx))

    @Slot()
    def close_overlay(self) -> None:
        if self._overlay is not None:
            overlay, self._overlay = self._overlay, None
            overlay.leave()
            self._render(self.session.view)

    @Slot()
    def call_volunteer(self) -> None:
        self.pages.help.show_called()
        self.say(self.pages.help.spoken(self._ctx))
        record = self._record_volunteer
        if record is None:
            return
        view = self.session.view
        screen = f"{view.step.value}:{view.field.id}" if view.field else view.step.value
        service = view.service.id if view.service else None
        self.tasks.run(lambda: record(screen, service),
                       lambda number: emit(self.volunteer_recorded, number),
                       lambda exc: log.error("could not record the volunteer call: %s", exc))

    def _idle_warning(self, seconds: int) -> None:
        if self.session.step in (Step.HOME, Step.SAVING):
            self.idle.start()  # nothing to warn about here; look again after another spell
        if self.session.step is Step.SAVING:
            return
        if self.rating_open():   # the rating is voluntary: a quiet spell just finishes
            self.finish_service()
            return
        if self.session.step is Step.HOME:  # nothing to clear, but the next resident starts afresh
            self.dismiss_declined_notice()
            self.pages.home.to_start()   # the first page, out of any category
            if self.volunteer is not None:  # a volunteer who walked away is signed out
                self.sign_out_volunteer(timed_out=True)
            elif self._overlay is not None:  # Help or a half-typed badge code left open
                self.close_overlay()
            if self._ctx.theme != theme_for(self.defaults.theme, self.defaults.text_size) or (
                    self._ctx.language != self.defaults.language):
                self._new_resident()
                self._refresh(speak=False)
            return
        self.pages.timeout.present(self._ctx, seconds)
        self.pages.timeout.bar.set_repeat(self._ctx.t("ui.nav.repeat"),
                                          self._ctx.t("ui.nav.repeat_name"))
        self._show_overlay(self.pages.timeout)

    def show_timeout_warning(self) -> None:
        """What a quiet spell leads to, at once (the tour and tests)."""
        self.idle.warn_now()

    def _idle_expired(self) -> None:
        self.session.reset()  # renders home (leaving any overlay): the next resident afresh
        self.sign_out_volunteer(timed_out=True)
        self.idle.start()

    @Slot()
    def extend_time(self) -> None:
        self.idle.extend()
        self.close_overlay()

    # -- keys --------------------------------------------------------------------------------
    def _activity(self) -> None:
        self.speech.stop()  # any touch or key cuts off what is being said
        self.idle.activity()
        self.dismiss_declined_notice()

    def go_back(self) -> None:
        if self.pages.shown(self._overlay, "timeout"):
            self.extend_time()
        elif self.rating_open():
            self.finish_service()
        elif self._overlay is not None:
            self.close_overlay()
        elif self.session.step is Step.RECEIPT:
            self._event(self.session.reset)
        elif self.session.step is not Step.SAVING:
            self._event(self.session.back)

    def _focused(self, widget: QWidget) -> None:
        name, description = widget.accessibleName(), widget.accessibleDescription()
        self.say(" ".join(part for part in (name, description) if part))

    def _type_char(self, text: str) -> bool:
        if self.pages.shown(self._overlay, "volunteer"):
            return self.pages.volunteer.handle_key(text)
        if self.pages.shown(self._overlay, "status"):
            return self.pages.status.handle_key(text)
        entry = self.question.input if self._overlay is None else None
        return bool(self.session.step is Step.QUESTION and entry and entry.handle_key(text))

    def _backspace(self) -> bool:
        if self.pages.shown(self._overlay, "volunteer"):
            return self.pages.volunteer.handle_backspace()
        if self.pages.shown(self._overlay, "status"):
            return self.pages.status.handle_backspace()
        entry = self.question.input if self._overlay is None else None
        return bool(self.session.step is Step.QUESTION and entry and entry.handle_backspace())

