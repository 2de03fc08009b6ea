"""Opening the technician panel over the resident screen: PIN first, then the panel.

Both are shown in one overlay: a child widget covering the whole window, raised above the resident
screens. Closing it (or five quiet minutes) removes it and the resident screen is back as it was.

Keys typed in the overlay are delivered to it directly, so the resident window's keyboard filter
(Esc = back, digits typed into a resident keypad, …) never sees a technician's keystrokes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from kiosk.privacy.technician_pin import TechnicianPin
from kiosk.speech.api import SpeechStatus
from kiosk.ui.bridges.audit_trail import AuditTrail
from kiosk.ui.bridges.tasks import TaskRunner
from kiosk.ui.technician.panel import TechnicianPanel
from kiosk.ui.technician.pin_dialog import PinDialog

IDLE_CLOSE_MS = 5 * 60 * 1000
KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
ACTIVITY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)


class TechnicianOverlay(QWidget):
    closed = Signal()

    def __init__(self, parent: QWidget, *, data_dir: Path, tasks: TaskRunner, language: str,
                 speech_status: Callable[[], SpeechStatus | None],
                 wake_sync: Callable[[], None], pin: TechnicianPin | None = None,
                 idle_close_ms: int = IDLE_CLOSE_MS) -> None:
        super().__init__(parent)
        self.setObjectName("TechnicianOverlay")
        self.setAutoFillBackground(True)
        self._deps = (data_dir, tasks, language, speech_status, wake_sync)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.panel: TechnicianPanel | None = None
        self.audit = AuditTrail(data_dir)
        self.pin_dialog: PinDialog | None = PinDialog(data_dir, tasks, language, pin,
                                                      audit=self.audit)
        self.pin_dialog.unlocked.connect(self._unlocked)
        self.pin_dialog.cancelled.connect(self.close_overlay)
        self._layout.addWidget(self.pin_dialog)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(idle_close_ms)
        self.idle.timeout.connect(self.close_overlay)

        self.setGeometry(parent.rect())
        parent.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.show()
        self.raise_()
        self.pin_dialog.setFocus()
        self.idle.start()

    def _unlocked(self) -> None:
        data_dir, tasks, language, speech_status, wake_sync = self._deps
        self.panel = TechnicianPanel(data_dir, tasks, language, speech_status,
                                     self.close_overlay, wake_sync, audit=self.audit)
        if self.pin_dialog is not None:
            self._layout.removeWidget(self.pin_dialog)
            self.pin_dialog.deleteLater()
            self.pin_dialog = None
        self._layout.addWidget(self.panel)
        self.panel.show()  # a child added to a shown widget stays hidden until told
        self.panel.setFocus()

    def close_overlay(self) -> None:
        if not self.isVisible():
            return
        self.idle.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        parent = self.parentWidget()
        if parent is not None:
            parent.removeEventFilter(self)
        self.hide()
        self.deleteLater()
        if parent is not None:
            parent.setFocus()
        self.closed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        parent = self.parentWidget()
        if watched is parent and parent is not None and kind == QEvent.Type.Resize:
            self.setGeometry(parent.rect())
            return False
        if kind not in ACTIVITY_EVENTS and kind not in KEY_EVENTS:
            return False
        if not isinstance(watched, QWidget) or not self.isAncestorOf(watched):
            return False
        if kind in ACTIVITY_EVENTS:
            self.idle.start()
        if kind in KEY_EVENTS:
            self._deliver(watched, event)
            return True
        return False

    def _deliver(self, receiver: QWidget, event: QEvent) -> None:
        """Hand a key to the focused widget, and on up to its parents while it is ignored,
        as Qt would, but without passing the resident window's filters."""
        widget: QWidget | None = receiver
        while widget is not None and (widget is self or self.isAncestorOf(widget)):
            event.accept()
            widget.event(event)
            if event.isAccepted():
                return
            widget = widget.parentWidget()


def open_technician_flow(parent: QWidget, *, data_dir: Path, tasks: TaskRunner, language: str,
                         speech_status: Callable[[], SpeechStatus | None],
                         wake_sync: Callable[[], None], pin: TechnicianPin | None = None,
                         idle_close_ms: int = IDLE_CLOSE_MS) -> None:
    """Ask for the PIN over `parent`, then show the technician panel; Close returns to `parent`.

    Opening again while it is open only brings the open one to the front.
    """
    existing = parent.findChild(TechnicianOverlay)
    if existing is not None and existing.isVisible():
        existing.raise_()
        return
    TechnicianOverlay(parent, data_dir=data_dir, tasks=tasks, language=language,
                      speech_status=speech_status, wake_sync=wake_sync, pin=pin,
                      idle_close_ms=idle_close_ms)

