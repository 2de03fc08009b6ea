"""今天办的事: for a signed-in volunteer, over the current screen like Help.

Two lists: the open "call a volunteer" requests (time, where the resident was) each with a big
已处理 button, then today's applications at this kiosk (time, service, tracking number 4-4-4,
where it is now in plain words, who helped) each with a big 补打凭条 button. Nothing the
resident typed is shown: the rows come from `Store.todays_submissions`, which never reads the
answers. The window loads the lists on a worker (kiosk/ui/features/receipts.py) and hands them in.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain import tracking
from kiosk.store.volunteer_view import TodaySubmission, VolunteerRequest
from kiosk.ui.look.a11y import announce
from kiosk.ui.look.qt_compat import emit
from kiosk.ui.look.spoken import sentences
from kiosk.ui.look.theme import Theme
from kiosk.ui.screens.base import Screen, clear_layout
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.error_banner import ErrorBanner
from kiosk.ui.widgets.words import Words

TitleOf = Callable[[str], str]   # service id → its title in the screen's language


class VolunteerTodayScreen(Screen):
    closed = Signal()
    reprint_requested = Signal(object)     # TodaySubmission
    handled_requested = Signal(int)        # volunteer request id

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.error = ErrorBanner(theme)
        self.note = Words(role="answer")
        self.note.hide()
        self.busy = Words(role="big")
        self.busy.hide()
        self.calls_heading = Words(role="big")
        self.calls = QVBoxLayout()
        self.calls.setSpacing(theme.gap_px)
        self.submissions_heading = Words(role="big")
        self.rows = QVBoxLayout()
        self.rows.setSpacing(theme.gap_px)
        for widget in (self.error, self.note, self.busy, self.calls_heading):
            self.body.addWidget(widget)
        self.body.addLayout(self.calls)
        self.body.addWidget(self.submissions_heading)
        self.body.addLayout(self.rows)
        self.body.addStretch(1)
        self.bar.back_clicked.connect(self.closed)
        self.reprint_buttons: dict[str, QPushButton] = {}     # tracking number → button
        self.handled_buttons: dict[int, QPushButton] = {}     # request id → button
        self._summary = ""

    # -- states ------------------------------------------------------------------------------
    def present(self, ctx: UiContext) -> None:
        """The page, empty, saying it is looking (the lists follow from a worker)."""
        self.set_texts(ctx.t("receipts.today.title"), ctx.t("receipts.today.help"))
        self.bar.configure(back=ctx.t("ui.nav.back"), next_=None)
        self._clear()
        self.busy.set_words(ctx.t("receipts.today.loading"))
        self.busy.show()
        self.calls_heading.hide()
        self.submissions_heading.hide()

    def show_problem(self, text: str) -> None:
        self.busy.hide()
        self.note.hide()
        self.error.show_message(text)

    def show_note(self, text: str) -> None:
        self.error.show_message(None)
        self.note.set_words(text)
        self.note.show()
        announce(self.note, text)

    def set_row_busy(self, number: str, busy: bool) -> None:
        button = self.reprint_buttons.get(number)
        if button is not None:
            button.setEnabled(not busy)

    def show_report(self, ctx: UiContext, submissions: list[TodaySubmission],
                    requests: list[VolunteerRequest], names: dict[str, str],
                    title_of: TitleOf) -> None:
        self._clear(keep_messages=True)
        self.busy.hide()
        self.calls_heading.set_words(ctx.t("receipts.today.calls_heading"))
        self.calls_heading.show()
        if not requests:
            self.calls.addWidget(Words(ctx.t("receipts.today.no_calls")))
        for request in requests:
            self.calls.addWidget(self._call_row(ctx, request, title_of))
        self.submissions_heading.set_words(ctx.t("receipts.today.submissions_heading"))
        self.submissions_heading.show()
        if not submissions:
            self.rows.addWidget(Words(ctx.t("receipts.today.no_submissions")))
        for submission in submissions:
            self.rows.addWidget(self._submission_row(ctx, submission, names, title_of))
        self._summary = ctx.t("receipts.today.summary", count=len(submissions),
                              calls=len(requests))

    # -- rows --------------------------------------------------------------------------------
    def _card(self, words: Words, button: QPushButton) -> QFrame:
        card = QFrame()
        card.setProperty("role", "card")
        row = QHBoxLayout(card)
        gap = self.theme.gap_px
        row.setContentsMargins(gap, gap // 2, gap, gap // 2)
        row.setSpacing(gap)
        row.addWidget(words, 1)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        return card

    @staticmethod
    def _button(text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return button

    def _call_row(self, ctx: UiContext, request: VolunteerRequest, title_of: TitleOf) -> QFrame:
        time = ctx.hall.clock_text(request.requested_at)
        where = (ctx.t("receipts.today.where_service", service=title_of(request.service_id))
                 if request.service_id else ctx.t("receipts.today.where_home"))
        button = self._button(ctx.t("receipts.today.handled"),
                              ctx.t("receipts.today.handled_name", time=time))
        button.setProperty("role", "primary")
        button.clicked.connect(lambda _=False, rid=request.id: emit(self.handled_requested, rid))
        self.handled_buttons[request.id] = button
        return self._card(Words(ctx.t("receipts.today.call_line", time=time, where=where),
                                role="answer"), button)

    def _submission_row(self, ctx: UiContext, submission: TodaySubmission,
                        names: dict[str, str], title_of: TitleOf) -> QFrame:
        number = tracking.grouped(submission.tracking_number)
        helper = submission.assisted_by
        who = (ctx.t("receipts.today.assisted_by", name=names.get(helper, helper))
               if helper else ctx.t("receipts.today.not_assisted"))
        lines = "\n".join((
            ctx.t("receipts.today.submission_line", time=ctx.hall.clock_text(submission.created_at),
                  service=title_of(submission.service_id)),
            ctx.t("receipts.today.number_line", number=number),
            f"{ctx.t(f'receipts.today.status.{submission.status.value}')} · {who}"))
        button = self._button(ctx.t("receipts.today.reprint"),
                              ctx.t("receipts.today.reprint_name", number=number))
        button.clicked.connect(lambda _=False, s=submission: emit(self.reprint_requested, s))
        self.reprint_buttons[submission.tracking_number] = button
        return self._card(Words(lines, role="answer"), button)

    def _clear(self, keep_messages: bool = False) -> None:
        clear_layout(self.calls)
        clear_layout(self.rows)
        self.reprint_buttons.clear()
        self.handled_buttons.clear()
        self._summary = ""
        if not keep_messages:
            self.error.show_message(None)
            self.note.set_words("")
            self.note.hide()

    # -- speech ------------------------------------------------------------------------------
    def spoken(self, ctx: UiContext) -> str:
        if self.busy.isVisibleTo(self):
            return sentences([self.heading.words(), self.busy.words()])
        return sentences([self.error.message(), self.heading.words(), self._summary,
                          self.help.words()])

    def leave(self) -> None:
        self._clear()
        self.busy.hide()
