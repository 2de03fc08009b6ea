"""EZ-Access style keys, and noticing every touch or key (for speech and the time-out).

Tab / arrows move through every control on screen in reading order (rows top to bottom, each
row left to right) and wrap round, so nothing traps focus; Enter or Space activates; F1 (or Help)
is help, F2 repeats, Esc goes back. Digits, X and Backspace type on the on-screen keypad.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

ACTIVITY_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin)
NEXT_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Down, Qt.Key.Key_Right)
PREVIOUS_KEYS = (Qt.Key.Key_Backtab, Qt.Key.Key_Up, Qt.Key.Key_Left)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


@dataclass
class KeyActions:
    """What the keyboard's special keys do in the window (help, repeat, back, …)."""

    activity: Callable[[], None]
    help: Callable[[], None]
    repeat: Callable[[], None]
    back: Callable[[], None]
    focused: Callable[[QWidget], None]
    type_char: Callable[[str], bool]
    backspace: Callable[[], bool]
    page: Callable[[], QWidget]          # the part of the window the keys work in, besides the bar
    bar: Callable[[], QWidget]


def is_control(widget: QWidget) -> bool:
    # Not "TabFocus": Qt takes it off the unchecked buttons of an exclusive group (radio
    # behaviour), but our choice tiles are each reached in turn.
    return widget.focusPolicy() != Qt.FocusPolicy.NoFocus and isinstance(
        widget, QAbstractButton | QLineEdit | QPlainTextEdit)


def reading_order(root: QWidget, areas: list[QWidget]) -> list[QWidget]:
    """Visible, enabled controls of `areas`, in rows (by top edge) from left to right."""
    found = [w for area in areas for w in area.findChildren(QWidget)
             if is_control(w) and w.isVisibleTo(area) and area.isVisible() and w.isEnabled()]
    placed = [(w.mapTo(root, QPoint(0, 0)), w) for w in found]
    placed.sort(key=lambda item: (item[0].y(), item[0].x()))
    rows: list[list[tuple[QPoint, QWidget]]] = []
    for point, widget in placed:
        if rows and point.y() < rows[-1][0][0].y() + rows[-1][0][1].height() // 2:
            rows[-1].append((point, widget))
        else:
            rows.append([(point, widget)])
    return [w for row in rows for _p, w in sorted(row, key=lambda item: item[0].x())]


def show_focused(widget: QWidget) -> None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 24, 24)
        parent = parent.parentWidget()


class InputFilter(QObject):
    """Installed on the application; acts only on events meant for `root`'s widgets."""

    def __init__(self, root: QWidget, actions: KeyActions) -> None:
        super().__init__(root)
        self.root, self.actions = root, actions

    def controls(self) -> list[QWidget]:
        return reading_order(self.root, [self.actions.bar(), self.actions.page()])

    def move(self, step: int) -> QWidget | None:
        controls = self.controls()
        if not controls:
            return None
        current = QApplication.focusWidget()
        if current in controls:
            index = (controls.index(current) + step) % len(controls)
        else:
            index = 0 if step > 0 else len(controls) - 1
        target = controls[index]
        target.setFocus(Qt.FocusReason.TabFocusReason)
        show_focused(target)
        self.actions.focused(target)
        return target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in ACTIVITY_EVENTS or not isinstance(watched, QWidget):
            return False
        if watched is not self.root and not self.root.isAncestorOf(watched):
            return False
        if event.spontaneous() or event.type() == QEvent.Type.KeyPress:
            self.actions.activity()
        if isinstance(event, QKeyEvent):
            return self._key(event)
        return False

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        focus = QApplication.focusWidget()
        editing = isinstance(focus, QLineEdit | QPlainTextEdit)
        if key in (Qt.Key.Key_F1, Qt.Key.Key_Help):
            self.actions.help()
        elif key == Qt.Key.Key_F2:
            self.actions.repeat()
        elif key == Qt.Key.Key_Escape:
            self.actions.back()
        elif key in NEXT_KEYS or key in PREVIOUS_KEYS:
            if editing and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                return False
            if isinstance(focus, QPlainTextEdit) and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                return False
            self.move(1 if key in NEXT_KEYS else -1)
        elif key in ENTER_KEYS and isinstance(focus, QAbstractButton):
            if focus.isEnabled():
                focus.click()
        elif editing:
            return False
        elif key == Qt.Key.Key_Backspace:
            return self.actions.backspace()
        elif event.text() and event.text().isprintable():
            return self.actions.type_char(event.text())
        else:
            return False
        return True
