"""What every feature of the window may use, in one object: the pages, the resident's session,
the task runner, the overlay host, speech (`say`) and the current UI context.

MainWindow builds one Shell and hands it to each feature (kiosk/ui/features/); what a feature
alone needs comes as its own constructor argument. The window keeps `pages`, `ctx` and
`catalog` current (they are replaced when the look, the language or the catalog changes).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.domain.catalog import Catalog
from kiosk.domain.session import InvalidEvent, ResidentSession
from kiosk.ui.bridges.speech_bridge import SpeechBridge
from kiosk.ui.bridges.tasks import TaskRunner
from kiosk.ui.screens.base import Screen
from kiosk.ui.shell.context import UiContext
from kiosk.ui.shell.overlay import OverlayHost
from kiosk.ui.shell.pages import Pages

log = logging.getLogger(__name__)


class Feature(Protocol):
    """One part of the window (help, volunteers, receipts, …), as MainWindow drives it."""

    def page_built(self, name: str, page: Screen) -> None:
        """Connect the page `name`, just built (see Pages), to this feature."""

    def new_resident(self) -> None:
        """Home after a session: forget what belonged to the resident who left."""


class Shell:
    def __init__(self, host: QWidget, stack: QStackedWidget, session: ResidentSession,
                 tasks: TaskRunner, speech: SpeechBridge, ctx: UiContext, catalog: Catalog,
                 on_overlay_closed: Callable[[], None]) -> None:
        self.host = host          # the window: parent of the features' timers
        self.session, self.tasks, self.ctx, self.catalog = session, tasks, ctx, catalog
        self._speech = speech
        self.overlay = OverlayHost(stack, lambda: self.ctx, self.say, on_overlay_closed)
        self.pages: Pages   # set by the window as soon as they are built

    def say(self, text: str) -> None:
        self._speech.say(text, self.ctx.language)

    def event(self, send: Callable[[], object]) -> None:
        """Forward one event; a stale tap (double tap during a change) is ignored, not fatal."""
        try:
            send()
        except InvalidEvent as exc:
            log.info("ignored event: %s", exc)

    def showing(self, name: str) -> bool:
        """Whether the overlay shown is the page `name` (never builds it)."""
        return self.pages.shown(self.overlay.page, name)

    def current_screen(self) -> Screen:
        return self.pages.for_step(self.session.step)

    def visible_page(self) -> Screen:
        return self.overlay.page or self.current_screen()
