"""Short text in a large box. Handwriting or voice input is the system input method's job."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from kiosk.domain.catalog import DEFAULT_MAX_LENGTH, Field
from kiosk.ui.inputs.base import AnswerInput
from kiosk.ui.look.spoken import spoken_entry
from kiosk.ui.shell.context import UiContext

ONE_LINE_MAX = 50  # longer answers get a box with several lines


class TextInput(AnswerInput):
    def __init__(self, field: Field, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(field, ctx, parent)
        self.max_length = int(field.validation.get("max_length", DEFAULT_MAX_LENGTH))
        self.editor: QLineEdit | QPlainTextEdit
        if self.max_length <= ONE_LINE_MAX:
            line = QLineEdit()
            line.setMaxLength(self.max_length)
            line.returnPressed.connect(self.submit_requested)
            line.textChanged.connect(self._update_count)
            line.textEdited.connect(self.edited)
            self.editor = line
        else:
            box = QPlainTextEdit()
            box.setFixedHeight(ctx.theme.key_px * 5)
            box.textChanged.connect(self._update_count)
            box.textChanged.connect(self.edited)
            self.editor = box
        self.editor.setPlaceholderText(ctx.t("ui.text.placeholder"))
        self.editor.setAccessibleName(ctx.tr.text(field.label))
        self.count = QLabel()
        self.count.setProperty("role", "help")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(ctx.theme.gap_px // 2)
        layout.addWidget(self.editor)
        layout.addWidget(self.count)
        layout.addStretch(1)
        self._update_count()

    def text(self) -> str:
        if isinstance(self.editor, QLineEdit):
            return self.editor.text()
        return self.editor.toPlainText()

    def raw_value(self) -> object:
        return self.text()

    def set_raw(self, raw: object) -> None:
        text = "" if raw is None else str(raw)
        if isinstance(self.editor, QLineEdit):
            self.editor.setText(text)
        else:
            self.editor.setPlainText(text)

    def spoken_state(self) -> list[str]:
        return [spoken_entry(self.field, self.text(), self.ctx)] if self.text() else []

    def how_to(self) -> str:
        return self.ctx.t("ui.speech.how_text")

    def complete(self) -> bool:
        return False   # still being typed: a problem goes, and is checked again at 下一步

    def focus_editor(self) -> None:
        self.editor.setFocus()

    def _update_count(self) -> None:
        self.count.setText(self.ctx.t("ui.text.count", count=len(self.text()),
                                      max=self.max_length))
