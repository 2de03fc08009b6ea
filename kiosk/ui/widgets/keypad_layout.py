"""Keys beside the words at the large text sizes, so no key ever scrolls out of reach.

At the standard size a keypad screen fits 1920×1080 as it is: heading, help, then the typed
digits beside the keys. At 大字 the heading and help alone take most of the height and the keys
fell below the screen. There, `beside_keys` gives the screen a column right of its scrolled
part: the keypad's keys go in it, top to bottom of the screen between the bars, and stay in
place, while the question, its help, the digits typed and any problem read down the left (and
scroll, with its big scroll bar, only where extra-large words need it).
"""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout

from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.keypad import Keypad


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


def beside_keys(screen: Screen) -> SideKeys | None:
    """A side column for keys on `screen` at the large text sizes; None at the standard one."""
    return SideKeys(screen) if screen.theme.size != "standard" else None
