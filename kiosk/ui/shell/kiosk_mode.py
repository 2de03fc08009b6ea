"""Kiosk mode: the window covers the screen, has no frame, stays on top, and cannot be closed,
minimised or left by keyboard shortcuts; the technician panel's "退出自助模式" is the only way out.

What Qt can do is done here: window flags, full screen, an application-wide filter that swallows
close requests (Alt+F4 from a window manager arrives as a close event) and the quitting shortcuts
that reach the application (Alt+F4, Ctrl+Q, Ctrl+W, Alt+Tab, the Super key), and taking the screen
back whenever another window gets it. Shortcuts a window manager keeps for itself never reach any
application; docs/deployment.md says how to switch those off on GNOME, UKUI (Kylin) and DDE (UOS).

Leaving ends the process with EXIT_TECHNICIAN_LEFT, which the systemd unit
(RestartPreventExitStatus) and `kiosk supervise` take as "do not restart".
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)
EXIT_TECHNICIAN_LEFT = 64
KIOSK_FLAGS = (Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
               | Qt.WindowType.WindowStaysOnTopHint)
_ALT, _CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier
_META, _NONE = Qt.KeyboardModifier.MetaModifier, Qt.KeyboardModifier(0)
# (key, modifiers that must all be held); checked on ShortcutOverride and KeyPress.
BLOCKED_KEYS: tuple[tuple[Qt.Key, Qt.KeyboardModifier], ...] = (
    (Qt.Key.Key_F4, _ALT), (Qt.Key.Key_Q, _CTRL), (Qt.Key.Key_W, _CTRL),
    (Qt.Key.Key_Tab, _ALT), (Qt.Key.Key_Backtab, _ALT), (Qt.Key.Key_Escape, _ALT),
    (Qt.Key.Key_Tab, _META), (Qt.Key.Key_Super_L, _NONE), (Qt.Key.Key_Super_R, _NONE),
    (Qt.Key.Key_Meta, _NONE),
    (Qt.Key.Key_F4, _CTRL),
)
_KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride)


def is_blocked_key(event: QKeyEvent) -> bool:
    held = event.modifiers()
    return any(event.key() == key and (held & needed) == needed for key, needed in BLOCKED_KEYS)


class KioskModeGuard(QObject):
    """Keeps `window` in kiosk mode until `leave()`; a child of the window (findable by type)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("KioskModeGuard")
        self.window = window
        self.leaving = False
        self.swallowed = 0  # for tests and the log: how many attempts were refused
        self._reclaim = QTimer(self)
        self._reclaim.setSingleShot(True)
        self._reclaim.setInterval(300)
        self._reclaim.timeout.connect(self.take_screen_back)

    def apply(self, before_guard: Callable[[], None] | None = None) -> None:
        """Cover the screen, then guard it. `before_guard()` runs once the window is shown and
        before the guard's filter goes on (application filters installed there see events after
        the guard: it refuses the quitting keys first)."""
        window = self.window
        window.setWindowFlags(KIOSK_FLAGS)
        screen = window.screen() or QGuiApplication.primaryScreen()
        if screen is not None:  # without a window manager full screen is not honoured: cover it
            window.setGeometry(screen.geometry())
        window.showFullScreen()
        if before_guard is not None:
            before_guard()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            if isinstance(app, QApplication):
                app.setQuitOnLastWindowClosed(False)  # a stray dialog closing never quits
        window.installEventFilter(self)
        log.info("kiosk mode on")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.leaving:
            return False
        kind = event.type()
        if kind == QEvent.Type.Close and watched is self.window:
            event.ignore()
            self.swallowed += 1
            log.info("a request to close the kiosk window was refused (kiosk mode)")
            return True
        if kind in _KEY_EVENTS and isinstance(event, QKeyEvent) and is_blocked_key(event):
            if not isinstance(watched, QWidget) or watched.window() is not self.window:
                return False
            if kind == QEvent.Type.KeyPress:
                self.swallowed += 1
            event.accept()
            return True
        if watched is self.window and kind == QEvent.Type.WindowStateChange \
                and not self.window.isFullScreen():
            self._reclaim.start()
        if kind == QEvent.Type.ApplicationDeactivate:
            self._reclaim.start()
        return False

    def take_screen_back(self) -> None:
        """Another window or a minimise took the screen: full screen, on top, focused again."""
        if self.leaving:
            return
        if not self.window.isFullScreen():
            self.window.showFullScreen()
        self.window.raise_()
        self.window.activateWindow()

    def leave(self, exit_code: int = EXIT_TECHNICIAN_LEFT) -> None:
        """The technician's way out: stop guarding, close the window, end the event loop."""
        log.info("kiosk mode left by the technician")
        self.leaving = True
        self._reclaim.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.window.removeEventFilter(self)
        self.window.close()
        if app is not None:
            app.exit(exit_code)


def apply_kiosk_mode(window: QWidget,
                     before_guard: Callable[[], None] | None = None) -> KioskModeGuard:
    guard = KioskModeGuard(window)
    guard.apply(before_guard)
    return guard


def guard_of(widget: QWidget) -> KioskModeGuard | None:
    """The guard of the top-level window `widget` is in, if that window is in kiosk mode."""
    top = widget.window()
    found = top.findChild(KioskModeGuard, "KioskModeGuard",
                          Qt.FindChildOption.FindDirectChildrenOnly)
    return found if isinstance(found, KioskModeGuard) and not found.leaving else None
