"""One time on every screen. The computer's clock is set to UTC or New York
(TZ + tzset); at 17:24 UTC it is 01:24 the next morning in the hall. The header clock, 今天办的事,
the status page, the kept PDF receipt and the bytes sent to the printer all say 4 December,
01:24, and "today" is the hall's day."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.hall_time import HallTime
from kiosk.settings import Settings
from kiosk.store.store import Store
from kiosk.ui.shell.main_window import MainWindow
from tests.helpers.fake_printers import FakeNetworkPrinter, gb, receipt_part
from tests.helpers.kiosk_window import WindowFactory
from tests.helpers.screen_walk import settle_work
from tests.helpers.volunteer_steps import ANSWERS, open_today, page_text, signed_in

INSTANT = dt.datetime(2026, 12, 3, 17, 24, tzinfo=dt.UTC)   # 01:24 on 4 December in the hall


@pytest.fixture(params=["UTC", "America/New_York"])
def machine_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
                 ) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def hall_at(moment: dt.datetime) -> HallTime:
    return HallTime.named("Asia/Shanghai", clock=lambda: moment)


def saved_at(db_path: Path, moment: dt.datetime) -> str:
    with Store.open(db_path, clock=lambda: moment) as store:
        return store.save_answers("every_type", "test-1", ANSWERS, {"assisted_by": None},
                                  "zh_CN").tracking_number


def look_up(window: MainWindow, number: str) -> str:
    """Type the number on 查进度 as a resident does; the words the page shows for its time."""
    assert window.home.status_tile is not None
    window.home.status_tile.click()
    keypad = window.status_page.keypad
    assert keypad is not None
    for digit in number:
        keypad.keys[digit].click()
    window.status_page.bar.next.click()
    settle_work(window)
    return window.status_page.updated.words()


def test_header_today_status_and_pdf_receipt_show_the_same_hall_time(
        qtbot: QtBot, make_window: WindowFactory, badge_code: str, db_path: Path,
        data_dir: Path, machine_zone: str) -> None:
    assert dt.datetime.now().astimezone().utcoffset() != dt.timedelta(hours=8)
    number = saved_at(db_path, INSTANT)
    window = make_window(hall=hall_at(INSTANT))

    clock = window.top_bar.clock.text()
    assert clock.startswith("12月4日") and clock.endswith("01:24"), clock

    assert "2026年12月4日 01:24" in look_up(window, number)
    window.status_page.bar.back.click()

    signed_in(window, badge_code)
    open_today(qtbot, window)                # the hall's 4 December: the application is there
    page = window.pages.today
    assert set(page.reprint_buttons) == {number}
    assert "01:24" in page_text(window)

    page.reprint_buttons[number].click()     # no printer set up: kept as a PDF
    pdf = data_dir / "receipts" / f"{number}.pdf"
    qtbot.waitUntil(pdf.exists, timeout=15_000)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        # NFKC: the CJK font maps 月 and 日 to their look-alike Kangxi radicals (⽉ ⽇).
        assert "2026年12月4日" in unicodedata.normalize("NFKC", text), text


def test_the_printed_receipt_carries_the_halls_day(
        qtbot: QtBot, make_window: WindowFactory, badge_code: str, db_path: Path,
        data_dir: Path, machine_zone: str) -> None:
    printer = FakeNetworkPrinter()
    try:
        Settings.load(data_dir).set("printer.connection", printer.config)
        number = saved_at(db_path, INSTANT)
        window = make_window(hall=hall_at(INSTANT))
        signed_in(window, badge_code)
        open_today(qtbot, window)
        window.pages.today.reprint_buttons[number].click()
        job = receipt_part(printer.job())
        assert gb("2026年12月4日") in job
        assert gb("2026年12月3日") not in job
    finally:
        printer.close()


def test_the_volunteers_today_is_the_halls_day(
        qtbot: QtBot, make_window: WindowFactory, badge_code: str, db_path: Path,
        machine_zone: str) -> None:
    """At 00:10 in the hall (16:10 UTC, still 3 December in UTC and New York), what was saved
    at 23:50 the evening before is yesterday's work, and the hall's 00:05 is today's."""
    yesterday = saved_at(db_path, dt.datetime(2026, 12, 3, 15, 50, tzinfo=dt.UTC))
    today = saved_at(db_path, dt.datetime(2026, 12, 3, 16, 5, tzinfo=dt.UTC))
    window = make_window(hall=hall_at(dt.datetime(2026, 12, 3, 16, 10, tzinfo=dt.UTC)))
    assert window.top_bar.clock.text().endswith("00:10")
    signed_in(window, badge_code)
    open_today(qtbot, window)
    assert set(window.pages.today.reprint_buttons) == {today} != {yesterday}
    assert "00:05" in page_text(window)


def test_the_hall_zone_setting_reaches_the_window(data_dir: Path, machine_zone: str) -> None:
    """`kiosk run` builds the window from the settings: hall.time_zone is what it uses."""
    from kiosk.ui.app import load_config

    Settings.load(data_dir).set("hall.time_zone", "Asia/Urumqi")
    assert load_config(data_dir).time_zone == "Asia/Urumqi"
    assert HallTime.named(load_config(data_dir).time_zone, clock=lambda: INSTANT
                          ).clock_text(INSTANT) == "23:24"
