"""Showing a widget the way the kiosk does: inside a window, never as a window of its own.

The technician's PIN dialog and panel only ever appear inside the main window (in
`TechnicianOverlay`). Shown bare, each would become a top-level window whose minimum size
follows its content, and every change of that size asks the platform to take new size hints
(offscreen: "This plugin does not support propagateSizeHints()"), which the kiosk never does.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

# qtbot holds its widgets weakly; the hosts live here until qtbot's teardown deletes them.
_HOSTS: list[QWidget] = []


def show_hosted(qtbot: QtBot, widget: QWidget, width: int = 1920, height: int = 1080) -> QWidget:
    """Show `widget` filling a plain host window of the given size; returns the host."""
    _HOSTS[:] = [kept for kept in _HOSTS if shiboken6.isValid(kept)]
    host = QWidget()
    _HOSTS.append(host)
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    # Like the main window: no minimum size taken from the content.
    layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    layout.addWidget(widget)
    host.resize(width, height)
    host.show()
    return host
