"""One application as a technician may see it: the summary and its history, never the answers."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.domain import tracking
from kiosk.i18n import Translator
from kiosk.ui.technician.jobs import RecordDetails
from kiosk.ui.technician.style import GAP_PX, label
from kiosk.ui.technician.wording import local_time

SHOWN_FIELDS = ("tracking_number", "service", "state", "created_at", "attempts",
                "quarantine_reason", "last_error", "delivered_at", "office_status",
                "office_message", "id")
TIME_FIELDS = {"created_at", "delivered_at", "office_status_at"}


class RecordDetailsView(QScrollArea):
    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self.application_id: str | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        frame = QFrame()
        frame.setProperty("role", "card")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(GAP_PX, 16, GAP_PX, 16)
        layout.addWidget(label(tr.t("tech.queue.details"), "value"))
        self.text: QLabel = label("")
        layout.addWidget(self.text)
        layout.addStretch(1)
        self.setWidget(frame)

    def show_details(self, details: object) -> None:
        if not isinstance(details, RecordDetails):
            self.application_id = None
            self.hide()
            return
        self.application_id = str(details.summary.get("id"))
        self.text.setText(self.describe(details))
        self.show()

    def describe(self, details: RecordDetails) -> str:
        colon = "：" if self._tr.language == "zh_CN" else ": "
        lines = [f"{self._tr.t(f'tech.field.{key}')}{colon}{self._value(key, details.summary[key])}"
                 for key in SHOWN_FIELDS if details.summary.get(key) not in (None, "")]
        lines.append("")
        lines.append(self._tr.t("tech.queue.history") + colon)
        for event in details.events:
            detail = f"  {event['detail']}" if event.get("detail") else ""
            lines.append(f"• {local_time(event['at'], self._tr)}  {event['event']}{detail}")
        return "\n".join(lines)

    def _value(self, key: str, value: Any) -> str:
        if key in TIME_FIELDS:
            return local_time(str(value), self._tr)
        if key == "tracking_number":
            return tracking.grouped(str(value))
        if key == "state":
            return self._tr.t(f"tech.state.{value}")
        return str(value)
