"""村民议事 and the township's notices: pages over the home screen (like Help).

The "board" — the current notices and the results of closed consultations the sync pulled from
the central — is read on a worker with its own Store connection whenever home appears, after
each sync status and every few minutes (so a notice past its last day goes offline too); only a
changed board touches the home screen. When home has just appeared, a changed board is spoken
again so the notices follow the title; after a sync it only changes what is shown.

A vote is saved on a worker with `Store.save_vote`; the resident hears thanks or, if the vote
cannot be kept (closed meanwhile, a fault), a plain sentence. One vote per consultation per
resident: the mark is forgotten with the resident (`forget_votes`, from `new_resident`, and a
quiet spell on the home screen, where a resident who voted from home simply walks away).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, SignalInstance

from kiosk.domain.consultations import CHINA_TIME, Consultation, ConsultationResult, VoteInvalid
from kiosk.domain.session import SessionView, Step
from kiosk.store.thread import with_store
from kiosk.ui.features.consultation_choice import ConsultationChoice
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.home import ConsultationTile
from kiosk.ui.shell.shell import Shell

if TYPE_CHECKING:
    from kiosk.domain.announcements import Announcement
    from kiosk.store.outbox import StoredVote

log = logging.getLogger(__name__)
BOARD_REFRESH_MS = 5 * 60 * 1000   # often enough for a notice's last day; one small query


@dataclass(frozen=True)
class Board:
    """What home's notice board shows: current notices and consultations."""

    announcements: tuple[Announcement, ...] = ()
    results: tuple[ConsultationResult, ...] = ()

    def result_for(self, consultation_id: str) -> ConsultationResult | None:
        return next((r for r in self.results if r.consultation_id == consultation_id), None)


def board_reader(db_path: Path) -> Callable[[dt.datetime], Board]:
    def read(now: dt.datetime) -> Board:
        return with_store(db_path, lambda store: Board(
            tuple(store.current_announcements(now)), tuple(store.all_consultation_results())))
    return read


def vote_saver(db_path: Path) -> Callable[[Consultation, str, str | None, str], StoredVote]:
    def save(consultation: Consultation, option: str, suggestion: str | None,
             catalog_version: str) -> StoredVote:
        return with_store(db_path, lambda store: store.save_vote(
            consultation, option, suggestion, catalog_version))
    return save


def midday(today: dt.date) -> dt.datetime:
    """The kiosk's date as an instant (notices count whole days, China time)."""
    return dt.datetime.combine(today, dt.time(12), tzinfo=CHINA_TIME)


