"""Keys beside the words, so no key ever scrolls out of reach.

With the keys under the heading and help, a longer help line (English, or any text at 大字) pushed
the keypad below the screen. `beside_keys` gives a keypad screen a column right of its scrolled
part: the keypad's keys go in it, from the top bar down to the bottom bar, and stay in place,
while the question, its help, the digits typed and any problem read down the left (scrolling,
with the big scroll bar and Page Down, only where extra-large words need it; all of it is
spoken when the screen appears and again with 再听一遍).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.keypad import Keypad

PAGE_KEYS = {Qt.Key.Key_PageDown: 1, Qt.Key.Key_PageUp: -1}


class SideKeys:
    """The fixed column for one screen's keypad keys."""

    def __init__(self, screen: Screen) -> None:
        self._screen = screen
        outer = screen.layout()
        if not isinstance(outer, QBoxLayout):
            raise TypeError("a screen's layout is a box: scrolled part, then the bar")
        index = outer.indexOf(screen.scroller)
        outer.removeWidget(screen.scroller)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(screen.theme.gap_px)
        row.addWidget(screen.scroller, 1)
        self.column = QVBoxLayout()
        self.column.setContentsMargins(0, 0, 0, 0)
        row.addLayout(self.column, 0)
        outer.insertLayout(index, row, 1)

    def hold(self, keypad: Keypad) -> None:
        panel = keypad.take_keys()
        self.column.addWidget(panel, 1)
        if self._screen.isVisible():
            panel.show()   # now, not after the event loop: keys typed at once need it

    def release(self, keypad: Keypad) -> None:
        panel = keypad.key_panel
        self.column.removeWidget(panel)
        panel.hide()
        panel.deleteLater()


def beside_keys(screen: Screen) -> SideKeys:
    """A side column for the keys of `screen`'s keypads."""
    return SideKeys(screen)


def scroll_by_page(screen: Screen, key: int) -> bool:
    """Page Down / Page Up scroll a screen's words by a screenful; True if `key` was one."""
    step = PAGE_KEYS.get(Qt.Key(key))
    if step is None:
        return False
    bar = screen.scroller.verticalScrollBar()
    bar.setValue(bar.value() + step * bar.pageStep())
    return True


def keep_in_view(screen: Screen, *widgets: QWidget) -> None:
    """Scroll `screen`'s words so the shown `widgets` are in view, the first above all (the
    digits just typed must never be out of sight below the keys' column)."""
    for widget in reversed(widgets):
        if widget.isVisible():
            screen.scroller.ensureWidgetVisible(widget, 0, screen.theme.gap_px)
