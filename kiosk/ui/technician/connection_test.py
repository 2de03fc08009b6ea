"""Test connection: the diagnosis (address → network → TLS → credentials → clock) on a worker,
each step shown with a sign, a word and what was found, so the first failure is the one to fix.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel

from kiosk.i18n import Translator
from kiosk.sync.diagnosis import STEPS, Diagnosis, StepResult, Verdict
from kiosk.ui.technician.jobs import run_diagnosis
from kiosk.ui.technician.section import PanelContext, Section
from kiosk.ui.technician.style import GAP_PX, button, label, set_property
from kiosk.ui.technician.wording import VERDICT_SIGNS

NAME_WIDTH, VERDICT_WIDTH = 220, 150


class StepRow(QFrame):
    """One step: a round badge (✓ ! ✗ –), its name, the verdict in words, then the details."""

    def __init__(self, tr: Translator, step: str) -> None:
        super().__init__()
        self.setProperty("role", "card")
        self._tr, self.step = tr, step
        grid = QGridLayout(self)
        grid.setContentsMargins(GAP_PX, 12, GAP_PX, 12)
        grid.setHorizontalSpacing(GAP_PX)
        self.badge = label("", "badge", wrap=False)
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name = label(tr.t(f"tech.test.step.{step}"), "value", wrap=False)
        self.name.setFixedWidth(NAME_WIDTH)
        self.verdict = label("", "value", wrap=False)
        self.verdict.setFixedWidth(VERDICT_WIDTH)
        self.message = label("")
        self.advice = label("", "help")
        grid.addWidget(self.badge, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(self.verdict, 0, 2)
        grid.addWidget(self.message, 0, 3)
        grid.addWidget(self.advice, 1, 3)
        grid.setColumnStretch(3, 1)
        self.show_waiting(self._tr.t("tech.test.waiting"))

    def show_waiting(self, words: str) -> None:
        self._set("waiting", "", words, "")

    def show_result(self, result: StepResult) -> None:
        advice = ""
        if result.verdict in (Verdict.FAIL, Verdict.WARN):
            specific = f"tech.test.advice.{result.step}_{result.verdict}"
            advice = self._tr.t(specific if self._tr.has(specific)
                                else f"tech.test.advice.{result.step}")
        self._set(result.verdict.value, self._tr.t(f"tech.test.verdict.{result.verdict}"),
                  result.message, advice)

    def _set(self, verdict: str, words: str, message: str, advice: str) -> None:
        set_property(self.badge, "verdict", verdict)
        self.badge.setText(VERDICT_SIGNS[verdict])
        self.verdict.setText(words)
        self.message.setText(message)
        self.advice.setText(advice)
        self.advice.setVisible(bool(advice))
        self.setAccessibleName(f"{self.name.text()} {words} {message}")


class ConnectionTest(Section):
    finished = Signal(object)  # the Diagnosis, once shown
    failed = Signal(str)

    def __init__(self, ctx: PanelContext) -> None:
        super().__init__(ctx, "tech.panel.test", "tech.test.help")
        actions = QHBoxLayout()
        self.run_button = button(self.t("tech.test.run"), "primary", wide=True)
        self.run_button.clicked.connect(self.start)
        self.verdict = label("", "value")
        actions.addWidget(self.run_button)
        actions.addWidget(self.verdict, 1)
        self.body.addLayout(actions)
        self.rows = {step: StepRow(ctx.tr, step) for step in STEPS}
        for row in self.rows.values():
            self.body.addWidget(row)
        self.body.addStretch(1)

    @property
    def running(self) -> bool:
        return not self.run_button.isEnabled()

    def start(self) -> None:
        if self.running:
            return
        self.run_button.setEnabled(False)
        self.verdict.setText(self.t("tech.test.running"))
        set_property(self.verdict, "role", "value")
        for row in self.rows.values():
            row.show_waiting(self.t("tech.test.checking"))
        data_dir = self.ctx.data_dir
        self.run(lambda: run_diagnosis(data_dir), self._show, self._failed)

    def _show(self, diagnosis: Diagnosis) -> None:
        self.run_button.setEnabled(True)
        for result in diagnosis.steps:
            if result.step in self.rows:
                self.rows[result.step].show_result(result)
        if not diagnosis.ok:
            words, role = self.t("tech.test.failed"), "error"
        elif any(s.verdict is Verdict.WARN for s in diagnosis.steps):
            words, role = self.t("tech.test.ok_with_warning"), "value"
        else:
            words, role = self.t("tech.test.all_ok"), "value"
        self.verdict.setText(words)
        set_property(self.verdict, "role", role)
        self.audit("connection_test", ok=diagnosis.ok,
                   failed_steps=[s.step for s in diagnosis.steps if s.verdict is Verdict.FAIL])
        self.finished.emit(diagnosis)

    def _failed(self, error: Exception) -> None:
        self.run_button.setEnabled(True)
        for row in self.rows.values():
            row.show_waiting(self.t("tech.test.waiting"))
        self.verdict.setText(self.t("tech.test.error", error=error))
        set_property(self.verdict, "role", "error")
        self.failed.emit(str(error))

    def result_for(self, step: str) -> QLabel:
        """The verdict words shown for `step` (for tests and screen readers)."""
        return self.rows[step].verdict
