"""Choosing a date without typing: three rows of big − / + steppers for year, month and day.

Years step by 1 or 10 and stop at the field's limits; months and days go round (12 → 1), so no
value is more than a few taps away. Nothing is chosen at first, so a resident never sends a date
they did not pick: the first tap on a row starts it at a sensible value.
"""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.look.formatting import date_text
from kiosk.ui.look.qt_compat import emit
from kiosk.ui.look.theme import FONT_FAMILY
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.words import Words

TEN_STEPS = ("year", "day")  # rows that also step by ten
PARTS = ("year", "month", "day")
STEP_WIDTH = 136
VALUE_WIDTH = 240


class DatePicker(QWidget):
    changed = Signal(object)  # dt.date | None
    stepped = Signal(str)     # a stepper was tapped: "年 1950"

    def __init__(self, ctx: UiContext, lowest: dt.date, highest: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._lowest, self._highest = lowest, highest
        self._parts: dict[str, int | None] = dict.fromkeys(PARTS)
        self.value_labels: dict[str, QLabel] = {}
        self.buttons: dict[tuple[str, int], QPushButton] = {}

        grid = QGridLayout()
        grid.setHorizontalSpacing(ctx.theme.gap_px)
        grid.setVerticalSpacing(ctx.theme.gap_px)
        for row, part in enumerate(PARTS):
            self._build_row(grid, row, part)
        self.summary = Words(role="big")
        # The chosen date (and any problem with it) sits to the right of the steppers.
        self.side_column = QVBoxLayout()
        self.side_column.setSpacing(ctx.theme.gap_px)
        self.side_column.addWidget(self.summary)
        self.side_column.addStretch(1)
        # Beside the steppers at the standard size; below them when the words are bigger.
        wide = ctx.theme.size == "standard"
        layout = QHBoxLayout(self) if wide else QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(ctx.theme.margin_px if wide else ctx.theme.gap_px)
        steppers = QHBoxLayout()
        steppers.addLayout(grid, 0)
        steppers.addStretch(1)
        layout.addLayout(steppers, 0)
        layout.addLayout(self.side_column, 1)
        self._refresh()

    def _build_row(self, grid: QGridLayout, row: int, part: str) -> None:
        name = QLabel(self._ctx.t(f"ui.date.{part}"))
        name.setProperty("role", "answer")
        grid.addWidget(name, row, 0)
        # −10 −1 [value] +1 +10, laid out symmetrically around the value.
        big = part in TEN_STEPS
        for column, delta in ({1: -10, 2: -1} if big else {2: -1}).items():
            self._add_step(grid, part, delta, row, column)
        value = QLabel()
        value.setProperty("role", "display")
        value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        value.setFixedWidth(self._value_width())
        value.setMinimumHeight(self._value_height())
        grid.addWidget(value, row, 3)
        self.value_labels[part] = value
        for column, delta in ({4: 1, 5: 10} if big else {4: 1}).items():
            self._add_step(grid, part, delta, row, column)

    def _value_width(self) -> int:
        """Room for four big digits (or "请选") inside the display's border and padding."""
        theme = self._ctx.theme
        font = QFont(FONT_FAMILY)
        font.setPixelSize(theme.display_px)
        font.setBold(True)
        digits = QFontMetrics(font).horizontalAdvance("8888")
        unset = QFontMetrics(font).horizontalAdvance(self._ctx.t("ui.date.unset"))
        return max(VALUE_WIDTH, max(digits, unset) + 2 * (24 + theme.border_px) + 8)

    def _value_height(self) -> int:
        font = QFont(FONT_FAMILY)
        font.setPixelSize(self._ctx.theme.display_px)
        font.setBold(True)
        return max(self._ctx.theme.target_px,
                   QFontMetrics(font).height() + 2 * (8 + self._ctx.theme.border_px))

    def _add_step(self, grid: QGridLayout, part: str, delta: int, row: int, column: int) -> None:
        key = "ui.date.plus" if delta > 0 else "ui.date.minus"
        button = QPushButton(self._ctx.t(key, step=abs(delta)))
        button.setProperty("role", "key")
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setMinimumWidth(STEP_WIDTH)
        button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        button.setFixedHeight(self._ctx.theme.target_px)
        button.setAccessibleName(f"{self._ctx.t(f'ui.date.{part}')} {button.text()}")
        button.clicked.connect(lambda: self.step(part, delta))
        grid.addWidget(button, row, column)
        self.buttons[(part, delta)] = button

    # -- state -------------------------------------------------------------------------------
    def value(self) -> dt.date | None:
        year, month, day = (self._parts[p] for p in PARTS)
        if year is None or month is None or day is None:
            return None
        return dt.date(year, month, day)

    def set_value(self, value: dt.date | None) -> None:
        if value is None:
            self._parts = dict.fromkeys(PARTS)
        else:
            self._parts = {"year": value.year, "month": value.month, "day": value.day}
        self._refresh()

    def _start_value(self, part: str) -> int:
        if part == "year":
            middle = (self._lowest.year + self._highest.year) // 2
            return max(self._lowest.year, min(self._highest.year, middle - middle % 10))
        return 1

    def step(self, part: str, delta: int) -> None:
        current = self._parts[part]
        if current is None:
            self._parts[part] = self._start_value(part)
        elif part == "year":
            self._parts[part] = max(self._lowest.year, min(self._highest.year, current + delta))
        else:
            size = 12 if part == "month" else self._days_in_month()
            self._parts[part] = (current - 1 + delta) % size + 1
        self._clamp_day()
        self._refresh()
        emit(self.stepped, self._ctx.t("ui.speech.date_part", part=self._ctx.t(f"ui.date.{part}"),
                                      value=self.value_labels[part].text()))

    def _days_in_month(self) -> int:
        year = self._parts["year"] or 2000  # a leap year: 29 February stays possible
        month = self._parts["month"] or 1
        return calendar.monthrange(year, month)[1]

    def _clamp_day(self) -> None:
        day = self._parts["day"]
        if day is not None and day > self._days_in_month():
            self._parts["day"] = self._days_in_month()

    def _refresh(self) -> None:
        for part, label in self.value_labels.items():
            number = self._parts[part]
            label.setText(self._ctx.t("ui.date.unset") if number is None else str(number))
        year = self._parts["year"]
        if year is not None:
            for delta in (-10, -1, 1, 10):
                button = self.buttons.get(("year", delta))
                if button is not None:
                    limit = self._lowest.year if delta < 0 else self._highest.year
                    button.setEnabled(year != limit)
        chosen = self.value()
        if chosen is None:
            self.summary.set_words(self._ctx.t("ui.date.none_chosen"))
        else:
            self.summary.set_words(f"{self._ctx.t('ui.date.chosen')} "
                                 f"{date_text(chosen, self._ctx.tr)}")
        emit(self.changed, chosen)
