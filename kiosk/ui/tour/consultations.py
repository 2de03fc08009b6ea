"""The 村民议事 and notice pictures of `kiosk tour` (see kiosk/ui/tour/tour.py).

The tour's window has no database, so its notices and the results are stand-ins that exist only
in the tour (like its volunteer): `TOUR_BOARD` is put on the home screen directly, and the thank-
you page is shown without saving a vote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kiosk.domain.announcements import Announcement
from kiosk.domain.consultations import ConsultationResult
from kiosk.errors import KioskError
from kiosk.ui.features.consultations import Board
from kiosk.ui.shell.main_window import MainWindow

TOUR_BOARD = Board(announcements=(
    Announcement(1, {"zh_CN": "本周六上午便民服务中心不办公，周一照常办理。",
                     "en": "The service hall is closed on Saturday morning; open on Monday."},
                 "2026-11-02T08:00:00+08:00"),
    Announcement(2, {"zh_CN": "高龄津贴年审 12 月 31 日截止，请带上身份证。",
                     "en": "The yearly check for the elderly allowance ends on 31 December."},
                 "2026-11-01T08:00:00+08:00", dt.date(2099, 12, 31))))


def tour_result(window: MainWindow) -> ConsultationResult:
    consultation = window.catalog.consultations[0]
    counts = {o.value: n for o, n in zip(consultation.options, (128, 64, 37, 12, 5, 2),
                                         strict=False)}
    return ConsultationResult(consultation.id, consultation.closes, counts,
                              sum(counts.values()), "2026-11-03T01:30:00+00:00")


def consultation_shots(window: MainWindow, shot: Callable[[str], None]) -> None:
    """Question, suggestion, check, thank you, results; nothing if the catalog has none open."""
    tile = window.home.consultation_tile
    if tile is None or not window.catalog.consultations:
        return
    page = window.pages.consultation
    tile.click()
    if not page.tiles:
        raise KioskError("the tour expected the consultation's question")
    shot("consultation-question")
    next(iter(page.tiles.values())).click()
    next(iter(page.tiles.values())).click()   # one of the ready-made sentences
    shot("consultation-suggestion")
    page.bar.next.click()
    shot("consultation-confirm")
    page.show_thanks(window.ctx)   # the tour keeps no votes
    shot("consultation-thanks")
    window.consultations.show_consultation_results(window.catalog.consultations[0],
                                                   tour_result(window))
    shot("consultation-results")
    window.close_overlay()
    window.home.strip.more.click()
    shot("announcements")
    window.close_overlay()