class Consultations:
    def __init__(self, shell: Shell, db_path: Path | None) -> None:
        self._shell, self._db_path = shell, db_path
        self._board = Board()
        self._voted: frozenset[str] = frozenset()   # consultation ids this resident voted on
        self._resident_round = 0                    # bumped per resident: a late save marks nobody
        self._board_loading = False

    def page_built(self, name: str, page: Screen) -> None:
        """Wire the page; a new home gets the board we have."""
        p, overlay = self._shell.pages, self._shell.overlay
        if name == "home":
            p.home.consultations_chosen.connect(self.open_consultations)
            p.home.announcements_chosen.connect(self.open_announcements)
            self._push_board()
        elif name == "announcements":
            p.announcements.closed.connect(overlay.close)
        elif name == "consultation":
            p.consultation.closed.connect(overlay.close)
            p.consultation.chosen.connect(self.open_consultation)
            p.consultation.vote_requested.connect(self.vote)
            p.consultation.stage_changed.connect(lambda: overlay.show(p.consultation))
            p.consultation.feedback.connect(self._shell.say)
        elif name == "consultation_results":
            p.consultation_results.closed.connect(self._results_closed)

    def new_resident(self) -> None:
        self.forget_votes()   # the next resident may vote in 村民议事 again

    def watch(self, rendered: SignalInstance, quiet_spell: SignalInstance) -> None:
        """Once, when the window is built and home is rendered. The first read waits for the
        event loop: the home screen is up before the database is touched."""
        rendered.connect(self._rendered)
        quiet_spell.connect(self._quiet_spell)
        timer = QTimer(self._shell.host)
        timer.setInterval(BOARD_REFRESH_MS)
        timer.timeout.connect(lambda: self.refresh_board())
        timer.start()
        self.refresh_board(speak=True, soon=True)

    # -- the board ---------------------------------------------------------------------------
    def refresh_board(self, *, speak: bool = False, soon: bool = False) -> None:
        """Read the notices and results again (on a worker); cheap, so after every sync.
        `soon`: from the event loop's next turn (the window's first read)."""
        db_path = self._db_path
        if db_path is None or self._board_loading:
            return
        self._board_loading = True
        read, now = board_reader(db_path), midday(self._shell.ctx.today())
        run = self._shell.tasks.run_soon if soon else self._shell.tasks.run
        run(lambda: read(now), lambda board: self._board_read(board, speak), self._board_failed)

    def _rendered(self, view: SessionView) -> None:
        if view.step is Step.HOME and self._shell.overlay.page is None:
            self.refresh_board(speak=True)

    def _board_read(self, board: Board, speak: bool) -> None:
        self._board_loading = False
        if board == self._board:
            self._push_board()   # the date may have moved on: a consultation closed
            return
        self._board = board
        self._push_board()
        if speak and self._shell.overlay.page is None and self._shell.session.step is Step.HOME:
            self._shell.say(self._shell.pages.home.spoken(self._shell.ctx))

    def _board_failed(self, error: Exception) -> None:
        self._board_loading = False
        log.error("could not read the notices and consultation results: %s", error)

    def show_board(self, board: Board) -> None:
        """Put a board up directly (the tour, which has no database)."""
        self._board = board
        self._push_board()

    def _push_board(self) -> None:
        choices = self.consultation_choices()
        if any(c.open for c in choices):
            tile = ConsultationTile.OPEN
        else:
            tile = ConsultationTile.RESULTS if choices else ConsultationTile.NONE
        self._shell.pages.home.set_board(self._board.announcements, tile)

    def consultation_choices(self) -> list[ConsultationChoice]:
        """Open consultations, then closed ones whose results have come from the central."""
        today, catalog = self._shell.ctx.today(), self._shell.catalog
        closed = [c for c in catalog.closed_consultations(today)
                  if self._board.result_for(c.id) is not None]
        return ([ConsultationChoice(c, True) for c in catalog.open_consultations(today)]
                + [ConsultationChoice(c, False) for c in closed])

    # -- notices -----------------------------------------------------------------------------
    def open_announcements(self) -> None:
        page = self._shell.pages.announcements
        page.present(self._shell.pages.home.announcements(self._shell.ctx), self._shell.ctx)
        self._shell.overlay.show(page)

    # -- 村民议事 ------------------------------------------------------------------------------
    def open_consultations(self) -> None:
        choices = self.consultation_choices()
        page = self._shell.pages.consultation
        page.offer(choices)
        if len(choices) == 1:
            self.open_consultation(choices[0].consultation.id)
        elif choices:
            self.open_consultation_list(choices)
        else:
            log.info("村民议事 chosen, but nothing is open and no results have come")

    def open_consultation_list(self, choices: list[ConsultationChoice]) -> None:
        page = self._shell.pages.consultation
        page.offer(choices)
        page.present_list(choices, self._shell.ctx)
        self._shell.overlay.show(page)

    def open_consultation(self, consultation_id: str) -> None:
        choice = next((c for c in self.consultation_choices()
                       if c.consultation.id == consultation_id), None)
        if choice is None:
            return
        if not choice.open:
            self.show_consultation_results(choice.consultation,
                                           self._board.result_for(consultation_id))
            return
        page = self._shell.pages.consultation
        if consultation_id in self._voted:
            page.show_voted(choice.consultation, self._shell.ctx)
        else:
            page.present_question(choice.consultation, self._shell.ctx)
        self._shell.overlay.show(page)

    def show_consultation_results(self, consultation: Consultation,
                                  result: ConsultationResult | None) -> None:
        if result is None:
            return
        page = self._shell.pages.consultation_results
        page.present(consultation, result, self._shell.ctx)
        self._shell.overlay.show(page)

    def _results_closed(self) -> None:
        if len(self.consultation_choices()) > 1:
            self.open_consultations()   # back to the list it came from
        else:
            self._shell.overlay.close()

    def has_voted(self, consultation_id: str) -> bool:
        return consultation_id in self._voted

    def vote(self, consultation_id: str, option: str, suggestion: str | None) -> None:
        page, db_path = self._shell.pages.consultation, self._db_path
        consultation = next((c for c in self._shell.catalog.consultations
                             if c.id == consultation_id), None)
        if consultation is None:
            return
        if consultation_id in self._voted:   # a second tap, or the page was open twice
            page.show_voted(consultation, self._shell.ctx)
            self._shell.overlay.show(page)
            return
        if db_path is None:
            self._vote_failed(RuntimeError("the window has no database"), self._resident_round)
            return
        page.set_saving(self._shell.ctx)
        self._shell.say(page.spoken(self._shell.ctx))
        save, version = vote_saver(db_path), self._shell.catalog.version
        round_ = self._resident_round
        self._shell.tasks.run(lambda: save(consultation, option, suggestion, version),
                              lambda stored: self._vote_saved(stored, round_),
                              lambda exc: self._vote_failed(exc, round_))

    def _vote_saved(self, vote: StoredVote, round_: int) -> None:
        if round_ == self._resident_round:
            self._voted = self._voted | {vote.consultation_id}
        page = self._shell.pages.consultation
        if self._shell.overlay.page is page and round_ == self._resident_round:
            page.show_thanks(self._shell.ctx)
            self._shell.overlay.show(page)

    def _vote_failed(self, error: Exception, round_: int) -> None:
        log.error("could not keep the vote: %s", error)
        page = self._shell.pages.consultation
        if self._shell.overlay.page is not page or round_ != self._resident_round:
            return   # the resident has gone
        key = error.key if isinstance(error, VoteInvalid) else "consultations.error.failed"
        page.show_problem(self._shell.ctx.t(key), self._shell.ctx)
        self._shell.overlay.show(page)

    # -- residents ---------------------------------------------------------------------------
    def forget_votes(self) -> None:
        """A new resident: they may vote again."""
        self._voted = frozenset()
        self._resident_round += 1

    def _quiet_spell(self, _seconds: int) -> None:
        if self._shell.session.step is Step.HOME:   # the resident who voted from home has gone
            self.forget_votes()
