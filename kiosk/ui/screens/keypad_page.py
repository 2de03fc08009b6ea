"""A page whose answer is typed on the big keypad and then checked on a worker: the volunteer's
badge code and 查进度's tracking number. It owns the keypad, the "checking…" line and the
problem banner, and routes digit and Backspace keys to the keypad's own buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.ui.a11y import announce
from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.error_banner import ErrorBanner
from kiosk.ui.widgets.keypad import Keypad
from kiosk.ui.widgets.words import Words


class KeypadPage(Screen):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.error = ErrorBanner(theme)
        self.busy = Words(role="big")
        self.busy.hide()
        self.body.addWidget(self.error)
        self.body.addWidget(self.busy)
        self.keypad: Keypad | None = None

    def put_keypad(self, keypad: Keypad) -> None:
        """A fresh keypad below whatever the page shows (the last one goes)."""
        self._drop_keypad()
        self.keypad = keypad
        self.body.addWidget(keypad, 1)
        if self.isVisible():
            keypad.show()

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.bar.set_busy(busy)
        if busy:
            self.error.show_message(None)
            announce(self.busy, self.busy.words())
        if self.keypad is not None:
            self.keypad.setEnabled(not busy)

    def show_problem(self, text: str) -> None:
        self.set_busy(False)
        self.error.show_message(text)

    def handle_key(self, text: str) -> bool:
        keypad = self.keypad
        if keypad is None or not text.isdigit() or not text.isascii():
            return False
        button = keypad.keys.get(text)
        if button is not None and button.isEnabled():
            button.click()
        return True

    def handle_backspace(self) -> bool:
        if self.keypad is not None and self.keypad.delete_key.isEnabled():
            self.keypad.delete_key.click()
        return self.keypad is not None

    def _drop_keypad(self) -> None:
        if self.keypad is not None:
            self.body.removeWidget(self.keypad)
            self.keypad.hide()
            self.keypad.deleteLater()
            self.keypad = None
