"""The page shown over the resident's screen (Help, the time-out warning, 查进度, …).

At most one at a time. Showing one labels its 重听 button, puts it in front, focuses its main
content and says it; closing it (or another overlay replacing it) calls its `leave()`, so a
half-typed badge code goes with the page. After `close()` the window renders the resident's
screen again (`on_closed`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget

from kiosk.ui.screens.base import Screen
from kiosk.ui.shell.context import UiContext


class OverlayHost:
    def __init__(self, stack: QStackedWidget, ctx: Callable[[], UiContext],
                 say: Callable[[str], None], on_closed: Callable[[], None]) -> None:
        self._stack, self._ctx, self._say, self._on_closed = stack, ctx, say, on_closed
        self.page: Screen | None = None

    def show(self, page: Screen) -> None:
        if self.page is not None and self.page is not page:
            self.page.leave()  # e.g. a half-typed badge code under Help or the warning
        self.page = page
        ctx = self._ctx()
        page.bar.set_repeat(ctx.t("ui.nav.repeat"), ctx.t("ui.nav.repeat_name"))
        self._stack.setCurrentWidget(page)
        page.relayout()
        page.take_focus()
        self._say(page.spoken(ctx))

    def close(self) -> None:
        """Back to the resident's screen (nothing happens when no overlay is shown)."""
        if self.page is not None:
            page, self.page = self.page, None
            page.leave()
            self._on_closed()

    def clear(self, under: Screen) -> None:
        """The resident's screen `under` is rendered: any overlay goes (and leaves, unless it
        is that very screen)."""
        if self.page is not None and self.page is not under:
            self.page.leave()   # a half-typed badge code goes with the overlay
        self.page = None
