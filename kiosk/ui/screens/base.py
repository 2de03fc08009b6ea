"""The frame every screen shares: heading (the spoken prompt), a line of help, body, bottom bar.

Heading, help and body scroll together when a big text size needs more than one screen (the
bottom bar with Back / Repeat / Next always stays in place); at the standard size nothing scrolls.
Each screen also says what it shows (`spoken`) and what help to give (`help_spoken`).

Focus: when a screen appears the window calls `take_focus`, which puts keyboard focus on the
screen's main content (`main_control`: the first tile, the question's input, else the main
button), so a screen reader announces it by name and Enter acts on it at once. That first focus
is "quiet" (no ring on a tile a finger may be about to tap); the first Tab or arrow shows it
where it is instead of moving on (kiosk/ui/shell/keyboard.py), so Tab then Enter starts the first
tile's service, and the top bar still follows the page in the Tab order.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFrame,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.session import SessionView
from kiosk.ui.look.spoken import sentences
from kiosk.ui.look.theme import Theme
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.bottom_bar import BottomBar
from kiosk.ui.widgets.words import Words

# A widget with this dynamic property set to True is its screen's main control, whatever the
# rules of `Screen.main_control` would pick (a hook for screens that know better).
MAIN_CONTROL = "main_control"


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
        # Only when a screen has no control at all does the screen itself take the focus.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.quiet_focus: QWidget | None = None   # see `take_focus`
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

    def body_controls(self) -> list[QWidget]:
        """The enabled controls shown in the scrolled part (heading, help, body), top to
        bottom and left to right."""
        content = self.scroller.widget()
        if content is None:
            return []
        found = [w for w in content.findChildren(QWidget)
                 if _is_control(w) and w.isVisibleTo(content) and w.isEnabled()]
        found.sort(key=lambda w: (w.mapTo(content, QPoint(0, 0)).y(),
                                  w.mapTo(content, QPoint(0, 0)).x()))
        return found

    def main_control(self) -> QWidget | None:
        """What the resident acts on first: a control marked `MAIN_CONTROL`; else the first
        tile or text box (a choice to make, a thing to type); else, with a keypad in the body
        (digits are typed whatever has focus), the main button; else Next; else the first
        control of the body; else Back. None for a screen without controls."""
        controls = self.body_controls()
        marked = [w for w in controls if w.property(MAIN_CONTROL) is True]
        if marked:
            return marked[0]
        from kiosk.ui.widgets.keypad import Keypad  # a light module; pages load it anyway

        content = self.scroller.widget()
        keypad = content is not None and any(
            k.isVisibleTo(content) for k in content.findChildren(Keypad))
        from kiosk.ui.widgets.tile_button import TileButton

        if not keypad:
            chosen = [w for w in controls
                      if isinstance(w, TileButton | QLineEdit | QPlainTextEdit)]
            if chosen:
                return chosen[0]
        for button in (self.bottom.next, *([] if keypad else controls[:1]), self.bottom.back):
            if not button.isHidden() and button.isEnabled():
                return button
        return None

    def take_focus(self) -> QWidget | None:
        """Focus the main content as the screen appears (called by the window); returns it.

        The focus is remembered as `quiet_focus` until the first Tab shows it."""
        if self.focus_first():
            target = QApplication.focusWidget() if self.isActiveWindow() else None
            target = target or self.focusWidget()
        else:
            target = self.main_control()
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.quiet_focus = target
        return target

    def claim_quiet_focus(self) -> QWidget | None:
        """The widget focused by `take_focus`, once (the keyboard shows it at the first Tab)."""
        widget, self.quiet_focus = self.quiet_focus, None
        return widget

    def leave(self) -> None:
        """Called when another screen takes over; forget anything half-entered."""


def _is_control(widget: QWidget) -> bool:
    return widget.focusPolicy() != Qt.FocusPolicy.NoFocus and isinstance(
        widget, QAbstractButton | QLineEdit | QPlainTextEdit)


def step_text(ctx: UiContext, number: int, questions: int) -> str:
    """Consent is step 1, each question one step, the review the last step."""
    return ctx.t("ui.nav.step", number=number, count=questions + 2)
