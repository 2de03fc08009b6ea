"""The 村民议事 and notice states of the matrix walk (`screen_walk.walk` yields from here).

Notices go into the window's real store and are read back on its worker; a vote is really saved.
The results page and the list are shown with a sample result: the test catalog's consultation
is still open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from kiosk.domain.announcements import Announcement
from kiosk.domain.consultations import ConsultationResult
from kiosk.store.store import Store
from kiosk.ui.screens.consultation import ConsultationChoice
from kiosk.ui.shell.main_window import MainWindow

LONG_NOTICE = Announcement(
    1, {"zh_CN": "本周六上午便民服务中心不办公，周一照常办理。有急事请打镇政府电话，"
                 "或者找村里的网格员帮忙。",
        "en": "The service hall is closed on Saturday morning and opens again on Monday as "
              "usual. For anything urgent, call the township office or ask your village helper."},
    "2026-11-02T08:00:00+08:00")
SHORT_NOTICE = Announcement(2, {"zh_CN": "高龄津贴年审 12 月 31 日截止。",
                                "en": "The elderly allowance check ends on 31 December."},
                            "2026-11-01T08:00:00+08:00", dt.date(2026, 12, 31))


def settle_work(window: MainWindow) -> None:
    """The window's worker finishes and its answer arrives (like `walk.settle_work`, which
    this module cannot import: walk imports it)."""
    assert window.tasks.wait(10_000)
    for _ in range(3):
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def sample_result(window: MainWindow) -> ConsultationResult:
    c = window.catalog.consultations[0]
    counts = {o.value: 100 * (i + 1) + 7 for i, o in enumerate(c.options)}
    return ConsultationResult(c.id, c.closes, counts, sum(counts.values()),
                              "2026-11-03T01:30:00+00:00")


def walk_consultations(window: MainWindow) -> Iterator[str]:
    if window.db_path is not None:
        with Store.open(window.db_path) as store:
            store.replace_announcements([LONG_NOTICE, SHORT_NOTICE])
        window.refresh_board()
        settle_work(window)
    yield "home-announcements"
    window.home.strip.more.click()
    yield "announcements"
    window.close_overlay()
    tile = window.home.consultation_tile
    if tile is None or not window.catalog.consultations:
        return
    page = window.pages.consultation
    tile.click()
    yield "consultation-question"
    next(iter(page.tiles.values())).click()
    yield "consultation-suggestion"
    next(iter(page.tiles.values())).click()
    page.bar.next.click()
    yield "consultation-confirm"
    page.bar.next.click()
    settle_work(window)
    yield "consultation-thanks"
    page.bar.next.click()
    tile = window.home.consultation_tile
    assert tile is not None
    tile.click()
    yield "consultation-voted"
    page.show_problem(window.ctx.t("vote.error.closed"), window.ctx)
    yield "consultation-problem"
    c = window.catalog.consultations[0]
    window.open_consultation_list([ConsultationChoice(c, True), ConsultationChoice(c, False)])
    yield "consultation-list"
    window.show_consultation_results(c, sample_result(window))
    yield "consultation-results"
    window.close_overlay()
