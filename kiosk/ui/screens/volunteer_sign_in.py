"""Volunteer sign-in, over any screen (from the Help panel): the badge code on the big keypad.

The code is never shown (one ● per digit) and never spoken ("已输入 3 位"); the window checks it on
a worker and says what happened. A wrong code is said plainly beside the keypad and aloud.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.ui.look.qt_compat import emit
from kiosk.ui.look.spoken import entered_count, sentences
from kiosk.ui.look.theme import Theme
from kiosk.ui.screens.keypad_page import KeypadPage
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.keypad import Keypad

BADGE_DIGITS = 8   # VolunteerRegistry.add issues 8-digit codes
MASK = "●"


class VolunteerSignIn(KeypadPage):
    closed = Signal()
    submitted = Signal(str)     # the code, handed straight to the checker; not kept here
    feedback = Signal(str)      # what to say after a key: how many digits, never which

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self._ctx: UiContext | None = None
        self.bar.back_clicked.connect(self.closed)
        self.bar.next_clicked.connect(self.submit)

    def present(self, ctx: UiContext) -> None:
        self._ctx = ctx
        self.set_texts(ctx.t("ui.volunteer.title"), ctx.t("ui.volunteer.help"))
        self.busy.set_words(ctx.t("ui.volunteer.checking"))
        self.busy.hide()
        self.error.show_message(None)
        keypad = Keypad(ctx, max_length=BADGE_DIGITS, exact_length=BADGE_DIGITS,
                        group=lambda text: MASK * len(text))
        keypad.display.setAccessibleName(ctx.t("ui.volunteer.code_name"))
        keypad.pressed.connect(self._pressed)
        self.put_keypad(keypad)
        self.bar.configure(back=ctx.t("ui.nav.back"), next_=ctx.t("ui.volunteer.submit"))
        self.bar.set_busy(False)

    def _pressed(self) -> None:
        if self.keypad is not None and self._ctx is not None:
            text = self.keypad.text()
            emit(self.feedback, entered_count(self._ctx, text) if text
                 else self._ctx.t("ui.speech.nothing_entered"))

    def submit(self) -> None:
        if self.keypad is None or self.busy.isVisible():
            return
        code = self.keypad.text()
        self.keypad.set_text("")   # the code leaves the screen at once
        emit(self.submitted, code)

    def spoken(self, ctx: UiContext) -> str:
        if self.busy.isVisible():
            return self.busy.words()
        return sentences([self.error.message(), self.heading.words(), self.help.words()])

    def help_spoken(self, ctx: UiContext) -> str:
        return sentences([self.help.words(), ctx.t("ui.speech.how_keypad")])

    def leave(self) -> None:
        self._drop_keypad()
        self.error.show_message(None)
        self.busy.hide()
