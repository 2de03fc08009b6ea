"""Numbers, phone numbers and ID numbers on the big keypad: no typing, no pinyin."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.catalog import Field, FieldType
from kiosk.ui.inputs.base import AnswerInput
from kiosk.ui.look.formatting import grouped_for, unit_text
from kiosk.ui.look.qt_compat import emit
from kiosk.ui.look.spoken import spoken_entry
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.keypad import Keypad

ID_LENGTH = 18
PHONE_MAX = 12     # a landline with a 4-digit area code and 8 digits
NUMBER_MAX = 9
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class KeypadInput(AnswerInput):
    def __init__(self, field: Field, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(field, ctx, parent)
        if field.type is FieldType.ID_NUMBER:
            self.keypad = Keypad(ctx, max_length=ID_LENGTH, extra_key="X",
                                 exact_length=ID_LENGTH,
                                 group=partial(grouped_for, FieldType.ID_NUMBER))
        elif field.type is FieldType.PHONE:
            self.keypad = Keypad(ctx, max_length=PHONE_MAX,
                                 group=partial(grouped_for, FieldType.PHONE))
        else:
            whole = bool(field.validation.get("integer", True))
            self.keypad = Keypad(ctx, max_length=NUMBER_MAX, extra_key=None if whole else ".",
                                 suffix=unit_text(field, ctx.tr))
        self.keypad.pressed.connect(self._said)
        # Focused after digits typed on a keyboard, so Enter then means 下一步 (not "press the
        # key that had focus").
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setAccessibleName(ctx.tr.text(field.label))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.keypad)

    def _said(self) -> None:
        emit(self.feedback, spoken_entry(self.field, self.keypad.text(), self.ctx))

    def spoken_state(self) -> list[str]:
        text = self.keypad.text()
        return [spoken_entry(self.field, text, self.ctx)] if text else []

    def how_to(self) -> str:
        if self.field.type is FieldType.ID_NUMBER:
            return self.ctx.t("ui.speech.how_id_number")
        return self.ctx.t("ui.speech.how_keypad")

    def handle_key(self, text: str) -> bool:
        key = text.upper()
        if key in self.keypad.keys:
            if self.keypad.keys[key].isEnabled():
                self.keypad.keys[key].click()
            self._keyboard_in_use()
            return True
        return False

    def handle_backspace(self) -> bool:
        if self.keypad.delete_key.isEnabled():
            self.keypad.delete_key.click()
        self._keyboard_in_use()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in ENTER_KEYS:
            event.accept()
            emit(self.submit_requested)
            return
        super().keyPressEvent(event)

    def _keyboard_in_use(self) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and focus is not self and self.keypad.key_panel.isAncestorOf(focus):
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def complete(self) -> bool:
        exact = ID_LENGTH if self.field.type is FieldType.ID_NUMBER else None
        return exact is not None and len(self.keypad.text()) >= exact

    def raw_value(self) -> object:
        return self.keypad.text()

    def set_raw(self, raw: object) -> None:
        self.keypad.set_text("" if raw is None else str(raw))

    def error_slot(self) -> tuple[QBoxLayout, int] | None:
        return self.keypad.display_column, 2  # under the digits and their count

    def type_keys(self, keys: str) -> None:
        """Press keys one by one, as a finger would (used by the tour and tests)."""
        for key in keys:
            button = self.keypad.keys.get(key.upper())
            if button is not None:
                button.click()
