"""The bar across the top of every screen: hall name and clock, the technician's status line,
then Text size, High contrast, Language and Help, always in the same places. While a volunteer
is signed in, "志愿者 李明 正在帮忙" stands where the hall's name is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.hall_time import HallTime
from kiosk.ui.look.icons import icon
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.volunteer_banner import VolunteerBanner

ICON_PX = 48


def _bar_button() -> QPushButton:
    button = QPushButton()
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


class TopBar(QWidget):
    language_toggled = Signal()
    text_size_clicked = Signal()
    contrast_clicked = Signal()
    help_clicked = Signal()

    def __init__(self, hall_name: str | None,
                 now: Callable[[], dt.datetime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TopBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._hall_name = hall_name
        self._now = now or HallTime().now   # the hall's wall clock, not the computer's zone
        self._ctx: UiContext | None = None

        self.hall = QLabel()
        self.hall.setProperty("role", "hall")
        self.clock = QLabel()
        self.volunteer = VolunteerBanner()
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addStretch(1)
        names.addWidget(self.hall)
        names.addWidget(self.volunteer, 0, Qt.AlignmentFlag.AlignLeft)
        names.addWidget(self.clock)
        names.addStretch(1)
        self.status = QLabel()  # for the technician: sync and speech problems
        self.status.setProperty("role", "status")
        self.status.setWordWrap(True)
        self.status.hide()
        self.text_size = _bar_button()
        self.contrast = _bar_button()
        self.contrast.setCheckable(True)
        self.language = _bar_button()
        self.help = _bar_button()
        self.help.setIconSize(QSize(ICON_PX, ICON_PX))
        self.text_size.clicked.connect(self.text_size_clicked)
        self.contrast.clicked.connect(self.contrast_clicked)
        self.language.clicked.connect(self.language_toggled)
        self.help.clicked.connect(self.help_clicked)

        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(48, 0, 48, 0)
        self.row.setSpacing(24)
        self.row.addLayout(names, 0)
        self.row.addWidget(self.status, 1)
        self.row.addStretch(0)
        for button in (self.text_size, self.contrast, self.language, self.help):
            self.row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)

        # The clock changes once a minute at most; checking every 5 s keeps it on time.
        self._timer = QTimer(self)
        self._timer.setInterval(5000)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def buttons(self) -> list[QPushButton]:
        return [self.text_size, self.contrast, self.language, self.help]

    def show_context(self, ctx: UiContext) -> None:
        self._ctx = ctx
        theme = ctx.theme
        self.setFixedHeight(theme.bar_height)
        self.hall.setText(self._hall_name or ctx.t("ui.top.hall_name"))
        size_name = ctx.t(f"ui.top.size_{theme.size}")
        self.text_size.setText(ctx.t("ui.top.text_size"))
        self.text_size.setAccessibleName(ctx.t("ui.top.text_size_name"))
        self.text_size.setAccessibleDescription(ctx.t("ui.top.text_size_now", size=size_name))
        self.contrast.setText(ctx.t("ui.top.contrast"))
        self.contrast.setAccessibleName(ctx.t("ui.top.contrast_name"))
        self.contrast.setChecked(theme.name == "high_contrast")
        self.language.setText(ctx.t("ui.top.switch_language"))
        self.language.setAccessibleName(ctx.t("ui.top.switch_language_name"))
        self.help.setText(ctx.t("ui.top.help"))
        self.help.setAccessibleName(ctx.t("ui.top.help_name"))
        self.help.setIcon(icon("help", theme.tile_text, ICON_PX))
        self._tick()

    def show_volunteer(self, ctx: UiContext, name: str | None) -> None:
        self.volunteer.show_volunteer(ctx, name)
        self.hall.setVisible(name is None)

    def set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text)
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
