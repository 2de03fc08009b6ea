"""Kiosk health: the speech engine, free disk space of the data folder, the catalog version."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel

from kiosk.speech.api import SpeechStatus
from kiosk.speech.voices import voice_name
from kiosk.ui.technician.jobs import DiskAndCatalog, read_health
from kiosk.ui.technician.section import PanelContext, Section
from kiosk.ui.technician.style import GAP_PX, button, label, set_property
from kiosk.ui.technician.wording import LOW_DISK_BYTES, gigabytes

ROWS = ("engine", "audio", "voices", "problem", "disk", "catalog")
ROW_WORDS = {"engine": "tech.health.engine", "audio": "tech.health.audio",
             "voices": "tech.health.voices", "problem": "tech.health.problem",
             "disk": "tech.health.disk", "catalog": "tech.health.catalog"}


class HealthView(Section):
    loaded = Signal(object)  # DiskAndCatalog
    failed = Signal(str)

    def __init__(self, ctx: PanelContext) -> None:
        super().__init__(ctx, "tech.panel.health")
        frame = QFrame()
        frame.setProperty("role", "card")
        grid = QGridLayout(frame)
        grid.setContentsMargins(GAP_PX, 16, GAP_PX, 16)
        grid.setHorizontalSpacing(GAP_PX * 2)
        grid.setVerticalSpacing(16)
        grid.setColumnStretch(1, 1)
        self.values: dict[str, QLabel] = {}
        for row, key in enumerate(ROWS):
            grid.addWidget(label(self.t(ROW_WORDS[key]), wrap=False), row, 0,
                           Qt.AlignmentFlag.AlignTop)
            value = self.values[key] = label("–", "value")
            grid.addWidget(value, row, 1)
        self.body.addWidget(frame)
        actions = QHBoxLayout()
        self.refresh_button = button(self.t("tech.common.refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        actions.addWidget(self.refresh_button)
        actions.addStretch(1)
        self.body.addLayout(actions)
        self.body.addStretch(1)

    def refresh(self) -> None:
        self.show_speech(self.ctx.speech_status())
        self.refresh_button.setEnabled(False)
        data_dir = self.ctx.data_dir
        self.run(lambda: read_health(data_dir), self._show, self._failed)

    def show_speech(self, status: SpeechStatus | None) -> None:
        if status is None:
            for key in ("engine", "audio", "voices"):
                self.values[key].setText("–")
            self.values["problem"].setText(self.t("tech.health.no_status"))
            return
        works, broken = self.t("tech.health.ok"), self.t("tech.health.missing")
        self.values["engine"].setText(works if status.engine_available else broken)
        self.values["audio"].setText(works if status.audio_available else broken)
        voices = "; ".join(f"{lang}: {voice_name(voice)}" for lang, voice in
                           sorted(status.voice_by_language.items()))
        self.values["voices"].setText(voices or self.t("tech.health.voice_none"))
        self.values["problem"].setText(status.problem or self.t("tech.common.none"))
        for key, bad in (("engine", not status.engine_available),
                         ("audio", not status.audio_available),
                         ("problem", bool(status.problem))):
            set_property(self.values[key], "role", "error" if bad else "value")

    def _show(self, health: DiskAndCatalog) -> None:
        self.refresh_button.setEnabled(True)
        free, total = gigabytes(health.free_bytes), gigabytes(health.total_bytes)
        low = health.free_bytes < LOW_DISK_BYTES
        self.values["disk"].setText(self.t("tech.health.disk_low", free=free) if low else
                                    self.t("tech.health.disk_free", free=free, total=total))
        set_property(self.values["disk"], "role", "error" if low else "value")
        self.values["catalog"].setText(health.catalog_version)
        self.loaded.emit(health)

    def _failed(self, error: Exception) -> None:
        self.refresh_button.setEnabled(True)
        self.values["disk"].setText(self.t("tech.common.failed", error=error))
        set_property(self.values["disk"], "role", "error")
        self.failed.emit(str(error))
