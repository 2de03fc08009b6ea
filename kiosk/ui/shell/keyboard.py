"""EZ-Access style keys, and noticing every touch or key (for speech and the time-out).

Tab / arrows move through every control on screen in reading order (rows top to bottom, each
row left to right) and wrap round, so nothing traps focus; Enter or Space activates; F1 (or Help)
is help, F2 repeats, Esc goes back. Digits, X and Backspace type on the on-screen keypad.

Each screen starts with its main content focused, quietly (kiosk/ui/screens/base.py,
`take_focus`): the first Tab or arrow on a screen shows and announces that control instead of
moving past it, so Tab then Enter on home starts the first tile's service.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)
from shiboken6 import isValid

from kiosk.ui.screens.base import Screen

ACTIVITY_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin)
NEXT_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Down, Qt.Key.Key_Right)
PREVIOUS_KEYS = (Qt.Key.Key_Backtab, Qt.Key.Key_Up, Qt.Key.Key_Left)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
CONTROL_APPEARS = (QEvent.Type.EnabledChange, QEvent.Type.Show)


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
        self._refocus_pending = False

    def controls(self) -> list[QWidget]:
        return reading_order(self.root, [self.actions.bar(), self.actions.page()])

    def move(self, step: int) -> QWidget | None:
        controls = self.controls()
        if not controls:
            return None
        current = QApplication.focusWidget()
        page = self.actions.page()
        quiet = page.claim_quiet_focus() if isinstance(page, Screen) else None
        if quiet is not None and quiet is current and current in controls:
            step = 0   # the screen's first focus: show it where it is
            current.clearFocus()   # so it hears a keyboard focus-in and draws its ring
        if current in controls:
            index = (controls.index(current) + step) % len(controls)
        else:
            index = 0 if step > 0 else len(controls) - 1
        target = controls[index]
        target.setFocus(Qt.FocusReason.TabFocusReason)
        show_focused(target)
        self.actions.focused(target)
        return target

    def watch_focus(self, app: QCoreApplication) -> None:
        if isinstance(app, QApplication):
            app.focusChanged.connect(self.focus_moved)

    def unwatch_focus(self, app: QCoreApplication) -> None:
        if isinstance(app, QApplication):
            with contextlib.suppress(RuntimeError, TypeError):   # never watched
                app.focusChanged.disconnect(self.focus_moved)

    def focus_moved(self, old: QWidget | None, _new: QWidget | None) -> None:
        """Connected to QApplication.focusChanged: when the focused control goes (hidden,
        disabled or deleted as a page changes within itself: a result replaces the keypad, a
        busy bar), Qt hands focus to whatever comes next in its chain, or to nothing; the
        page's main content takes it instead, once Qt has finished."""
        try:
            gone = old is not None and not (isValid(old) and old.isVisible()
                                            and old.isEnabled())
        except RuntimeError:   # deleted while we looked
            gone = True
        if gone:
            self._schedule_refocus()

    def _schedule_refocus(self) -> None:
        if not self._refocus_pending:
            self._refocus_pending = True
            QTimer.singleShot(0, self, self._refocus)

    def _refocus(self) -> None:
        self._refocus_pending = False
        page = self.actions.page()
        if isinstance(page, Screen) and page.isVisible():
            page.take_focus()   # Qt's own choice of the next widget is no choice of the user's

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in CONTROL_APPEARS:
            # A page with no control to focus when it appeared (all busy) gets one now.
            focus = QApplication.focusWidget() or self.root.focusWidget()
            if isinstance(focus, Screen) or (focus is None and self.root.isVisible()):
                self._schedule_refocus()
            return False
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
