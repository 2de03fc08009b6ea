"""The receipt: the tracking number in huge grouped digits and as a QR code. Then Finish."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.session import SessionView
from kiosk.ui.context import UiContext
from kiosk.ui.screens.base import Screen
from kiosk.ui.spoken import digit_by_digit, sentences
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.qr_widget import QrWidget
from kiosk.ui.widgets.words import Words

QR_SIDE = 360


class ReceiptScreen(Screen):
    done = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.number_label = QLabel()
        self.number_label.setProperty("role", "help")
        self.number = QLabel()
        self.number.setProperty("role", "tracking")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.next_hint = Words()
        left = QVBoxLayout()
        left.setSpacing(theme.gap_px)
        left.addStretch(1)
        left.addWidget(self.number_label)
        left.addWidget(self.number)
        left.addWidget(self.next_hint)
        left.addStretch(1)
        self.qr = QrWidget(side=QR_SIDE)
        self.qr_caption = Words(role="help")
        self.qr_caption.setFixedWidth(QR_SIDE + 200)
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        right = QVBoxLayout()
        right.setSpacing(theme.gap_px // 2)
        right.addStretch(1)
        right.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        right.addWidget(self.qr_caption, 0, Qt.AlignmentFlag.AlignHCenter)
        right.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(theme.margin_px)
        row.addLayout(left, 1)
        row.addLayout(right, 0)
        self.body.addLayout(row, 1)
        self.bar.next_clicked.connect(self.done)
        self._number_said = ""

    def show_view(self, view: SessionView, ctx: UiContext) -> None:
        receipt = view.receipt
        if receipt is None:
            return
        self.set_texts(ctx.t("ui.receipt.title"), ctx.t("ui.receipt.help"))
        self.number_label.setText(ctx.t("ui.receipt.number_label"))
        self.number.setText(receipt.grouped)
        self.number.setAccessibleName(receipt.grouped)
        self.next_hint.set_words(ctx.t("ui.receipt.next_hint"))
        self.qr.set_text(receipt.tracking_number)
        self.qr.setAccessibleDescription(ctx.t("ui.receipt.qr_caption"))
        self.qr_caption.set_words(ctx.t("ui.receipt.qr_caption"))
        self.bar.configure(back=None, next_=ctx.t("ui.nav.done"))
        self._number_said = ctx.t("ui.speech.tracking_number",
                                  digits=digit_by_digit(receipt.grouped, ctx))

    def spoken(self, ctx: UiContext) -> str:
        return sentences([self.heading.words(), self._number_said, self.help.words(),
                          self.next_hint.words()])

    def leave(self) -> None:
        self.number.clear()
        self.number.setAccessibleName("")
        self.qr.set_text("")
        self._number_said = ""
