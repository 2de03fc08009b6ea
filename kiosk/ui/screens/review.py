"""Check your answers: every answer beside its label, each with a Change button, then Submit.

Answers sit in cards, in two columns when there are more than four, so a whole form fits on one
screen without scrolling. The cards go row by row (1 2 / 3 4 / …), the way the keyboard reads a
screen, so Tab goes answer 1, its 修改, answer 2, its 修改 … and then the bar's buttons; each
修改 says the answer it changes. While saving, the screen says so and its buttons rest; if saving
failed, the message shows at the top and every answer is still there.

An ID number is masked ("1101**********002X") unless the resident taps its big 显示 / 隐藏 toggle;
it is masked again whenever the screen is drawn afresh or left. Speech never reads it (only how
many characters it has), whether shown or not.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.catalog import Field, FieldType
from kiosk.domain.fields import Answer, masked_id
from kiosk.domain.session import SessionView, Step
from kiosk.ui.look.a11y import announce
from kiosk.ui.look.formatting import answer_text
from kiosk.ui.look.qt_compat import emit
from kiosk.ui.look.spoken import sentences, spoken_answer
from kiosk.ui.look.theme import Theme
from kiosk.ui.screens.base import Screen, clear_layout, step_text
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.error_banner import ErrorBanner
from kiosk.ui.widgets.words import Words

EDIT_WIDTH = 180
ONE_COLUMN_MAX = 4


def is_masked(field: Field) -> bool:
    """Answers kept hidden on the review screen until the resident asks to see them."""
    return field.type is FieldType.ID_NUMBER


class ReviewScreen(Screen):
    edit_requested = Signal(str)
    submit_requested = Signal()
    back_requested = Signal()
    feedback = Signal(str)      # what to say after showing or hiding an answer

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.error = ErrorBanner(theme)
        self.busy = Words(role="big")
        self.busy.hide()
        self.cards = QGridLayout()
        self.cards.setHorizontalSpacing(theme.gap_px)
        self.cards.setVerticalSpacing(16)  # the floor for gaps; keeps 4 rows on one screen
        self.body.addWidget(self.error)
        self.body.addWidget(self.busy)
        self.body.addLayout(self.cards)
        self.body.addStretch(1)
        self._said: list[str] = []
        self._fields: dict[str, tuple[Field, Answer | None]] = {}
        self._saving = False
        self.edit_buttons: dict[str, QPushButton] = {}
        self.answer_labels: dict[str, Words] = {}
        self.reveal_buttons: dict[str, QPushButton] = {}
        self._ctx: UiContext | None = None
        self.bar.back_clicked.connect(self.back_requested)
        self.bar.next_clicked.connect(self.submit_requested)

    def show_view(self, view: SessionView, ctx: UiContext) -> None:
        service = view.service
        if service is None:
            return
        saving = view.step is Step.SAVING
        self.set_texts(ctx.t("ui.review.title"), ctx.t("ui.review.help"))
        self.error.show_message(ctx.t(view.save_error) if view.save_error else None)
        self.busy.set_words(ctx.t("ui.review.saving"))
        self.busy.setVisible(saving)
        if saving and not self._saving:
            announce(self.busy, self.busy.words())
        self._saving = saving
        clear_layout(self.cards)
        self.edit_buttons, self.answer_labels, self.reveal_buttons = {}, {}, {}
        self._fields, self._ctx = {}, ctx
        fields = service.fields
        self._said = [spoken_answer(f, view.answers.get(f.id), ctx) for f in fields]
        wide = ctx.theme.size == "standard"
        columns = 1 if len(fields) <= ONE_COLUMN_MAX or not wide else 2
        rows = -(-len(fields) // columns)
        for index, (field, said) in enumerate(zip(fields, self._said, strict=True)):
            card = self._card(field, view.answers.get(field.id), ctx, enabled=not saving)
            self.edit_buttons[field.id].setAccessibleDescription(said)
            # Row by row: the keyboard's reading order (rows, then left to right) is then the
            # order the questions were asked in (column by column, Tab jumped across columns).
            self.cards.addWidget(card, index // columns, index % columns)
            if self.isVisible():
                card.show()
        for row in range(self.cards.rowCount()):
            self.cards.setRowStretch(row, 0)
        self.cards.setRowStretch(rows, 1)
        count = view.question_count
        self.bar.configure(back=ctx.t("ui.nav.back"), next_=ctx.t("ui.nav.submit"),
                           step=step_text(ctx, count + 2, count))
        self.bar.set_busy(saving)

    def _card(self, field: Field, answer: Answer | None, ctx: UiContext, enabled: bool
              ) -> QFrame:
        card = QFrame()
        card.setProperty("role", "card")
        label = Words(ctx.tr.text(field.label), role="help")
        shown = Words(role="answer")
        edit = QPushButton(ctx.t("ui.review.edit"))
        edit.setProperty("role", "small")
        edit.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        edit.setMinimumWidth(EDIT_WIDTH)
        edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        edit.setAccessibleName(f"{ctx.t('ui.review.edit')} {ctx.tr.text(field.label)}")
        edit.setEnabled(enabled)
        edit.clicked.connect(lambda _=False, fid=field.id: emit(self.edit_requested, fid))
        words = QVBoxLayout()
        words.setSpacing(0)
        words.addWidget(label)
        words.addWidget(shown)
        row = QHBoxLayout(card)
        row.setContentsMargins(self.theme.gap_px, 4, 12, 4)
        row.setSpacing(self.theme.gap_px)
        row.addLayout(words, 1)
        self.edit_buttons[field.id] = edit
        self.answer_labels[field.id] = shown
        if answer is not None and is_masked(field):
            reveal = QPushButton()
            reveal.setProperty("role", "small")
            reveal.setCheckable(True)
            reveal.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            reveal.setMinimumWidth(EDIT_WIDTH)
            reveal.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            reveal.setEnabled(enabled)
            reveal.clicked.connect(lambda shown_now, fid=field.id: self._reveal(fid, shown_now))
            self.reveal_buttons[field.id] = reveal
            row.addWidget(reveal, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(edit, 0, Qt.AlignmentFlag.AlignVCenter)
        self._fields[field.id] = (field, answer)
        self._show_answer(field.id, revealed=False)
        return card

    def _show_answer(self, field_id: str, *, revealed: bool) -> None:
        ctx = self._ctx
        field, answer = self._fields[field_id]
        if ctx is None:
            return
        label = ctx.tr.text(field.label)
        shown = self.answer_labels[field_id]
        reveal = self.reveal_buttons.get(field_id)
        if reveal is None:
            shown.set_words(answer_text(field, answer, ctx.tr))
            return
        text = str(answer)
        if revealed:
            shown.set_words(answer_text(field, answer, ctx.tr))
        else:
            shown.set_words(masked_id(text))
            # A screen reader hears that it is hidden, not a row of stars.
            shown.setAccessibleName(ctx.t("ui.review.hidden_answer", label=label,
                                          count=len(text)))
        reveal.setChecked(revealed)
        reveal.setText(ctx.t("ui.review.hide" if revealed else "ui.review.show"))
        reveal.setAccessibleName(ctx.t("ui.review.hide_name" if revealed
                                       else "ui.review.show_name", label=label))
        reveal.updateGeometry()

    def _reveal(self, field_id: str, revealed: bool) -> None:
        if field_id not in self._fields or self._ctx is None:
            return
        self._show_answer(field_id, revealed=revealed)
        label = self._ctx.tr.text(self._fields[field_id][0].label)
        emit(self.feedback, self._ctx.t("ui.review.shown_now" if revealed
                                        else "ui.review.hidden_now", label=label))

    def hide_all(self) -> None:
        """Mask every answer again (the resident looked away, or left the screen)."""
        for field_id in self.reveal_buttons:
            self._show_answer(field_id, revealed=False)

    def revealed(self) -> list[str]:
        return [fid for fid, button in self.reveal_buttons.items() if button.isChecked()]

    def spoken(self, ctx: UiContext) -> str:
        if self._saving:
            return self.busy.words()
        return sentences([self.error.message(), self.heading.words(), *self._said,
                          self.help.words()])

    def leave(self) -> None:
        clear_layout(self.cards)
        self.edit_buttons, self.answer_labels, self.reveal_buttons = {}, {}, {}
        self._fields = {}
        self._said, self._saving = [], False
