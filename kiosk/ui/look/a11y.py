"""Telling a screen reader about changes: errors, progress, a volunteer on the way.

Qt 6.8+ has announcement events (AT-SPI `announcement`, UIA `Notification`); older versions get
an Alert on the widget. Both are no-ops when no assistive technology is listening.
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QWidget

_Announcement = getattr(QtGui, "QAccessibleAnnouncementEvent", None)  # Qt 6.8 and later


def announce(widget: QWidget, text: str) -> None:
    if not text:
        return
    if _Announcement is not None:
        event: QAccessibleEvent = _Announcement(widget, text)
    else:  # pragma: no cover
        event = QAccessibleEvent(widget, QAccessible.Event.Alert)
    QAccessible.updateAccessibility(event)
