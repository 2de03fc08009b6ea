"""The on-screen keypad: big digit keys, Delete and Clear, and a display of what was typed.

The display shows the digits in the groups people read them in (ID 6-8-4, phone 3-4-4), with a
count ("已经输了 7 位，一共要 18 位") so nobody has to count eighteen digits by eye.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.look.icons import icon
from kiosk.ui.look.qt_compat import emit
from kiosk.ui.shell.context import UiContext

KEY_WIDTH = 168
SIDE_GAP = 16   # the floor for gaps between targets
DIGIT_ROWS = ("123", "456", "789")


def _key(text: str, role: str = "key") -> QPushButton:
    button = QPushButton(text)
    button.setProperty("role", role)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    button.setMinimumWidth(KEY_WIDTH)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    button.setAccessibleName(text)
    return button


class Keypad(QWidget):
    """Digits (and X or a decimal point when the field needs one) typed by tapping keys."""

    changed = Signal(str)
    pressed = Signal()  # a key was tapped (not set from outside): time to say the new state

    def __init__(self, ctx: UiContext, *, max_length: int, extra_key: str | None = None,
                 group: Callable[[str], str] = lambda text: text, exact_length: int | None = None,
                 suffix: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._text = ""
        self._max_length = max_length
        self._extra_key = extra_key
        self._group = group
        self._exact_length = exact_length
        self._suffix = suffix
        self.keys: dict[str, QPushButton] = {}
        self._shown_empty: bool | None = None

        # Extra large digits need the whole width: the display goes above the keys.
        layout = QVBoxLayout(self) if ctx.theme.size == "extra_large" else QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(ctx.theme.margin_px if ctx.theme.size != "extra_large" else
                          ctx.theme.gap_px)
        layout.addLayout(self._build_display(), 1)
        self.key_panel = QWidget()     # the keys; a screen may hold them apart (`take_keys`)
        self.key_panel.setLayout(self._build_keys())
        layout.addWidget(self.key_panel, 0)
        self._refresh()

    # -- building ----------------------------------------------------------------------------
    def _build_display(self) -> QVBoxLayout:
        column = self.display_column = QVBoxLayout()
        column.setSpacing(self._ctx.theme.gap_px // 2)
        self.display = QLabel()
        self.display.setProperty("role", "display")
        self.display.setMinimumHeight(self._ctx.theme.display_px * 2)
        self.display.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.display.setWordWrap(True)
        self.counter = QLabel()
        self.counter.setProperty("role", "help")
        column.addWidget(self.display)
        column.addWidget(self.counter)
        column.addStretch(1)
        return column

    def _build_keys(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(self._ctx.theme.gap_px)
        for row, digits in enumerate(DIGIT_ROWS):
            for column, digit in enumerate(digits):
                self._add_key(grid, digit, row, column)
        if self._extra_key:
            self._add_key(grid, self._extra_key, 3, 0)
        self._add_key(grid, "0", 3, 1)
        delete = _key(self._ctx.t("ui.keypad.delete"), "small")
        clear = _key(self._ctx.t("ui.keypad.clear"), "small")
        delete.setIcon(icon("back", self._ctx.theme.tile_text, 40))
        delete.setIconSize(QSize(40, 40))
        delete.clicked.connect(self.backspace)
        clear.clicked.connect(self.clear)
        grid.addWidget(delete, 0, 3, 2, 1)
        grid.addWidget(clear, 2, 3, 2, 1)
        self.delete_key, self.clear_key = delete, clear
        return grid

    def _add_key(self, grid: QGridLayout, char: str, row: int, column: int) -> None:
        button = _key(char)
        button.clicked.connect(lambda: self.press(char))
        grid.addWidget(button, row, column)
        self.keys[char] = button

    def take_keys(self) -> QWidget:
        """The keys, out of this widget's layout, for the screen to place beside the words (they
        stay this keypad's keys). There they are narrower and a little lower (theme.py's
        `side` key rule, never under the 72 px floor) and 16 px apart, to leave the words room
        and fit four rows between the bars."""
        layout = self.layout()
        if layout is not None:
            layout.removeWidget(self.key_panel)
        grid = self.key_panel.layout()
        if grid is not None:
            grid.setSpacing(SIDE_GAP)
        for button in (*self.keys.values(), self.delete_key, self.clear_key):
            button.setProperty("side", True)
            button.setMinimumWidth(0)
            button.style().unpolish(button)
            button.style().polish(button)
        self.key_panel.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Expanding)
        return self.key_panel

    def set_usable(self, usable: bool) -> None:
        """Rest (or wake) the whole keypad, its keys wherever they are placed."""
        self.setEnabled(usable)
        self.key_panel.setEnabled(usable)

    # -- state -------------------------------------------------------------------------------
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        allowed = set("0123456789") | ({self._extra_key} if self._extra_key else set())
        cleaned = "".join(ch for ch in text.upper() if ch in allowed)
        self._text = cleaned[: self._max_length]
        self._refresh()

    def press(self, char: str) -> None:
        if len(self._text) >= self._max_length:
            return
        if not self._allowed_now(char):
            return
        self._text += char
        self._refresh()
        emit(self.pressed)

    def backspace(self) -> None:
        self._text = self._text[:-1]
        self._refresh()
        emit(self.pressed)

    def clear(self) -> None:
        self._text = ""
        self._refresh()
        emit(self.pressed)

    def _allowed_now(self, char: str) -> bool:
        if char == ".":
            return "." not in self._text
        if char == "X" and self._exact_length:  # X is only ever the last character of an ID
            return len(self._text) == self._exact_length - 1
        return True

    def _refresh(self) -> None:
        empty = not self._text
        if empty:
            self.display.setText(self._ctx.t("ui.keypad.placeholder"))
        else:
            self.display.setText(f"{self._group(self._text)} {self._suffix}".rstrip())
        # Remember the state in Python: reading a bool back with property() leaks a reference
        # in PySide6 6.12 and, repeated often enough, crashes the interpreter.
        if self._shown_empty is not empty:
            self._shown_empty = empty
            self.display.setProperty("empty", empty)
            self.display.style().unpolish(self.display)
            self.display.style().polish(self.display)
        if self._exact_length:
            self.counter.setText(self._ctx.t("ui.keypad.count_of", count=len(self._text),
                                             total=self._exact_length))
        else:
            self.counter.setText(self._ctx.t("ui.keypad.count", count=len(self._text)))
        full = len(self._text) >= self._max_length
        for char, button in self.keys.items():
            button.setEnabled(not full and self._allowed_now(char))
        self.delete_key.setEnabled(not empty)
        self.clear_key.setEnabled(not empty)
        emit(self.changed, self._text)
