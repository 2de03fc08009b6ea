"""One answer input per field type, none of which needs pinyin; `make_input` picks it."""

from __future__ import annotations

from kiosk.domain.catalog import Field, FieldType
from kiosk.ui.inputs.base import AnswerInput
from kiosk.ui.inputs.date_input import DateInput
from kiosk.ui.inputs.keypad_input import KeypadInput
from kiosk.ui.inputs.text_input import TextInput
from kiosk.ui.inputs.tiles_input import ChoiceInput, YesNoInput
from kiosk.ui.shell.context import UiContext

__all__ = ["AnswerInput", "make_input"]


def make_input(field: Field, ctx: UiContext) -> AnswerInput:
    if field.type is FieldType.CHOICE:
        return ChoiceInput(field, ctx)
    if field.type is FieldType.YES_NO:
        return YesNoInput(field, ctx)
    if field.type is FieldType.DATE:
        return DateInput(field, ctx)
    if field.type in (FieldType.NUMBER, FieldType.PHONE, FieldType.ID_NUMBER):
        return KeypadInput(field, ctx)
    return TextInput(field, ctx)
