"""The frame every screen shares: heading (the spoken prompt), a line of help, body, bottom bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLayout, QVBoxLayout, QWidget

from kiosk.session import SessionView
from kiosk.ui.context import UiContext
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.bottom_bar import BottomBar


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget in `layout` (safe inside their own signal handlers)."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif inner is not None:
            clear_layout(inner)
            inner.deleteLater()


class Screen(QWidget):
    def __init__(self, theme: Theme, *, bottom_bar: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        # The screen itself takes focus after each change, so no ring lingers on a tapped button.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        self.help = QLabel()
        self.help.setProperty("role", "help")
        self.help.setWordWrap(True)
        self.body = QVBoxLayout()
        self.body.setSpacing(theme.gap_px)
        self.bottom = BottomBar(theme) if bottom_bar else None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.margin_px, theme.gap_px + 8, theme.margin_px,
                                  theme.gap_px)
        layout.setSpacing(theme.gap_px // 2)
        layout.addWidget(self.heading)
        layout.addWidget(self.help)
        layout.addSpacing(theme.gap_px // 2)
        layout.addLayout(self.body, 1)
        if self.bottom is not None:
            layout.addWidget(self.bottom, 0, Qt.AlignmentFlag.AlignBottom)

    @property
    def bar(self) -> BottomBar:
        if self.bottom is None:
            raise RuntimeError("this screen has no bottom bar")
        return self.bottom

    def set_texts(self, heading: str, help_text: str) -> None:
        self.heading.setText(heading)
        self.heading.setAccessibleName(heading)
        self.help.setText(help_text)
        self.help.setVisible(bool(help_text))

    def show_view(self, view: SessionView, ctx: UiContext) -> None:
        raise NotImplementedError

    def focus_first(self) -> bool:
        """Put focus on the control the resident acts on first, if it needs focus (text)."""
        return False

    def leave(self) -> None:
        """Called when another screen takes over; forget anything half-entered."""


def step_text(ctx: UiContext, number: int, questions: int) -> str:
    """Consent is step 1, each question one step, the review the last step."""
    return ctx.t("ui.nav.step", number=number, count=questions + 2)
