"""One question per screen: the prompt as heading, its help, the problem (if any), the input.

The input is rebuilt only when the question (or the language) changes; after a wrong answer the
resident's entry stays on screen beside the message, so they can correct one digit, not retype.
The message goes as soon as the entry changes, and comes back (or another one) only if the entry,
once it looks complete, is still wrong: a put-right mistake is never left marked wrong.
At 大字 a keypad's keys stand beside the question (`beside_keys`), never below the screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from kiosk.domain.catalog import Field
from kiosk.domain.fields import is_blank, validate_field
from kiosk.domain.session import SessionView
from kiosk.errors import FieldError
from kiosk.ui.inputs import AnswerInput, make_input
from kiosk.ui.inputs.keypad_input import KeypadInput
from kiosk.ui.inputs.text_input import TextInput
from kiosk.ui.look.qt_compat import emit
from kiosk.ui.look.spoken import sentences
from kiosk.ui.look.theme import Theme
from kiosk.ui.screens.base import Screen, step_text
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.error_banner import ErrorBanner
from kiosk.ui.widgets.keypad_layout import beside_keys, keep_in_view, scroll_by_page

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class QuestionScreen(Screen):
    answered = Signal(object)   # the raw entry; the session checks it
    skipped = Signal()
    back_requested = Signal()
    feedback = Signal(str)      # what to say after a tap on the input

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.error = ErrorBanner(theme)
        self.body.addWidget(self.error)
        self.input: AnswerInput | None = None
        self._shown: tuple[str, str, str] | None = None   # (service, field, language)
        self._field: Field | None = None
        self._ctx: UiContext | None = None
        self._submitted: object = None   # the entry last sent to be checked
        self._rechecking = False
        self._side = beside_keys(self)
        self.bar.back_clicked.connect(self.back_requested)
        self.bar.skip_clicked.connect(self.skipped)
        self.bar.next_clicked.connect(self.submit)

    def show_view(self, view: SessionView, ctx: UiContext) -> None:
        field, service = view.field, view.service
        if field is None or service is None:
            return
        key = (service.id, field.id, ctx.language)
        if key != self._shown:
            same_question = self._shown is not None and self._shown[:2] == key[:2]
            raw = (self.input.raw_value() if same_question and self.input is not None
                   else view.answers.get(field.id))
            self._build_input(field, ctx, raw)
            self._rechecking = self._rechecking and same_question
            self._shown = key
        self._field, self._ctx = field, ctx
        help_text = ctx.tr.text(field.help)
        if not field.required:
            help_text = f"{help_text}\n{ctx.t('ui.question.optional')}"
        self.set_texts(ctx.tr.text(field.prompt), help_text)
        error = view.error
        message = ctx.t(error.key, **error.params) if error else None
        if message and self.input is not None and self.input.raw_value() != self._submitted:
            message = self._problem()   # changed since it was checked: what is wrong now
        self.error.show_message(message)
        self.bar.configure(
            back=ctx.t("ui.nav.back"), next_=ctx.t("ui.nav.next"),
            skip=None if field.required else ctx.t("ui.nav.skip"),
            step=step_text(ctx, view.question_number + 1, view.question_count))

    def spoken(self, ctx: UiContext) -> str:
        state = self.input.spoken_state() if self.input is not None else []
        if self.error.message():  # after a wrong answer: the problem first, then the question
            return sentences([self.error.message(), self.heading.words(), *state])
        return sentences([self.heading.words(), self.help.words(), *state])

    def help_spoken(self, ctx: UiContext) -> str:
        how = self.input.how_to() if self.input is not None else ""
        return sentences([self.heading.words(), self.help.words(), how])

    def _problem(self) -> str | None:
        """What is wrong with the entry as it stands, if it looks complete; else nothing."""
        entry, field, ctx = self.input, self._field, self._ctx
        if entry is None or field is None or ctx is None:
            return None
        raw = entry.raw_value()
        if is_blank(raw) and not field.required:
            return None
        try:
            validate_field(field, raw, ctx.today())
        except FieldError as exc:
            return ctx.t(exc.key, **exc.params) if entry.complete() else None
        return None

    def _edited(self) -> None:
        # Once a problem was said about this answer, every change checks it afresh.
        self._rechecking = self._rechecking or bool(self.error.message())
        if self._rechecking:
            self.error.show_message(self._problem())
        if isinstance(self.input, KeypadInput):
            keypad = self.input.keypad
            keep_in_view(self, keypad.display, keypad.counter, self.error)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter with no button focused means 下一步; Page Down / Up scroll the words."""
        if event.key() in ENTER_KEYS:
            event.accept()
            if self.bar.next.isVisible() and self.bar.next.isEnabled():
                self.bar.next.click()
            return
        if scroll_by_page(self, event.key()):
            event.accept()
            return
        super().keyPressEvent(event)

    def _drop_input(self) -> None:
        if self.input is not None:
            self.body.insertWidget(0, self.error)  # take the banner back before the input goes
            if isinstance(self.input, KeypadInput):
                self._side.release(self.input.keypad)
            self.body.removeWidget(self.input)
            self.input.hide()
            self.input.deleteLater()
            self.input = None

    def _build_input(self, field: Field, ctx: UiContext, raw: object) -> None:
        self._drop_input()
        self.input = make_input(field, ctx)
        if raw is not None:
            self.input.set_raw(raw)
        self.input.submit_requested.connect(self.submit)
        self.input.feedback.connect(self.feedback)
        self.input.edited.connect(self._edited)
        if isinstance(self.input, KeypadInput):
            self._side.hold(self.input.keypad)
        self.body.addWidget(self.input, 1)
        if self.isVisible():
            self.input.show()  # now, not after the event loop: keys need it
        slot = self.input.error_slot()
        if slot is not None:
            layout, index = slot
            layout.insertWidget(index, self.error)

    def focus_first(self) -> bool:
        if isinstance(self.input, TextInput):
            self.input.focus_editor()
            return True
        return False

    def submit(self) -> None:
        if self.input is not None:
            self._submitted = self.input.raw_value()
            emit(self.answered, self._submitted)

    def leave(self) -> None:
        self._shown = None
        self._field, self._submitted, self._rechecking = None, None, False
        self._drop_input()  # nothing personal lingers in a hidden widget
