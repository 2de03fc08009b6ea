"""The technician panel: connection settings, Test connection, the queue, sync on/off, health.

A sidebar of five sections on the left, the chosen one on the right, Close at the top right.
Everything that touches the disk, the database or the network runs on the task runner.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import Translator
from kiosk.speech.api import SpeechStatus
from kiosk.ui.bridges.audit_trail import AuditTrail
from kiosk.ui.bridges.tasks import TaskRunner
from kiosk.ui.shell.kiosk_mode import guard_of
from kiosk.ui.technician.connection_settings import ConnectionSettings
from kiosk.ui.technician.connection_test import ConnectionTest
from kiosk.ui.technician.health_view import HealthView
from kiosk.ui.technician.queue_view import QueueView
from kiosk.ui.technician.section import PanelContext, Section
from kiosk.ui.technician.style import GAP_PX, MARGIN_PX, button, label, stylesheet
from kiosk.ui.technician.sync_control import SyncControl

SECTIONS = ("connection", "test", "queue", "sync", "health")
SIDEBAR_WIDTH = 360


class TechnicianPanel(QWidget):
    def __init__(self, data_dir: Path, tasks: TaskRunner, language: str,
                 speech_status: Callable[[], SpeechStatus | None], on_close: Callable[[], None],
                 wake_sync: Callable[[], None], parent: QWidget | None = None, *,
                 audit: AuditTrail | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TechnicianRoot")
        self.setStyleSheet(stylesheet())
        self.ctx = PanelContext(data_dir, tasks, Translator(language), speech_status, wake_sync,
                                audit or AuditTrail(data_dir))
        self._on_close = on_close
        tr = self.ctx.tr

        self.connection = ConnectionSettings(self.ctx)
        self.test = ConnectionTest(self.ctx)
        self.queue = QueueView(self.ctx)
        self.sync = SyncControl(self.ctx)
        self.health = HealthView(self.ctx)
        self.sections: dict[str, Section] = dict(zip(SECTIONS, (
            self.connection, self.test, self.queue, self.sync, self.health), strict=True))

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._build_header(tr))
        middle = QHBoxLayout()
        middle.setContentsMargins(0, 0, 0, 0)
        middle.setSpacing(0)
        middle.addWidget(self._build_sidebar(tr))
        self.stack = QStackedWidget()
        for section in self.sections.values():
            page = QWidget()
            holder = QVBoxLayout(page)
            holder.setContentsMargins(MARGIN_PX, MARGIN_PX // 2, MARGIN_PX, MARGIN_PX // 2)
            holder.addWidget(section)
            self.stack.addWidget(page)
        middle.addWidget(self.stack, 1)
        root.addLayout(middle, 1)
        self.show_section("connection")

    def _build_header(self, tr: Translator) -> QWidget:
        header = QWidget()
        header.setObjectName("TechnicianHeader")
        layout = QHBoxLayout(header)
        layout.setContentsMargins(MARGIN_PX, 16, MARGIN_PX, 16)
        layout.addWidget(label(tr.t("tech.panel.title"), "title"), 1)
        # Shown only in kiosk mode (kiosk/ui/shell/kiosk_mode.py): the one way out of it.
        self.exit_kiosk_button = button(tr.t("tech.panel.exit_kiosk"))
        self.exit_kiosk_button.clicked.connect(self.exit_kiosk_mode)
        self.exit_kiosk_button.setVisible(False)
        layout.addWidget(self.exit_kiosk_button)
        self.close_button = button(tr.t("tech.panel.close"), "primary")
        self.close_button.clicked.connect(self.close_panel)
        layout.addWidget(self.close_button)
        return header

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.exit_kiosk_button.setVisible(guard_of(self) is not None)

    def exit_kiosk_mode(self) -> None:
        guard = guard_of(self)
        if guard is not None:
            if self.ctx.audit is not None:  # written before the process ends
                with contextlib.suppress(Exception):
                    self.ctx.audit.record("technician", "panel", "kiosk_mode_left").result(5)
            guard.leave()

    def _build_sidebar(self, tr: Translator) -> QWidget:
        sidebar = QWidget()
        sidebar.setObjectName("TechnicianSidebar")
        sidebar.setFixedWidth(SIDEBAR_WIDTH)
        layout = QVBoxLayout(sidebar)
        layout.setContentsMargins(GAP_PX, GAP_PX, GAP_PX, GAP_PX)
        layout.setSpacing(16)
        self.nav_group = QButtonGroup(self)
        self.nav: dict[str, QPushButton] = {}
        for name in SECTIONS:
            made = self.nav[name] = button(tr.t(f"tech.panel.{name}"), "nav")
            made.setCheckable(True)
            made.clicked.connect(partial(self.show_section, name))
            self.nav_group.addButton(made)
            layout.addWidget(made)
        layout.addStretch(1)
        return sidebar

    def show_section(self, name: str, _checked: bool = False) -> None:
        self.nav[name].setChecked(True)
        self.stack.setCurrentIndex(SECTIONS.index(name))
        self.sections[name].refresh()

    @property
    def current_section(self) -> str:
        return SECTIONS[self.stack.currentIndex()]

    def close_panel(self) -> None:
        self._on_close()
