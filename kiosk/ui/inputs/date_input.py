"""Dates with the year / month / day steppers, limited to the field's own range."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.catalog import Field
from kiosk.ui.inputs.base import AnswerInput
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.date_picker import DatePicker

DEFAULT_LOWEST = dt.date(1900, 1, 1)


def _limit(rule: object, today: dt.date, default: dt.date) -> dt.date:
    if rule is None:
        return default
    if rule == "today":
        return today
    try:
        return dt.date.fromisoformat(str(rule))
    except ValueError:
        return default


class DateInput(AnswerInput):
    def __init__(self, field: Field, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(field, ctx, parent)
        today = ctx.today()
        lowest = _limit(field.validation.get("min"), today, DEFAULT_LOWEST)
        highest = _limit(field.validation.get("max"), today, today)
        if highest < lowest:
            highest = lowest
        self.picker = DatePicker(ctx, lowest, highest)
        self.picker.stepped.connect(self.feedback)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picker)

    def spoken_state(self) -> list[str]:
        return [self.picker.summary.words()] if self.picker.value() is not None else []

    def how_to(self) -> str:
        return self.ctx.t("ui.speech.how_date")

    def raw_value(self) -> object:
        value = self.picker.value()
        return None if value is None else value.isoformat()

    def error_slot(self) -> tuple[QBoxLayout, int] | None:
        return self.picker.side_column, 1  # under "您选的是……", beside the steppers

    def set_raw(self, raw: object) -> None:
        if isinstance(raw, dt.date):
            self.picker.set_value(raw)
            return
        try:
            self.picker.set_value(dt.date.fromisoformat(str(raw)) if raw else None)
        except ValueError:
            self.picker.set_value(None)
