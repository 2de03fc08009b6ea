"""The bar across the top of every screen: hall name, a calm status line, clock, language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.context import UiContext

HEIGHT = 120


class TopBar(QWidget):
    language_toggled = Signal()

    def __init__(self, hall_name: str | None,
                 now: Callable[[], dt.datetime] = dt.datetime.now,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TopBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFixedHeight(HEIGHT)
        self._hall_name = hall_name
        self._now = now
        self._ctx: UiContext | None = None

        self.hall = QLabel()
        self.hall.setProperty("role", "hall")
        self.status = QLabel()
        self.status.setProperty("role", "status")
        self.status.hide()
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addStretch(1)
        names.addWidget(self.hall)
        names.addWidget(self.status)
        names.addStretch(1)
        self.clock = QLabel()
        self.language = QPushButton()
        self.language.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.language.clicked.connect(self.language_toggled)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(48, 0, 48, 0)
        layout.setSpacing(48)
        layout.addLayout(names, 1)
        layout.addWidget(self.clock)
        layout.addWidget(self.language)

        # The clock changes once a minute at most; checking every 5 s keeps it on time.
        self._timer = QTimer(self)
        self._timer.setInterval(5000)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def show_context(self, ctx: UiContext) -> None:
        self._ctx = ctx
        self.hall.setText(self._hall_name or ctx.t("ui.top.hall_name"))
        self.language.setText(ctx.t("ui.top.switch_language"))
        self.language.setAccessibleName(ctx.t("ui.top.switch_language_name"))
        self._tick()

    def set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _tick(self) -> None:
        if self._ctx is None:
            return
        now = self._now()
        weekdays = self._ctx.t("ui.top.weekdays").split(",")
        weekday = weekdays[now.weekday()] if len(weekdays) == 7 else ""
        months = self._ctx.t("ui.date.month_names").split(",")
        month_name = months[now.month - 1] if len(months) == 12 else str(now.month)
        text = self._ctx.t("ui.top.clock", month=now.month, day=now.day, weekday=weekday,
                           hour=now.hour, minute=now.minute, month_name=month_name)
        if text != self.clock.text():
            self.clock.setText(text)
