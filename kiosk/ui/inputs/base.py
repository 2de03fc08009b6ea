"""What the question screen needs from any input: read the raw answer, put one back."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QBoxLayout, QWidget

from kiosk.catalog import Field
from kiosk.ui.context import UiContext


class AnswerInput(QWidget):
    """Holds what the resident entered; the session (kiosk.fields) decides if it is right."""

    submit_requested = Signal()  # e.g. Enter on a hardware keyboard

    def __init__(self, field: Field, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.ctx = ctx

    def raw_value(self) -> object:
        raise NotImplementedError

    def set_raw(self, raw: object) -> None:
        raise NotImplementedError

    def error_slot(self) -> tuple[QBoxLayout, int] | None:
        """Where a problem message fits right beside the entry (layout, index), if anywhere."""
        return None
