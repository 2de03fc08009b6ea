"""Shown instead of the kiosk when it cannot start: plain words for residents, detail for staff."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLayout, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from kiosk.ui.look.theme import STANDARD, Theme, stylesheet


class StartupErrorScreen(QWidget):
    def __init__(self, detail: str, tr: Translator, theme: Theme = STANDARD,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KioskRoot")
        self.setStyleSheet(stylesheet(theme))
        self.setWindowTitle(tr.t("ui.app.title"))
        title = QLabel(tr.t("ui.app.startup_error_title"))
        title.setProperty("role", "heading")
        body = QLabel(tr.t("ui.app.startup_error_body"))
        body.setWordWrap(True)
        self.detail = QLabel(detail)
        self.detail.setProperty("role", "status")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.margin_px * 2, theme.margin_px * 2, theme.margin_px * 2,
                                  theme.margin_px * 2)
        layout.setSpacing(theme.gap_px)
        # A window of its own, full screen on whatever screen the hall has: no minimum size
        # from the wrapped words (it would ask the platform for new size hints at each
        # re-wrap, and could stop full screen on a small screen), as for the main window.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addWidget(self.detail)
        layout.addStretch(1)
