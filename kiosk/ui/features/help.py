"""Help, calling a volunteer, the time-out warning and the EZ-Access keys.

Help and the warning are overlays (kiosk/ui/shell/overlay.py) over the resident's screen. A
quiet spell warns, then clears the screen for the next resident; at home nothing is warned
about, but the next resident starts afresh (`settings_look`: the window's language and look from
the settings). The rating is voluntary: a quiet spell or Esc just finishes it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from kiosk.domain.session import Step
from kiosk.ui.bridges.speech_bridge import SpeechBridge
from kiosk.ui.features.resident_flow import ResidentFlow
from kiosk.ui.features.status_rating import StatusAndRating
from kiosk.ui.features.volunteer import VolunteerMode
from kiosk.ui.screens.base import Screen
from kiosk.ui.shell.idle import IdleWatch
from kiosk.ui.shell.shell import Shell

log = logging.getLogger(__name__)
VolunteerFn = Callable[[str, str | None], int]


class HelpAndTimeouts:
    def __init__(self, shell: Shell, *, speech: SpeechBridge, idle: IdleWatch,
                 flow: ResidentFlow, volunteers: VolunteerMode, rating: StatusAndRating,
                 record_volunteer: VolunteerFn | None,
                 on_volunteer_recorded: Callable[[int], None],
                 settings_look: Callable[[], None]) -> None:
        self._shell, self._speech, self._idle = shell, speech, idle
        self._flow, self._volunteers, self._rating = flow, volunteers, rating
        self._record, self._recorded = record_volunteer, on_volunteer_recorded
        self._settings_look = settings_look
        idle.warn.connect(self._idle_warning)
        idle.tick.connect(self._tick)
        idle.expired.connect(self._idle_expired)

    def page_built(self, name: str, page: Screen) -> None:
        p = self._shell.pages
        if name == "help":
            p.help.closed.connect(self._shell.overlay.close)
            p.help.volunteer_requested.connect(self.call_volunteer)
            p.help.rate_chosen.connect(self._speech.set_rate)
            p.help.volume_chosen.connect(self._speech.set_volume_index)
        elif name == "timeout":
            p.timeout.extend.connect(self.extend_time)

    def new_resident(self) -> None:
        if self._shell.pages.is_built("help"):
            self._shell.pages.help.reset()

    # -- help, volunteers --------------------------------------------------------------------
    def open_help(self) -> None:
        shell = self._shell
        if shell.showing("timeout"):
            return
        under = shell.overlay.page if shell.showing("volunteer") else None
        topic = (under or shell.current_screen()).help_spoken(shell.ctx)
        if not shell.showing("help"):
            volunteer = self._volunteers.volunteer
            shell.pages.help.present(
                shell.ctx, topic, self._speech.rate, self._speech.volume_index,
                volunteer_name=volunteer.name if volunteer else None,
                volunteers=self._volunteers.available)
        shell.overlay.show(shell.pages.help)

    def call_volunteer(self) -> None:
        shell = self._shell
        shell.pages.help.show_called()
        shell.say(shell.pages.help.spoken(shell.ctx))
        record = self._record
        if record is None:
            return
        view = shell.session.view
        screen = f"{view.step.value}:{view.field.id}" if view.field else view.step.value
        service = view.service.id if view.service else None
        shell.tasks.run(lambda: record(screen, service), self._recorded,
                        lambda exc: log.error("could not record the volunteer call: %s", exc))

    # -- time-outs ---------------------------------------------------------------------------
    def _tick(self, left: int) -> None:
        if self._shell.showing("timeout"):
            self._shell.pages.timeout.set_remaining(left)

    def _idle_warning(self, seconds: int) -> None:
        shell, step = self._shell, self._shell.session.step
        if step in (Step.HOME, Step.SAVING):
            self._idle.start()  # nothing to warn about here; look again after another spell
        if step is Step.SAVING:
            return
        if self._rating.rating_open():   # the rating is voluntary: a quiet spell just finishes
            self._rating.finish_service()
            return
        if step is Step.HOME:  # nothing to clear, but the next resident starts afresh
            self._flow.dismiss_declined_notice()
            shell.pages.home.to_start()   # the first page, out of any category
            if self._volunteers.volunteer is not None:  # one who walked away is signed out
                self._volunteers.sign_out(timed_out=True)
            elif shell.overlay.page is not None:  # Help or a half-typed badge code left open
                shell.overlay.close()
            self._settings_look()
            return
        shell.pages.timeout.present(shell.ctx, seconds)
        shell.overlay.show(shell.pages.timeout)

    def show_timeout_warning(self) -> None:
        """What a quiet spell leads to, at once (the tour and tests)."""
        self._idle.warn_now()

    def _idle_expired(self) -> None:
        self._shell.session.reset()  # renders home (leaving any overlay): the next resident
        self._volunteers.sign_out(timed_out=True)
        self._idle.start()

    def extend_time(self) -> None:
        self._idle.extend()
        self._shell.overlay.close()

    # -- keys --------------------------------------------------------------------------------
    def activity(self) -> None:
        self._speech.stop()  # any touch or key cuts off what is being said
        self._idle.activity()
        self._flow.dismiss_declined_notice()

    def go_back(self) -> None:
        shell = self._shell
        if shell.showing("timeout"):
            self.extend_time()
        elif self._rating.rating_open():
            self._rating.finish_service()
        elif shell.overlay.page is not None:
            shell.overlay.close()
        elif shell.session.step is Step.RECEIPT:
            shell.event(shell.session.reset)
        elif shell.session.step is not Step.SAVING:
            shell.event(shell.session.back)

    def focused(self, widget: QWidget) -> None:
        name, description = widget.accessibleName(), widget.accessibleDescription()
        self._shell.say(" ".join(part for part in (name, description) if part))

    def type_char(self, text: str) -> bool:
        shell = self._shell
        if shell.showing("volunteer"):
            return shell.pages.volunteer.handle_key(text)
        if shell.showing("status"):
            return shell.pages.status.handle_key(text)
        entry = shell.pages.question.input if shell.overlay.page is None else None
        return bool(shell.session.step is Step.QUESTION and entry and entry.handle_key(text))

    def backspace(self) -> bool:
        shell = self._shell
        if shell.showing("volunteer"):
            return shell.pages.volunteer.handle_backspace()
        if shell.showing("status"):
            return shell.pages.status.handle_backspace()
        entry = shell.pages.question.input if shell.overlay.page is None else None
        return bool(shell.session.step is Step.QUESTION and entry and entry.handle_backspace())
