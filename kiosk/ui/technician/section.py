"""What every part of the technician panel shares: its dependencies, and safe background jobs.

Each action that changes something (saving settings, a connection test, retrying a quarantined
record, pausing or resuming sending) is also written to the audit log, role "technician", actor
"panel", through `audit()`: off the UI thread, and never with a value such as the token.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import shiboken6
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.i18n import Translator
from kiosk.speech.api import SpeechStatus
from kiosk.ui.bridges.audit_trail import AuditTrail
from kiosk.ui.bridges.tasks import TaskRunner
from kiosk.ui.technician.style import GAP_PX, label

T = TypeVar("T")
ROLE, ACTOR = "technician", "panel"


@dataclass(frozen=True)
class PanelContext:
    data_dir: Path
    tasks: TaskRunner
    tr: Translator
    speech_status: Callable[[], SpeechStatus | None]
    wake_sync: Callable[[], None]
    audit: AuditTrail | None = None

    @property
    def language(self) -> str:
        return self.tr.language


class Section(QWidget):
    """One part of the panel: a heading, a line of help, then its own content in `body`."""

    def __init__(self, ctx: PanelContext, title_key: str, help_key: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(GAP_PX)
        self.title = label(ctx.tr.t(title_key), "heading")
        self.body.addWidget(self.title)
        if help_key:
            self.body.addWidget(label(ctx.tr.t(help_key), "help"))

    def t(self, key: str, **params: Any) -> str:
        return self.ctx.tr.t(key, **params)

    def audit(self, action: str, **detail: Any) -> None:
        """One audit entry for what the technician just did (written on the audit worker)."""
        if self.ctx.audit is not None:
            self.ctx.audit.record(ROLE, ACTOR, action, **detail)

    def run(self, work: Callable[[], T], on_success: Callable[[T], None],
            on_failure: Callable[[Exception], None]) -> None:
        """Run `work` on a worker; the callbacks are dropped if this section is gone by then."""
        def success(result: T) -> None:
            if shiboken6.isValid(self):
                on_success(result)

        def failure(error: Exception) -> None:
            if shiboken6.isValid(self):
                on_failure(error)

        self.ctx.tasks.run(work, success, failure)

    def refresh(self) -> None:
        """Read the current state again (called each time the section is shown)."""
