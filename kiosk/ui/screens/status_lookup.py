"""查进度: a resident types the 12-digit tracking number on the big keypad (shown 4-4-4), or
scans the receipt's QR code with a barcode scanner (see `kiosk.ui.shell.scanner`). The window
looks it up on a worker (`status_words.look_up`) and `show_result` shows the plain status, the
office's words, the next step and how old the news is. Over the home screen, like Help.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.domain import tracking
from kiosk.domain.status_words import LookupOutcome, StatusLookup, format_time
from kiosk.ui.look.a11y import announce
from kiosk.ui.look.qt_compat import emit
from kiosk.ui.look.spoken import digit_by_digit, sentences
from kiosk.ui.look.theme import Theme
from kiosk.ui.screens.keypad_page import KeypadPage
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.keypad import Keypad
from kiosk.ui.widgets.words import Words

TRACKING_DIGITS = 12


def grouped(text: str) -> str:
    """Digits in groups of four, as on the receipt: 6023 7217 4343."""
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


class StatusLookupScreen(KeypadPage):
    closed = Signal()
    submitted = Signal(str)     # the digits to look up
    feedback = Signal(str)      # what to say after a key

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.number = Words(role="help")
        self.answer = Words(role="big")
        self.office = Words(role="answer")
        self.next_step = Words()
        self.updated = Words(role="help")
        for widget in (self.number, self.answer, self.office, self.next_step, self.updated):
            self.body.addWidget(widget)
        self.result: StatusLookup | None = None
        self._ctx: UiContext | None = None
        self.bar.back_clicked.connect(self.closed)
        self.bar.next_clicked.connect(self._next)

    # -- entry -------------------------------------------------------------------------------
    def present(self, ctx: UiContext) -> None:
        """The keypad, empty: ready for a number (typed, or scanned)."""
        self._ctx = ctx
        self.result = None
        self.set_texts(ctx.t("ui.status.title"), ctx.t("ui.status.help"))
        self.busy.set_words(ctx.t("ui.status.checking"))
        self.busy.hide()
        self.error.show_message(None)
        self._show_answer(False)
        keypad = Keypad(ctx, max_length=TRACKING_DIGITS, exact_length=TRACKING_DIGITS,
                        group=grouped)
        keypad.display.setAccessibleName(ctx.t("ui.status.number_name"))
        keypad.pressed.connect(self._pressed)
        self.put_keypad(keypad)
        self.bar.configure(back=ctx.t("ui.nav.back"), next_=ctx.t("ui.status.submit"))
        self.bar.set_busy(False)

    def recheck(self, text: str) -> str | None:
        """A mistyped number said again only once all twelve digits are back and still wrong;
        while it is being corrected, nothing."""
        if self._ctx is None or len(text) < TRACKING_DIGITS or tracking.is_valid(text):
            return None
        wrong = StatusLookup(LookupOutcome.INVALID_NUMBER, text)
        return sentences([wrong.words(self._ctx.tr), wrong.next_step(self._ctx.tr)])

    def _pressed(self) -> None:
        if self.keypad is not None and self._ctx is not None:
            text = self.keypad.text()
            emit(self.feedback, digit_by_digit(text, self._ctx) if text
                 else self._ctx.t("ui.speech.nothing_entered"))

    def _next(self) -> None:
        if self.result is not None:   # 再查一个
            if self._ctx is not None:
                self.present(self._ctx)
                emit(self.feedback, self.spoken(self._ctx))
            return
        if self.keypad is None or self.busy.isVisible():
            return
        emit(self.submitted, self.keypad.text())

    def scanned(self, digits: str) -> None:
        """A scanner read a receipt: show the number as if typed, then look it up."""
        if self._ctx is None:
            return
        if self.result is not None or self.keypad is None:
            self.present(self._ctx)
        if self.keypad is not None:
            self.keypad.set_text(digits[-TRACKING_DIGITS:])
            emit(self.submitted, self.keypad.text())

    # -- the answer --------------------------------------------------------------------------
    def show_result(self, result: StatusLookup, ctx: UiContext) -> None:
        self._ctx = ctx
        self.set_busy(False)
        if result.outcome is LookupOutcome.INVALID_NUMBER:   # a typo: say so beside the keypad
            self.error.show_message(sentences([result.words(ctx.tr), result.next_step(ctx.tr)]))
            return
        self.result = result
        self._drop_keypad()
        self.set_texts(ctx.t("ui.status.result_title"), "")
        self.number.set_words(ctx.t("ui.status.number_is",
                                    number=grouped(result.tracking_number)))
        self.answer.set_words(result.words(ctx.tr))
        self.office.set_words(ctx.t("lookup.office_said", message=result.message)
                              if result.message else "")
        self.next_step.set_words(result.next_step(ctx.tr))
        self.updated.set_words(self._when(result, ctx))
        self._show_answer(True)
        self.bar.configure(back=ctx.t("ui.status.home"), next_=ctx.t("ui.status.again"))
        announce(self.answer, self.answer.words())

    @staticmethod
    def _when(result: StatusLookup, ctx: UiContext) -> str:
        parts = []
        updated = format_time(result.updated_at, ctx.language, ctx.hall)
        if updated:
            parts.append(ctx.t("ui.status.last_updated", time=updated))
        checked = format_time(result.checked_at, ctx.language, ctx.hall)
        if checked:
            parts.append(ctx.t("lookup.checked_at", time=checked))
        elif result.outcome is LookupOutcome.FOUND:
            parts.append(ctx.t("lookup.never_checked"))
        return sentences(parts)

    def _show_answer(self, shown: bool) -> None:
        for widget in (self.number, self.answer, self.office, self.next_step, self.updated):
            widget.setVisible(shown and bool(widget.words()))

    # -- keys and speech ---------------------------------------------------------------------
    def spoken(self, ctx: UiContext) -> str:
        if self.busy.isVisible():
            return self.busy.words()
        if self.result is not None:
            number = digit_by_digit(grouped(self.result.tracking_number), ctx)
            return sentences([ctx.t("ui.status.number_is", number=number),
                              self.result.spoken(ctx.tr), self.updated.words()])
        return sentences([self.error.message(), self.heading.words(), self.help.words()])

    def help_spoken(self, ctx: UiContext) -> str:
        if self.result is not None:
            return ctx.t("ui.status.result_help")
        return sentences([ctx.t("ui.status.help"), ctx.t("ui.speech.how_keypad")])

    def leave(self) -> None:
        self._drop_keypad()
        self.result = None
        self.error.show_message(None)
        self.busy.hide()
        for widget in (self.number, self.answer, self.office, self.next_step, self.updated):
            widget.set_words("")
        self._show_answer(False)
