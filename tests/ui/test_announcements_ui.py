"""The township's notices on the home screen, read from a real Store on the window's worker:
shown above the tiles and spoken after the title (and by 重听), in the resident's language,
gone after their last day even offline, and new ones taken in after a sync."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.domain.announcements import Announcement
from kiosk.store.store import Store
from kiosk.sync.status import SyncState, SyncStatus
from kiosk.ui.features.consultations import Board
from kiosk.ui.shell.main_window import MainWindow
from tests.helpers.kiosk_window import WindowFactory, speaker_of

HOURS = Announcement(1, {"zh_CN": "本周六上午不办公。", "en": "Closed on Saturday morning."},
                     "2026-11-01T08:00:00+08:00")
DEADLINE = Announcement(2, {"zh_CN": "年审本月 5 日截止。",
                            "en": "The yearly check ends on the 5th."},
                        "2026-11-02T08:00:00+08:00", until=dt.date(2026, 11, 5))
OLD = Announcement(3, {"zh_CN": "上个月的通知。", "en": "Last month's notice."},
                   "2026-10-01T08:00:00+08:00", until=dt.date(2026, 10, 31))


def publish(db_path: Path, *announcements: Announcement) -> None:
    with Store.open(db_path) as store:
        store.replace_announcements(announcements)


def board_read(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)


def test_notices_are_shown_above_the_tiles_and_spoken_after_the_title(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    publish(db_path, HOURS, DEADLINE, OLD)
    window = make_window()
    board_read(qtbot, window)
    home = window.home
    assert home.strip.isVisible()
    assert home.strip.texts() == ["通知：年审本月 5 日截止。"]          # the newest, one line
    tiles_top = min(t.mapTo(window, t.rect().topLeft()).y() for t in home.all_tiles())
    assert home.strip.mapTo(window, home.strip.rect().bottomLeft()).y() < tiles_top
    said = speaker_of(window).last()
    title = window.ctx.t("ui.home.title")
    assert said.startswith(title)
    assert said.index("本周六上午不办公") > said.index(title)
    assert "年审本月 5 日截止" in said and "上个月的通知" not in said   # expired: not said
    window.repeat()                                                     # 重听
    assert "本周六上午不办公" in speaker_of(window).last()


def test_every_notice_in_full_on_its_own_page(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    publish(db_path, HOURS, DEADLINE)
    window = make_window()
    board_read(qtbot, window)
    window.home.strip.more.click()                                      # 看通知
    page = window.pages.announcements
    assert window.stack.currentWidget() is page
    assert [w.words() for w in page.items] == ["年审本月 5 日截止。", "本周六上午不办公。"]
    assert "本周六上午不办公" in speaker_of(window).last()
    page.bar.back.click()
    assert window.stack.currentWidget() is window.home


def test_notices_follow_the_residents_language(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    publish(db_path, HOURS)
    window = make_window()
    board_read(qtbot, window)
    window.set_language("en")
    assert window.home.strip.texts() == ["Notice: Closed on Saturday morning."]
    assert "Closed on Saturday morning." in speaker_of(window).last()


def test_a_notice_goes_after_its_last_day_without_the_central(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    """Pulled while current, expired now (the kiosk's date is 3 November): never shown, read
    from the store or still held from before."""
    publish(db_path, OLD)
    window = make_window()
    board_read(qtbot, window)
    assert not window.home.strip.isVisible()
    window.show_board(Board((OLD, HOURS)))          # a board read before OLD's last day
    window.repeat()
    assert window.home.strip.texts() == ["通知：本周六上午不办公。"]
    assert "上个月的通知" not in speaker_of(window).last()


def test_new_notices_arrive_with_a_sync_status(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    window = make_window()
    board_read(qtbot, window)
    assert not window.home.strip.isVisible()
    publish(db_path, HOURS)                       # what a sync pull does
    window.set_sync_status(SyncStatus(SyncState.IDLE))
    board_read(qtbot, window)
    assert window.home.strip.texts() == ["通知：本周六上午不办公。"]
    publish(db_path)                              # withdrawn at the central
    window.set_sync_status(SyncStatus(SyncState.IDLE))
    board_read(qtbot, window)
    assert not window.home.strip.isVisible()
