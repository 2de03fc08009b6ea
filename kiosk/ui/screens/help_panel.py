"""Help, over any screen: what to do here (also spoken), call a volunteer, and how to speak.

Volunteers sign in (and out) here too: the smaller 志愿者登录 button beside it opens the badge
keypad (see kiosk/ui/features/volunteer.py); while one is signed in it reads 志愿者退出.

"Call a volunteer" puts a big notice on screen ("已通知工作人员，请稍等") and the window records the
request. The speech controls are three big steps each (slow / normal / fast, quiet / medium /
loud) and go back to normal for the next resident.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QWidget

from kiosk.speech.api import RateStep
from kiosk.ui.look.a11y import announce
from kiosk.ui.look.icons import icon
from kiosk.ui.look.qt_compat import emit
from kiosk.ui.look.spoken import sentences
from kiosk.ui.look.theme import Theme
from kiosk.ui.screens.base import Screen
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.words import Words

RATES = (RateStep.SLOW, RateStep.NORMAL, RateStep.FAST)
VOLUME_NAMES = ("quiet", "medium", "loud")


def _choice_row(grid: QGridLayout, row: int, label: Words, count: int,
                chosen: Callable[[int], None]) -> list[QPushButton]:
    """Three big steps, one checked at a time (kept by hand: a QButtonGroup would take the
    unchecked ones out of the keyboard's reach)."""
    buttons: list[QPushButton] = []

    def choose(index: int) -> None:
        for i, other in enumerate(buttons):
            other.setChecked(i == index)
        chosen(index)

    grid.addWidget(label, row, 0)
    for index in range(count):
        button = QPushButton()
        button.setCheckable(True)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(lambda _=False, i=index: choose(i))
        grid.addWidget(button, row, index + 1)
        buttons.append(button)
    return buttons


class HelpPanel(Screen):
    closed = Signal()
    volunteer_requested = Signal()
    volunteer_sign_in_requested = Signal()
    volunteer_today_requested = Signal()   # 今天办的事 (a signed-in volunteer only)
    rate_chosen = Signal(object)     # RateStep
    volume_chosen = Signal(int)      # index into speech_bridge.VOLUME_STEPS

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.volunteer = QPushButton()
        self.volunteer.setProperty("role", "primary")
        self.volunteer.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.volunteer.setIconSize(QSize(theme.icon_px // 2, theme.icon_px // 2))
        self.volunteer.setIcon(icon("elderly", theme.primary_text, theme.icon_px // 2))
        self.volunteer.clicked.connect(self.volunteer_requested)
        self.sign_in = QPushButton()
        self.sign_in.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.sign_in.setIconSize(QSize(theme.icon_px // 2, theme.icon_px // 2))
        self.sign_in.setIcon(icon("volunteer", theme.tile_text, theme.icon_px // 2))
        self.sign_in.clicked.connect(self.volunteer_sign_in_requested)
        self.today = QPushButton()   # see kiosk/ui/screens/volunteer_today.py
        self.today.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.today.clicked.connect(self.volunteer_today_requested)
        self.today.hide()
        self.notice = QFrame()
        self.notice.setProperty("role", "notice")
        self.notice_words = Words(role="big")
        notice_row = QHBoxLayout(self.notice)
        notice_row.setContentsMargins(theme.gap_px, theme.gap_px, theme.gap_px, theme.gap_px)
        notice_row.addWidget(self.notice_words)
        self.notice.hide()
        grid = QGridLayout()
        grid.setHorizontalSpacing(theme.gap_px)
        grid.setVerticalSpacing(theme.gap_px)
        self.rate_label, self.volume_label = Words(role="answer"), Words(role="answer")
        self.rate_buttons = _choice_row(grid, 0, self.rate_label, 3,
                                        lambda i: emit(self.rate_chosen, RATES[i]))
        self.volume_buttons = _choice_row(grid, 1, self.volume_label, 3,
                                          lambda i: emit(self.volume_chosen, i))
        grid.setColumnStretch(4, 1)
        call_row = QHBoxLayout()
        call_row.setSpacing(theme.gap_px)
        call_row.addWidget(self.volunteer)
        call_row.addStretch(1)
        call_row.addWidget(self.sign_in)
        self.body.addLayout(call_row)
        today_row = QHBoxLayout()
        today_row.addStretch(1)
        today_row.addWidget(self.today)
        self.body.addLayout(today_row)
        self.body.addWidget(self.notice)
        self.body.addLayout(grid)
        self.body.addStretch(1)
        self.bar.back_clicked.connect(self.closed)
        self._topic = ""

    def present(self, ctx: UiContext, topic: str, rate: RateStep, volume_index: int, *,
                volunteer_name: str | None = None, volunteers: bool = False) -> None:
        """`topic` is the help for the screen underneath (spoken and shown); `volunteers`
        offers the volunteer sign-in (sign-out while `volunteer_name` is signed in)."""
        self._topic = topic
        self.set_texts(ctx.t("ui.help.title"), topic)
        self.volunteer.setText(ctx.t("ui.help.call_volunteer"))
        self.volunteer.setAccessibleName(ctx.t("ui.help.call_volunteer"))
        self.volunteer.setAccessibleDescription(ctx.t("ui.help.call_volunteer_description"))
        self.notice_words.set_words(ctx.t("ui.help.volunteer_called"))
        if volunteer_name is None:
            self.sign_in.setText(ctx.t("ui.help.volunteer_sign_in"))
            self.sign_in.setAccessibleName(ctx.t("ui.help.volunteer_sign_in"))
            self.sign_in.setAccessibleDescription(
                ctx.t("ui.help.volunteer_sign_in_description"))
        else:
            self.sign_in.setText(ctx.t("ui.volunteer.sign_out"))
            self.sign_in.setAccessibleName(ctx.t("ui.volunteer.sign_out_name",
                                                 name=volunteer_name))
            self.sign_in.setAccessibleDescription("")
        self.sign_in.setVisible(volunteers or volunteer_name is not None)
        self.today.setText(ctx.t("receipts.today.open"))
        self.today.setAccessibleName(ctx.t("receipts.today.open"))
        self.today.setAccessibleDescription(ctx.t("receipts.today.open_description"))
        self.today.setVisible(volunteer_name is not None)
        self.rate_label.set_words(ctx.t("ui.help.rate"))
        self.volume_label.set_words(ctx.t("ui.help.volume"))
        for button, step in zip(self.rate_buttons, RATES, strict=True):
            button.setText(ctx.t(f"ui.help.rate_{step.value}"))
            button.setAccessibleName(f"{ctx.t('ui.help.rate')} {button.text()}")
        for button, name in zip(self.volume_buttons, VOLUME_NAMES, strict=True):
            button.setText(ctx.t(f"ui.help.volume_{name}"))
            button.setAccessibleName(f"{ctx.t('ui.help.volume')} {button.text()}")
        for index, button in enumerate(self.rate_buttons):
            button.setChecked(index == RATES.index(rate))
        for index, button in enumerate(self.volume_buttons):
            button.setChecked(index == volume_index)
        self.bar.configure(back=ctx.t("ui.help.close"), next_=None)

    def show_called(self) -> None:
        self.notice.show()
        self.volunteer.setEnabled(False)
        announce(self.notice, self.notice_words.words())

    def reset(self) -> None:
        self.notice.hide()
        self.volunteer.setEnabled(True)
        self._topic = ""

    def spoken(self, ctx: UiContext) -> str:
        if not self.notice.isHidden():
            return self.notice_words.words()
        return sentences([self._topic, ctx.t("ui.help.spoken_hint")])
