"""The bar along the bottom: Back on the left, Repeat (🔊) in the centre, the way forward on the
right, always in the same places. Above the buttons, the step indicator ("第 2 步，共 9 步").
An optional Skip sits left of Next.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.look.icons import icon
from kiosk.ui.look.theme import Theme

BUTTON_WIDTH = 300
ICON_PX = 48


def _button(role: str) -> QPushButton:
    button = QPushButton()
    button.setProperty("role", role)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    button.setMinimumWidth(BUTTON_WIDTH)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    button.setIconSize(QSize(ICON_PX, ICON_PX))
    return button


def _keep_place(button: QPushButton) -> None:
    policy = button.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    button.setSizePolicy(policy)


class BottomBar(QWidget):
    back_clicked = Signal()
    skip_clicked = Signal()
    next_clicked = Signal()
    repeat_clicked = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = QLabel()
        self.step.setProperty("role", "step")
        self.step.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.back = _button("secondary")
        self.back.setIcon(icon("back", theme.tile_text, ICON_PX))
        self.repeat = _button("secondary")
        self.repeat.setIcon(icon("speaker", theme.tile_text, ICON_PX))
        self.skip = _button("secondary")
        self.next = _button("primary")
        self.next.setIcon(icon("next", theme.primary_text, ICON_PX))
        self.next.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # arrow after the word
        for button in (self.back, self.next, self.skip):
            _keep_place(button)
        self.back.clicked.connect(self.back_clicked)
        self.skip.clicked.connect(self.skip_clicked)
        self.next.clicked.connect(self.next_clicked)
        self.repeat.clicked.connect(self.repeat_clicked)

        # Back and the forward group take equal room, so Repeat sits in the middle.
        left, right = QHBoxLayout(), QHBoxLayout()
        left.addWidget(self.back)
        left.addStretch(1)
        right.setSpacing(theme.gap_px)
        right.addStretch(1)
        right.addWidget(self.skip)
        right.addWidget(self.next)
        row = QHBoxLayout()
        row.setSpacing(theme.gap_px)
        row.addLayout(left, 1)
        row.addWidget(self.repeat)
        row.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.gap_px // 3)
        layout.addWidget(self.step)
        layout.addLayout(row)

    def configure(self, *, back: str | None, next_: str | None, skip: str | None = None,
                  step: str | None = None) -> None:
        """Set the words; a button with no words is hidden (its place stays the same)."""
        for button, text in ((self.back, back), (self.skip, skip), (self.next, next_)):
            button.setText(text or "")
            button.setAccessibleName(text or "")
            button.setVisible(bool(text))
            # Never narrower than its words: at 大字 Skip and Next together need more than
            # half the bar, and Repeat then gives up being exactly in the middle.
            button.setMinimumWidth(BUTTON_WIDTH)
            button.ensurePolished()
            button.setMinimumWidth(max(BUTTON_WIDTH, button.sizeHint().width()))
        self.step.setText(step or "")
        self.step.setVisible(bool(step))

    def set_repeat(self, text: str, name: str) -> None:
        self.repeat.setText(text)
        self.repeat.setAccessibleName(name)

    def set_busy(self, busy: bool) -> None:
        for button in (self.back, self.skip, self.next):
            button.setEnabled(not busy)
