"""A page whose answer is typed on the big keypad and then checked on a worker: the volunteer's
badge code and 查进度's tracking number. It owns the keypad, the "checking…" line and the
problem banner, and routes digit and Backspace keys to the keypad's own buttons.

The keys stand right of the words (`beside_keys`), so none falls below the screen at 大字.
Enter (Return or the number pad's Enter) confirms, as on every other screen: typing on a
keyboard takes the focus off the keypad's own keys (where Enter would press that key) to the
confirm button. A problem said about the last number goes as soon as the number changes; the
page may check the new number itself once it is complete (`recheck`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui.look.a11y import announce
from kiosk.ui.look.theme import Theme
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.error_banner import ErrorBanner
from kiosk.ui.widgets.keypad import Keypad
from kiosk.ui.widgets.keypad_layout import beside_keys, keep_in_view, scroll_by_page
from kiosk.ui.widgets.words import Words

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class KeypadPage(Screen):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.error = ErrorBanner(theme)
        self.busy = Words(role="big")
        self.busy.hide()
        self.body.addWidget(self.error)
        self.body.addWidget(self.busy)
        self.keypad: Keypad | None = None
        self._rechecking = False
        self._side = beside_keys(self)

    def put_keypad(self, keypad: Keypad) -> None:
        """A fresh keypad below whatever the page shows (the last one goes)."""
        self._drop_keypad()
        self.keypad = keypad
        self._rechecking = False
        keypad.pressed.connect(self._entry_changed)
        self._side.hold(keypad)
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
            self.keypad.set_usable(not busy)

    def show_problem(self, text: str) -> None:
        self.set_busy(False)
        self.error.show_message(text)

    def recheck(self, text: str) -> str | None:
        """The problem with `text` as typed so far, if the page can tell (None: say nothing)."""
        return None

    def _entry_changed(self) -> None:
        # Once a problem was said about this entry, every change checks it afresh.
        self._rechecking = self._rechecking or bool(self.error.message())
        if self.keypad is not None and self._rechecking:
            self.error.show_message(self.recheck(self.keypad.text()))
        if self.keypad is not None:
            keep_in_view(self, self.keypad.display, self.keypad.counter, self.error)

    def handle_key(self, text: str) -> bool:
        keypad = self.keypad
        if keypad is None or not text.isdigit() or not text.isascii():
            return False
        button = keypad.keys.get(text)
        if button is not None and button.isEnabled():
            button.click()
        self._keyboard_in_use()
        return True

    def handle_backspace(self) -> bool:
        if self.keypad is not None and self.keypad.delete_key.isEnabled():
            self.keypad.delete_key.click()
        if self.keypad is not None:
            self._keyboard_in_use()
        return self.keypad is not None

    def confirm(self) -> None:
        """What 下一步 / 查询 / 登录 does, if it can be pressed now."""
        button = self.bar.next
        if button.isVisible() and button.isEnabled():
            button.click()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter with no button focused confirms; Page Down / Up scroll the words."""
        if event.key() in ENTER_KEYS:
            self.confirm()
            event.accept()
            return
        if scroll_by_page(self, event.key()):
            event.accept()
            return
        super().keyPressEvent(event)

    def _keyboard_in_use(self) -> None:
        """Digits typed on a keyboard: from now on Enter is meant to confirm them."""
        focus = QApplication.focusWidget()
        keypad = self.keypad
        if keypad is None or focus is None or not (
                keypad.isAncestorOf(focus) or keypad.key_panel.isAncestorOf(focus)):
            return
        button = self.bar.next
        target: QWidget = button if button.isVisible() and button.isEnabled() else self
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _drop_keypad(self) -> None:
        if self.keypad is not None:
            self._side.release(self.keypad)
            self.body.removeWidget(self.keypad)
            self.keypad.hide()
            self.keypad.deleteLater()
            self.keypad = None
