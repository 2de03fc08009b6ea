"""Pause and resume the background sender (kept in the database, so it survives a restart)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout

from kiosk.ui.technician.jobs import read_paused, set_paused
from kiosk.ui.technician.section import PanelContext, Section
from kiosk.ui.technician.style import GAP_PX, button, label, set_property
from kiosk.ui.technician.wording import local_time


class SyncControl(Section):
    changed = Signal(object)  # paused since (datetime) or None when sending
    failed = Signal(str)

    def __init__(self, ctx: PanelContext) -> None:
        super().__init__(ctx, "tech.panel.sync", "tech.sync.help")
        self.paused_since: dt.datetime | None = None
        self.state = label(self.t("tech.common.loading"), "title")
        self.body.addWidget(self.state)
        actions = QHBoxLayout()
        actions.setSpacing(GAP_PX)
        self.pause_button = button(self.t("tech.sync.pause"), wide=True)
        self.resume_button = button(self.t("tech.sync.resume"), "primary", wide=True)
        self.send_button = button(self.t("tech.sync.send_now"), wide=True)
        self.pause_button.clicked.connect(lambda: self.set_paused(True))
        self.resume_button.clicked.connect(lambda: self.set_paused(False))
        self.send_button.clicked.connect(self.send_now)
        for made in (self.pause_button, self.resume_button, self.send_button):
            made.setEnabled(False)
            actions.addWidget(made)
        actions.addStretch(1)
        self.body.addLayout(actions)
        self.notice = label("")
        self.body.addWidget(self.notice)
        self.body.addStretch(1)

    def refresh(self) -> None:
        data_dir = self.ctx.data_dir
        self.run(lambda: read_paused(data_dir), self._show, self._failed)

    def set_paused(self, paused: bool) -> None:
        for made in (self.pause_button, self.resume_button):
            made.setEnabled(False)
        data_dir = self.ctx.data_dir

        def done(since: dt.datetime | None) -> None:
            self.audit("sync_paused" if paused else "sync_resumed")
            self.ctx.wake_sync()  # the runner reads the pause when it wakes
            self._show(since)

        self.run(lambda: set_paused(data_dir, paused), done, self._failed)

    def send_now(self) -> None:
        self.ctx.wake_sync()
        self.notice.setText(self.t("tech.sync.sent_now"))

    def _show(self, since: dt.datetime | None) -> None:
        self.paused_since = since
        if since is None:
            self.state.setText(self.t("tech.sync.running"))
        else:
            self.state.setText(self.t("tech.sync.paused", time=local_time(since, self.ctx.tr)))
        set_property(self.state, "role", "title")
        self.pause_button.setEnabled(since is None)
        self.resume_button.setEnabled(since is not None)
        self.send_button.setEnabled(since is None)
        self.notice.setText("")
        self.changed.emit(since)

    def _failed(self, error: Exception) -> None:
        self.state.setText(self.t("tech.common.failed", error=error))
        set_property(self.state, "role", "error")
        self.pause_button.setEnabled(True)
        self.resume_button.setEnabled(True)
        self.failed.emit(str(error))
