"""The receipt: the tracking number in huge grouped digits and as a QR code, a big 打印凭条
button, then Finish.

The button only asks (`print_requested`); the window prints on a worker
(kiosk/ui/features/receipts.py) and tells this screen how it went: `set_printing` while busy,
`show_printed` after, or `show_print_problem` with the fault in plain words beside the button.
Whatever happens the number stays on screen, since it is what the resident must take away.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.session import SessionView
from kiosk.ui.look.a11y import announce
from kiosk.ui.look.icons import icon
from kiosk.ui.look.spoken import digit_by_digit, sentences
from kiosk.ui.look.theme import Theme
from kiosk.ui.screens.base import Screen
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.error_banner import ErrorBanner
from kiosk.ui.widgets.qr_widget import QrWidget
from kiosk.ui.widgets.words import Words

QR_SIDE = 360


class ReceiptScreen(Screen):
    done = Signal()
    print_requested = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.number_label = QLabel()
        self.number_label.setProperty("role", "help")
        self.number = QLabel()
        self.number.setProperty("role", "tracking")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.next_hint = Words()
        self.print_button = QPushButton()
        self.print_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.print_button.setIconSize(QSize(theme.icon_px // 2, theme.icon_px // 2))
        self.print_button.setIcon(icon("printer", theme.tile_text, theme.icon_px // 2))
        self.print_button.clicked.connect(self.print_requested)
        self.print_note = Words(role="answer")     # "正在打印…" / "凭条打好了…"
        self.print_note.hide()
        self.print_problem = ErrorBanner(theme)    # a printer fault, beside the button
        print_row = QHBoxLayout()
        print_row.addWidget(self.print_button)
        print_row.addStretch(1)
        left = QVBoxLayout()
        left.setSpacing(theme.gap_px)
        left.addStretch(1)
        left.addWidget(self.number_label)
        left.addWidget(self.number)
        left.addLayout(print_row)
        left.addWidget(self.print_note)
        left.addWidget(self.print_problem)
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
        self._shown_number = ""
        self._print_hint = ""

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
        if receipt.tracking_number != self._shown_number:   # a new receipt: no old outcome
            self._shown_number = receipt.tracking_number
            self.clear_print_outcome()
        self.print_button.setText(ctx.t("receipts.print.button"))
        self.print_button.setAccessibleName(ctx.t("receipts.print.button_name"))
        self.print_button.setAccessibleDescription(ctx.t("receipts.print.button_description"))
        self._print_hint = ctx.t("receipts.print.hint") if self.print_button.isVisibleTo(
            self) else ""
        self._number_said = ctx.t("ui.speech.tracking_number",
                                  digits=digit_by_digit(receipt.grouped, ctx))

    def spoken(self, ctx: UiContext) -> str:
        return sentences([self.heading.words(), self._number_said, self.help.words(),
                          self.print_note.words() if self.print_note.isVisibleTo(self) else "",
                          self.print_problem.message(), self._print_hint,
                          self.next_hint.words()])

    # -- printing ----------------------------------------------------------------------------
    def set_print_available(self, available: bool) -> None:
        """No printer and nowhere to keep a PDF (no data folder): no button at all."""
        self.print_button.setVisible(available)

    def set_printing(self, busy_words: str) -> None:
        self.print_button.setEnabled(False)   # one job at a time: a second tap does nothing
        self.print_problem.show_message(None)
        self._note(busy_words)

    def show_printed(self, words: str) -> None:
        self.print_button.setEnabled(True)
        self.print_problem.show_message(None)
        self._note(words)

    def show_print_problem(self, words: str) -> None:
        self.print_button.setEnabled(True)
        self.print_note.set_words("")
        self.print_note.hide()
        self.print_problem.show_message(words)

    def clear_print_outcome(self) -> None:
        self.print_button.setEnabled(True)
        self.print_note.set_words("")
        self.print_note.hide()
        self.print_problem.show_message(None)

    def _note(self, words: str) -> None:
        self.print_note.set_words(words)
        self.print_note.show()
        announce(self.print_note, words)

    def leave(self) -> None:
        self.clear_print_outcome()
        self._shown_number = ""
        self.number.clear()
        self.number.setAccessibleName("")
        self.qr.set_text("")
        self._number_said = ""
