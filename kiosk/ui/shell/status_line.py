"""The top bar's status line: the sync's state and a speech problem, in the resident's words."""

from __future__ import annotations

from typing import Any

from kiosk.ui.bridges.speech_bridge import SpeechBridge
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.top_bar import TopBar


class StatusLine:
    def __init__(self, top_bar: TopBar, speech: SpeechBridge) -> None:
        self._top_bar, self._speech = top_bar, speech
        self.sync_status: Any = None   # a SyncStatus, once the sync bridge has sent one

    def show(self, ctx: UiContext) -> None:
        parts = []
        if self.sync_status is not None:
            from kiosk.ui.bridges.sync_bridge import (
                describe_status,  # sync starts after the first frame
            )

            parts.append(describe_status(self.sync_status, ctx.tr))
        if self._speech.problem:
            parts.append(self._speech.resident_notice(ctx.t))
        self._top_bar.set_status("\n".join(parts))
