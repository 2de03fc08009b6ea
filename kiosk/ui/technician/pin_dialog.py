"""The way past the hidden gate: a technician PIN typed on a big on-screen keypad.

Every outcome (right, wrong, locked, not set) is written to the audit log.
The PIN is checked on a worker (scrypt is slow on purpose, too slow for the UI thread) by
TechnicianPin, which counts wrong tries and locks for 5 minutes after 5. The PIN itself is never
shown (only dots), never logged, and dropped as soon as it has been checked.
"""

from __future__ import annotations

import math
from functools import partial
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from kiosk.privacy.technician_pin import PinCheck, TechnicianPin
from kiosk.ui.bridges.audit_trail import AuditTrail
from kiosk.ui.bridges.tasks import TaskRunner
from kiosk.ui.technician.section import ACTOR, ROLE
from kiosk.ui.technician.style import GAP_PX, button, label, set_property, stylesheet

MIN_DIGITS, MAX_DIGITS = 4, 8
KEY_ROWS = (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9"), ("clear", "0", "delete"))
CARD_WIDTH = 1400
KEY_WIDTH = 168


class PinDialog(QWidget):
    unlocked = Signal()
    cancelled = Signal()
    checked = Signal(object)  # the PinCheck, after its words are on screen

    def __init__(self, data_dir: Path, tasks: TaskRunner, language: str,
                 pin: TechnicianPin | None = None, parent: QWidget | None = None, *,
                 audit: AuditTrail | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TechnicianRoot")
        self.setStyleSheet(stylesheet())
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._tr = Translator(language)
        self._tasks = tasks
        self._pin = pin or TechnicianPin(data_dir)
        self._audit = audit or AuditTrail(data_dir)
        self._digits = ""
        self._busy = False

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self._build_card())
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self._refresh()

    def _build_card(self) -> QFrame:
        """Words, display and the two actions on the left; the keypad on the right."""
        card = QFrame()
        card.setProperty("role", "card")
        card.setFixedWidth(CARD_WIDTH)
        layout = QHBoxLayout(card)
        layout.setContentsMargins(GAP_PX * 2, GAP_PX * 2, GAP_PX * 2, GAP_PX * 2)
        layout.setSpacing(GAP_PX * 3)
        words = QVBoxLayout()
        words.setSpacing(GAP_PX)
        words.addWidget(label(self._tr.t("tech.pin.title"), "title"))
        words.addWidget(label(self._tr.t("tech.pin.help"), "help"))
        self.display = label("", "display", wrap=False)
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setAccessibleName(self._tr.t("tech.pin.title"))
        words.addWidget(self.display)
        self.message = label("", "error")
        self.message.setMinimumHeight(80)
        words.addWidget(self.message)
        words.addStretch(1)
        self.ok_button = button(self._tr.t("tech.pin.ok"), "primary")
        self.ok_button.clicked.connect(self.submit)
        words.addWidget(self.ok_button)
        self.cancel_button = button(self._tr.t("tech.pin.cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        words.addWidget(self.cancel_button)
        layout.addLayout(words, 1)
        layout.addLayout(self._build_keys())
        return card

    def _build_keys(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(GAP_PX)
        self.keys: dict[str, QPushButton] = {}
        for row, names in enumerate(KEY_ROWS):
            for column, name in enumerate(names):
                text = self._tr.t(f"tech.pin.{name}") if not name.isdigit() else name
                key = self.keys[name] = button(text, "key" if name.isdigit() else "key_word")
                key.setFixedWidth(KEY_WIDTH)
                key.setFocusPolicy(Qt.FocusPolicy.TabFocus)
                if name.isdigit():
                    key.clicked.connect(partial(self.press, name))
                elif name == "delete":
                    key.clicked.connect(self.backspace)
                else:
                    key.clicked.connect(self.clear)
                grid.addWidget(key, row, column)
        return grid

    # -- typing -------------------------------------------------------------------------------
    def press(self, digit: str, _checked: bool = False) -> None:
        if self._busy or len(self._digits) >= MAX_DIGITS:
            return
        self._digits += digit
        self._refresh()

    def backspace(self) -> None:
        if not self._busy:
            self._digits = self._digits[:-1]
            self._refresh()

    def clear(self) -> None:
        if not self._busy:
            self._digits = ""
            self._refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # a USB keyboard works too
        key, text = event.key(), event.text()
        if text.isdigit() and text.isascii():
            self.press(text)
        elif key == Qt.Key.Key_Backspace:
            self.backspace()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif key == Qt.Key.Key_Escape:
            self.cancel()
        else:
            super().keyPressEvent(event)

    def _refresh(self) -> None:
        count = len(self._digits)
        self.display.setText("●" * count if count else self._tr.t("tech.pin.empty"))
        self.display.setAccessibleDescription(self._tr.t("tech.pin.entered", count=count))
        self.ok_button.setEnabled(not self._busy and count >= MIN_DIGITS)
        for name, key in self.keys.items():
            if name.isdigit():
                key.setEnabled(not self._busy and count < MAX_DIGITS)
            else:
                key.setEnabled(not self._busy and count > 0)

    # -- checking -----------------------------------------------------------------------------
    def submit(self) -> None:
        if self._busy or len(self._digits) < MIN_DIGITS:
            return
        candidate, self._digits = self._digits, ""
        self._busy = True
        self._say(self._tr.t("tech.pin.checking"), error=False)
        self._refresh()
        pin = self._pin
        self._tasks.run(lambda: pin.check(candidate), self._checked, self._failed)

    def _checked(self, result: PinCheck) -> None:
        if not shiboken6.isValid(self):
            return
        self._busy = False
        self._refresh()
        if result.ok:
            self._say("", error=False)
        elif result.not_set:
            self._say(self._tr.t("tech.pin.not_set"))
        elif result.locked_for_seconds > 0:
            minutes = max(1, math.ceil(result.locked_for_seconds / 60))
            self._say(self._tr.t("tech.pin.locked", minutes=minutes))
        else:
            self._say(self._tr.t("tech.pin.wrong", count=result.attempts_left))
        self._record(result)
        self.checked.emit(result)
        if result.ok:
            self.unlocked.emit()

    def _record(self, result: PinCheck) -> None:
        """Every PIN outcome goes to the audit log (never the PIN itself)."""
        if result.ok:
            self._audit.record(ROLE, ACTOR, "pin_ok")
        elif result.not_set:
            self._audit.record(ROLE, ACTOR, "pin_not_set")
        elif result.locked_for_seconds > 0:
            self._audit.record(ROLE, ACTOR, "pin_locked",
                               locked_for_seconds=round(result.locked_for_seconds))
        else:
            self._audit.record(ROLE, ACTOR, "pin_wrong", attempts_left=result.attempts_left)

    def _failed(self, error: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        self._busy = False
        self._refresh()
        self._say(self._tr.t("tech.pin.error", error=error))
        self.checked.emit(None)

    def _say(self, words: str, *, error: bool = True) -> None:
        self.message.setText(words)
        set_property(self.message, "role", "error" if error else "help")

    def cancel(self) -> None:
        self._digits = ""
        self.cancelled.emit()

    @property
    def message_text(self) -> str:
        return self.message.text()
