"""The frame every screen shares: heading (the spoken prompt), a line of help, body, bottom bar.

Heading, help and body scroll together when a big text size needs more than one screen (the
bottom bar with Back / Repeat / Next always stays in place); at the standard size nothing scrolls.
Each screen also says what it shows (`spoken`) and what help to give (`help_spoken`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QLayout,
    QScrollArea,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.session import SessionView
from kiosk.ui.context import UiContext
from kiosk.ui.spoken import sentences
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.bottom_bar import BottomBar
from kiosk.ui.widgets.words import Words


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


def scroll_area(content: QWidget) -> QScrollArea:
    """A vertical-only scroll area; keyboard focus moving inside scrolls it into view."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(content)
    return area


class Screen(QWidget):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        # The screen itself takes focus after each change, so no ring lingers on a tapped button.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.heading = Words(role="heading")
        self.help = Words(role="help")
        self.body = QVBoxLayout()
        self.body.setSpacing(theme.gap_px)
        self.bottom = BottomBar(theme)

        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(theme.gap_px // 2)
        inner.addWidget(self.heading)
        inner.addWidget(self.help)
        # Between the help line and the body; `set_head_gap(False)` drops it for a screen
        # whose body starts with a card of its own (home with the township's notices).
        self._head_gap = QSpacerItem(0, theme.gap_px // 2, QSizePolicy.Policy.Minimum,
                                     QSizePolicy.Policy.Fixed)
        inner.addSpacerItem(self._head_gap)
        inner.addLayout(self.body, 1)
        self.scroller = scroll_area(content)
        if theme.size != "standard":
            # Bigger words often need scrolling. A bar that comes and goes changes the width
            # the words wrap in after their height was settled, so at these sizes it stays.
            self.scroller.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.margin_px, theme.gap_px, theme.margin_px,
                                  theme.gap_px)
        layout.setSpacing(theme.gap_px)  # ≥ 16 px from anything scrolled to the bottom edge
        layout.addWidget(self.scroller, 1)
        layout.addWidget(self.bottom)

    def set_head_gap(self, shown: bool) -> None:
        height = self.theme.gap_px // 2 if shown else 0
        if self._head_gap.sizeHint().height() != height:
            self._head_gap.changeSize(0, height, QSizePolicy.Policy.Minimum,
                                      QSizePolicy.Policy.Fixed)
            content = self.scroller.widget()
            layout = content.layout() if content is not None else None
            if layout is not None:
                layout.invalidate()

    @property
    def bar(self) -> BottomBar:
        return self.bottom

    def relayout(self) -> None:
        """Re-measure the wrapped words: a box layout keeps heights it worked out for earlier
        text, and a label given too little height would cut lines off."""
        content = self.scroller.widget()
        layout = content.layout() if content is not None else None
        if layout is not None:
            layout.invalidate()

    def set_texts(self, heading: str, help_text: str) -> None:
        self.heading.set_words(heading)
        self.help.set_words(help_text)
        self.help.setVisible(bool(help_text))

    def show_view(self, view: SessionView, ctx: UiContext) -> None:
        raise NotImplementedError

    def spoken(self, ctx: UiContext) -> str:
        """Everything this screen says when it appears: title, question, options, any error."""
        return sentences([self.heading.words(), self.help.words(), *self.spoken_body(ctx)])

    def spoken_body(self, ctx: UiContext) -> list[str]:
        return []

    def help_spoken(self, ctx: UiContext) -> str:
        """Help for what the resident is doing here (Help button, F1)."""
        return self.help.words()

    def focus_first(self) -> bool:
        """Put focus on the control the resident acts on first, if it needs focus (text)."""
        return False

    def leave(self) -> None:
        """Called when another screen takes over; forget anything half-entered."""


def step_text(ctx: UiContext, number: int, questions: int) -> str:
    """Consent is step 1, each question one step, the review the last step."""
    return ctx.t("ui.nav.step", number=number, count=questions + 2)
