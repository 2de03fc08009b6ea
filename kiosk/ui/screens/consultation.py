"""村民议事: one page that leads a resident through a vote, one thing at a time (GOV.UK style).

list (only when there are several) → the question, its background and the options as big tiles
→ an optional suggestion: a few big ready-made sentences to tap (nobody has to type; none is
needed) → check your answers → saving → thank you. Over the home screen, like Help; the window
saves the vote on a worker and keeps the "already voted" mark for the resident's session.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.domain.consultations import Consultation
from kiosk.i18n import DEFAULT_LANGUAGE, Translator
from kiosk.ui.features.consultation_choice import ConsultationChoice
from kiosk.ui.look.a11y import announce
from kiosk.ui.look.formatting import date_text
from kiosk.ui.look.icons import icon_pixmap
from kiosk.ui.look.qt_compat import emit
from kiosk.ui.look.spoken import options_sentence, sentences
from kiosk.ui.look.theme import Theme
from kiosk.ui.screens.base import Screen, clear_layout
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.error_banner import ErrorBanner
from kiosk.ui.widgets.tile_button import TileButton
from kiosk.ui.widgets.tile_grid import TileGrid
from kiosk.ui.widgets.words import Words

# The ready-made sentences a resident may add (consultations.suggestion.<code>).
PRESETS = ("soon", "tell_everyone", "older_people", "spend_well")


class Stage(StrEnum):
    LIST = "list"
    QUESTION = "question"
    SUGGESTION = "suggestion"
    CONFIRM = "confirm"
    SAVING = "saving"
    THANKS = "thanks"
    VOTED = "voted"          # this resident already voted on it in this session
    PROBLEM = "problem"      # the vote could not be kept (closed meanwhile, a fault)


def suggestion_text(codes: Sequence[str]) -> str | None:
    """The chosen sentences as the township reads them: always in Chinese, whatever language
    the resident used, so the office reads every suggestion in one language."""
    office = Translator(DEFAULT_LANGUAGE)
    text = office.t("consultations.confirm.joiner").join(
        office.t(f"consultations.suggestion.{code}") for code in codes)
    return text or None


class ConsultationScreen(Screen):
    closed = Signal()                          # back to the home screen
    chosen = Signal(str)                       # a consultation picked from the list
    vote_requested = Signal(str, str, object)  # consultation id, option, suggestion or None
    stage_changed = Signal()                   # the page changed in place: say it
    feedback = Signal(str)                     # what to say after a tap

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent=parent)
        self.stage = Stage.LIST
        self.choices: list[ConsultationChoice] = []
        self.consultation: Consultation | None = None
        self.option: str | None = None
        self.chosen_presets: list[str] = []
        self.tiles: dict[str, TileButton] = {}     # list, options or sentences: by code
        self.lines: list[Words] = []
        self.error = ErrorBanner(theme)
        self._ctx: UiContext | None = None
        self.bar.back_clicked.connect(self._back)
        self.bar.skip_clicked.connect(self._skip)
        self.bar.next_clicked.connect(self._next)

    # -- the stages --------------------------------------------------------------------------
    def offer(self, choices: Sequence[ConsultationChoice]) -> None:
        """What 村民议事 has now; with more than one, Back leads to the list."""
        self.choices = list(choices)

    def present_list(self, choices: Sequence[ConsultationChoice], ctx: UiContext) -> None:
        self._start(Stage.LIST, ctx)
        self.choices = list(choices)
        self.set_texts(ctx.t("consultations.list.title"), ctx.t("consultations.list.help"))
        tiles = {}
        for choice in self.choices:
            c = choice.consultation
            summary = (ctx.t("consultations.list.open", date=date_text(c.closes, ctx.tr))
                       if choice.open else ctx.t("consultations.list.closed"))
            tile = TileButton(ctx.tr.text(c.question), ctx.theme, summary=summary,
                              title_px=ctx.theme.body_px)
            tile.clicked.connect(lambda _=False, cid=c.id: emit(self.chosen, cid))
            tiles[c.id] = tile
        self._add_tiles(tiles, ctx)
        self.bar.configure(back=ctx.t("consultations.nav.back"), next_=None)

    def present_question(self, consultation: Consultation, ctx: UiContext) -> None:
        self._start(Stage.QUESTION, ctx)
        self.consultation, self.option, self.chosen_presets = consultation, None, []
        self.set_texts(ctx.tr.text(consultation.question),
                       ctx.t("consultations.question.help",
                             date=date_text(consultation.closes, ctx.tr)))
        if consultation.background:
            self._add_line(ctx.tr.text(consultation.background))
        tiles = {}
        for option in consultation.options:
            tile = TileButton(ctx.tr.text(option.label), ctx.theme, checkable=True)
            tile.clicked.connect(lambda _=False, value=option.value: self.choose(value))
            tiles[option.value] = tile
        self._add_tiles(tiles, ctx)
        self.bar.configure(back=ctx.t("consultations.nav.back"), next_=None)

    def choose(self, option: str) -> None:
        """An option tapped: on to the (optional) suggestion."""
        if self.stage is Stage.QUESTION and self._ctx is not None:
            self.option = option
            self._suggestion(self._ctx)
            emit(self.stage_changed)

    def _suggestion(self, ctx: UiContext) -> None:
        kept = list(self.chosen_presets)
        self._start(Stage.SUGGESTION, ctx)
        self.set_texts(ctx.t("consultations.suggestion.title"),
                       ctx.t("consultations.suggestion.help"))
        tiles = {}
        for code in PRESETS:
            tile = TileButton(ctx.t(f"consultations.suggestion.{code}"), ctx.theme,
                              checkable=True)
            tile.setChecked(code in kept)
            tile.toggled.connect(lambda on, c=code: self._toggled(c, on))
            tiles[code] = tile
        self.chosen_presets = kept
        self._add_tiles(tiles, ctx)
        self.bar.configure(back=ctx.t("consultations.nav.back"),
                           skip=ctx.t("consultations.suggestion.skip"),
                           next_=ctx.t("consultations.nav.next"))

    def _toggled(self, code: str, on: bool) -> None:
        if on and code not in self.chosen_presets:
            self.chosen_presets.append(code)
        elif not on and code in self.chosen_presets:
            self.chosen_presets.remove(code)
        if self._ctx is not None:
            key = "chosen" if on else "not_chosen"
            emit(self.feedback, self._ctx.t(f"consultations.suggestion.{key}",
                                            text=self.tiles[code].text()))

    def _confirm(self, ctx: UiContext) -> None:
        consultation, option = self.consultation, self.option
        if consultation is None or option is None:
            return
        found = consultation.option(option)
        self._start(Stage.CONFIRM, ctx)
        self.set_texts(ctx.t("consultations.confirm.title"), ctx.t("consultations.confirm.help"))
        label = ctx.tr.text(found.label) if found else option
        self._add_line(ctx.t("consultations.confirm.choice", option=label), role="big")
        said = ctx.t("consultations.confirm.joiner").join(
            ctx.t(f"consultations.suggestion.{code}") for code in self.chosen_presets)
        self._add_line(ctx.t("consultations.confirm.suggestion", text=said) if said
                       else ctx.t("consultations.confirm.no_suggestion"), role="answer")
        self.body.addStretch(1)
        self.bar.configure(back=ctx.t("consultations.nav.back"),
                           next_=ctx.t("consultations.confirm.submit"))

    def set_saving(self, ctx: UiContext) -> None:
        self.stage = Stage.SAVING
        self.set_texts(ctx.t("consultations.saving.busy"), "")
        self.bar.set_busy(True)
        announce(self.heading, self.heading.words())

    def show_thanks(self, ctx: UiContext) -> None:
        closes = self.consultation.closes if self.consultation else None
        self._finish(Stage.THANKS, ctx, ctx.t("consultations.thanks.title"),
                     ctx.t("consultations.thanks.help",
                           date=date_text(closes, ctx.tr) if closes else ""))

    def show_voted(self, consultation: Consultation, ctx: UiContext) -> None:
        self.consultation = consultation
        self._finish(Stage.VOTED, ctx, ctx.t("consultations.voted.title"),
                     ctx.t("consultations.voted.help"))

    def show_problem(self, message: str, ctx: UiContext) -> None:
        self._finish(Stage.PROBLEM, ctx, "", ctx.t("consultations.error.next"))
        self.error.show_message(message)

    def _finish(self, stage: Stage, ctx: UiContext, heading: str, help_text: str) -> None:
        self._start(stage, ctx)
        self.set_texts(heading, help_text)
        self.heading.setVisible(bool(heading))
        mark = icon_pixmap("yes", ctx.theme.text, 2 * ctx.theme.icon_px) if (
            stage is Stage.THANKS) else None
        if mark is not None:   # a big ✓: done, at a glance
            picture = QLabel()
            picture.setPixmap(mark)
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.body.addWidget(picture)
        self.body.addStretch(1)
        # Back to the list only from a finished vote; the way on is always home.
        back = ctx.t("consultations.nav.back") if len(self.choices) > 1 and (
            stage is not Stage.PROBLEM) else None
        self.bar.configure(back=back, next_=ctx.t("consultations.nav.home"))

    # -- the bar -----------------------------------------------------------------------------
    def _back(self) -> None:
        ctx = self._ctx
        if ctx is None:
            return
        if self.stage is Stage.CONFIRM:
            self._suggestion(ctx)
        elif self.stage is Stage.SUGGESTION and self.consultation is not None:
            option, presets = self.option, self.chosen_presets
            self.present_question(self.consultation, ctx)
            self.chosen_presets = presets   # kept if the resident comes this way again
            if option in self.tiles:
                self.tiles[option].setChecked(True)   # ✓ on what they chose before
        elif self.stage is not Stage.LIST and len(self.choices) > 1:
            self.present_list(self.choices, ctx)
        else:
            emit(self.closed)
            return
        emit(self.stage_changed)

    def _skip(self) -> None:
        if self.stage is Stage.SUGGESTION and self._ctx is not None:
            self.chosen_presets = []
            self._confirm(self._ctx)
            emit(self.stage_changed)

    def _next(self) -> None:
        ctx = self._ctx
        if ctx is None:
            return
        if self.stage is Stage.SUGGESTION:
            self._confirm(ctx)
            emit(self.stage_changed)
        elif self.stage is Stage.CONFIRM and self.consultation and self.option:
            emit(self.vote_requested, self.consultation.id, self.option,
                 suggestion_text(self.chosen_presets))
        elif self.stage in (Stage.THANKS, Stage.VOTED, Stage.PROBLEM):
            emit(self.closed)

    # -- building blocks ---------------------------------------------------------------------
    def _start(self, stage: Stage, ctx: UiContext) -> None:
        self._ctx, self.stage = ctx, stage
        self.body.removeWidget(self.error)
        clear_layout(self.body)
        self.error.show_message(None)
        self.body.addWidget(self.error)
        self.tiles, self.lines = {}, []
        self.heading.show()
        self.bar.set_busy(False)

    def _add_line(self, text: str, role: str | None = None) -> None:
        words = Words(text, role=role)
        self.body.addWidget(words)
        self.lines.append(words)

    def _add_tiles(self, tiles: dict[str, TileButton], ctx: UiContext) -> None:
        self.tiles = tiles
        grid = TileGrid(list(tiles.values()), ctx.theme.gap_px,
                        wide=ctx.theme.size != "extra_large")
        self.body.addWidget(grid, 1)
        if self.isVisible():
            grid.show()

    # -- speech ------------------------------------------------------------------------------
    def spoken(self, ctx: UiContext) -> str:
        if self.stage is Stage.SAVING:
            return self.heading.words()
        return sentences([self.error.message(), self.heading.words(),
                          *(w.words() for w in self.lines), self.help.words(),
                          *self.spoken_body(ctx)])

    def spoken_body(self, ctx: UiContext) -> list[str]:
        if self.stage in (Stage.LIST, Stage.QUESTION, Stage.SUGGESTION):
            return [options_sentence([tile.text() for tile in self.tiles.values()], ctx)]
        return []

    def help_spoken(self, ctx: UiContext) -> str:
        return self.help.words()

    def leave(self) -> None:
        self.option, self.chosen_presets = None, []
        self.body.removeWidget(self.error)
        clear_layout(self.body)
        self.body.addWidget(self.error)
        self.error.show_message(None)
        self.tiles, self.lines = {}, []
