"""The queue: how many applications are in each state, how long the oldest has waited, the last
error, and the records the central rejected, each with Inspect (no answers shown) and Retry.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain import tracking
from kiosk.store.store import STATES
from kiosk.sync.status import path_refusal
from kiosk.ui.technician.jobs import (
    QuarantinedRecord,
    QueueSnapshot,
    inspect_record,
    read_queue,
    retry_record,
)
from kiosk.ui.technician.record_details import RecordDetailsView
from kiosk.ui.technician.section import PanelContext, Section
from kiosk.ui.technician.style import GAP_PX, button, label, set_property
from kiosk.ui.technician.wording import age_text, local_time

FACTS = ("oldest", "last_error", "last_success", "catalog", "catalog_error")


def card() -> QFrame:
    frame = QFrame()
    frame.setProperty("role", "card")
    return frame


class QuarantinedRow(QFrame):
    def __init__(self, view: QueueView, record: QuarantinedRecord) -> None:
        super().__init__()
        self.setProperty("role", "card")
        self.record = record
        layout = QHBoxLayout(self)
        layout.setContentsMargins(GAP_PX, 12, GAP_PX, 12)
        layout.setSpacing(GAP_PX)
        words = QVBoxLayout()
        words.addWidget(label(f"{tracking.grouped(record.tracking_number)}   {record.service}",
                              "value"))
        words.addWidget(label(view.t("tech.queue.reason", reason=record.reason or "?")))
        layout.addLayout(words, 1)
        self.inspect = button(view.t("tech.queue.inspect"))
        self.retry = button(view.t("tech.queue.retry"), "primary")
        self.inspect.clicked.connect(partial(view.inspect, record))
        self.retry.clicked.connect(partial(view.retry, record))
        layout.addWidget(self.inspect)
        layout.addWidget(self.retry)


class QueueView(Section):
    loaded = Signal(object)     # QueueSnapshot
    inspected = Signal(object)  # RecordDetails | None
    retried = Signal(str, bool)  # application id, whether it went back to the queue
    failed = Signal(str)

    def __init__(self, ctx: PanelContext) -> None:
        super().__init__(ctx, "tech.panel.queue")
        self.snapshot: QueueSnapshot | None = None
        self.rows: list[QuarantinedRow] = []
        top = QHBoxLayout()
        top.setSpacing(GAP_PX)
        top.addWidget(self._build_counts(), 2)
        top.addWidget(self._build_facts(), 3)
        self.body.addLayout(top)

        actions = QHBoxLayout()
        actions.addWidget(label(self.t("tech.queue.list_title"), "heading"), 1)
        self.refresh_button = button(self.t("tech.common.refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        actions.addWidget(self.refresh_button)
        self.body.addLayout(actions)
        self.body.addWidget(label(self.t("tech.queue.list_help"), "help"))
        self.notice = label("", "value")
        self.notice.hide()
        self.body.addWidget(self.notice)

        lower = QHBoxLayout()
        lower.setSpacing(GAP_PX)
        self.list_area = QScrollArea()
        self.list_area.setWidgetResizable(True)
        self.list_area.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        self.list_layout = QVBoxLayout(holder)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(12)
        self.empty = label(self.t("tech.common.loading"))
        self.list_layout.addWidget(self.empty)
        self.list_layout.addStretch(1)
        self.list_area.setWidget(holder)
        lower.addWidget(self.list_area, 3)
        self.details = RecordDetailsView(ctx.tr)
        self.details.hide()
        lower.addWidget(self.details, 2)
        self.body.addLayout(lower, 1)

    def _build_counts(self) -> QFrame:
        frame = card()
        grid = QGridLayout(frame)
        grid.setContentsMargins(GAP_PX, 16, GAP_PX, 16)
        grid.addWidget(label(self.t("tech.queue.counts"), "value"), 0, 0, 1, 2)
        self.count_labels: dict[str, QLabel] = {}
        for row, state in enumerate(STATES, start=1):
            grid.addWidget(label(self.t(f"tech.queue.{state}"), wrap=False), row, 0)
            value = self.count_labels[state] = label("–", "value", wrap=False)
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(value, row, 1)
        return frame

    def _build_facts(self) -> QFrame:
        frame = card()
        grid = QGridLayout(frame)
        grid.setContentsMargins(GAP_PX, 16, GAP_PX, 16)
        grid.setColumnStretch(1, 1)
        self.fact_labels: dict[str, QLabel] = {}
        for row, fact in enumerate(FACTS):
            name = label(self.t(f"tech.queue.{fact}"), wrap=False)
            value = self.fact_labels[fact] = label("–", "value")
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
        return frame

    # -- reading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        data_dir, language = self.ctx.data_dir, self.ctx.language
        self.run(lambda: read_queue(data_dir, language), self._show, self._failed)

    def _error_words(self, error: str | None) -> str | None:
        """The last error; a refusal by the path (a proxy's 413) first in the panel's language,
        since it is the one error where the technician must know nothing was set aside."""
        refused_by = path_refusal(error)
        return f"{self.t(f'tech.queue.refused_by.{refused_by}')}\n{error}" if refused_by \
            else error

    def _show(self, snapshot: QueueSnapshot) -> None:
        self.snapshot = snapshot
        self.refresh_button.setEnabled(True)
        for state, value in self.count_labels.items():
            value.setText(str(snapshot.counts.get(state, 0)))
        now = dt.datetime.now(dt.UTC)
        none = self.t("tech.common.none")
        oldest = snapshot.oldest_pending_at
        self.fact_labels["oldest"].setText(age_text(oldest, now, self.ctx.tr) if oldest else none)
        self.fact_labels["last_error"].setText(self._error_words(snapshot.last_error) or none)
        self.fact_labels["last_success"].setText(local_time(snapshot.last_success_at,
                                                            self.ctx.tr))
        self.fact_labels["catalog"].setText(snapshot.catalog_version)
        self.fact_labels["catalog_error"].setText(snapshot.catalog_error or none)
        set_property(self.fact_labels["catalog_error"], "role",
                     "error" if snapshot.catalog_error else "value")
        self._show_rows(snapshot.quarantined)
        self.loaded.emit(snapshot)

    def _show_rows(self, records: tuple[QuarantinedRecord, ...]) -> None:
        for row in self.rows:
            row.deleteLater()
        self.rows = [QuarantinedRow(self, record) for record in records]
        for index, row in enumerate(self.rows):
            self.list_layout.insertWidget(index, row)
        self.empty.setText(self.t("tech.queue.empty"))
        self.empty.setVisible(not self.rows)
        shown = self.details.application_id
        if shown and shown not in {r.id for r in records}:
            self.details.hide()

    def _failed(self, error: Exception) -> None:
        self.refresh_button.setEnabled(True)
        self._say(self.t("tech.common.failed", error=error), error=True)
        self.failed.emit(str(error))

    def _say(self, words: str, *, error: bool = False) -> None:
        self.notice.setText(words)
        set_property(self.notice, "role", "error" if error else "value")
        self.notice.show()

    # -- acting on one record -------------------------------------------------------------------
    def inspect(self, record: QuarantinedRecord) -> None:
        data_dir = self.ctx.data_dir
        self.run(lambda: inspect_record(data_dir, record.id), self._inspected, self._failed)

    def _inspected(self, details: object) -> None:
        self.details.show_details(details)
        self.inspected.emit(details)

    def retry(self, record: QuarantinedRecord) -> None:
        data_dir = self.ctx.data_dir
        number = tracking.grouped(record.tracking_number)

        def done(requeued: bool) -> None:
            self.audit("retry_quarantined", application=record.id, requeued=requeued)
            if requeued:
                self.ctx.wake_sync()
                self._say(self.t("tech.queue.retried", number=number))
            else:
                self._say(self.t("tech.queue.retry_gone", number=number))
            self.retried.emit(record.id, requeued)
            self.refresh()

        self.run(lambda: retry_record(data_dir, record.id), done, self._failed)
