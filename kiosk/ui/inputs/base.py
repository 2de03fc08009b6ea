"""What the question screen needs from any input: read the raw answer, put one back, and say
what it holds and how to use it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QBoxLayout, QWidget

from kiosk.domain.catalog import Field
from kiosk.ui.shell.context import UiContext


class AnswerInput(QWidget):
    """Holds what the resident entered; the session (kiosk.domain.fields) decides if it is right."""

    submit_requested = Signal()  # e.g. Enter on a hardware keyboard
    feedback = Signal(str)       # something to say right after a tap ("已输入 7 位", "已选：是")
    edited = Signal()            # the resident changed the entry (each tap, each letter typed)

    def __init__(self, field: Field, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.ctx = ctx
        self.feedback.connect(self.edited)   # every tap that says something changed the entry

    def raw_value(self) -> object:
        raise NotImplementedError

    def set_raw(self, raw: object) -> None:
        raise NotImplementedError

    def error_slot(self) -> tuple[QBoxLayout, int] | None:
        """Where a problem message fits right beside the entry (layout, index), if anywhere."""
        return None

    def spoken_state(self) -> list[str]:
        """The options, or what is entered so far (personal data as a count only)."""
        return []

    def how_to(self) -> str:
        """One sentence on how to answer with this input (spoken by Help)."""
        return ""

    def handle_key(self, text: str) -> bool:
        """A character typed on a hardware keyboard; True if this input used it."""
        return False

    def handle_backspace(self) -> bool:
        return False

    def complete(self) -> bool:
        """Whether the entry looks finished, so a check of it now is fair (an ID number with
        all 18 characters: yes; a name being typed: no)."""
        return True
