"""The volunteer's view of the store: today's submissions without personal data, and closing
"call a volunteer" requests."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from kiosk.domain.status_words import PlainStatus
from kiosk.hall_time import HallTime
from kiosk.paths import database_path
from kiosk.store.store import Store
from kiosk.store.volunteer_view import TodaySubmission

ANSWERS = {"full_name": "王秀英", "id_number": "11010519491231002X", "phone": "13812345678"}
DAY = dt.date(2026, 11, 3)


def saved_at(data_dir: Path, moment: dt.datetime, assisted_by: str | None = None) -> str:
    """Save one application as if at `moment` (China time given); returns its number."""
    with Store.open(database_path(data_dir), clock=lambda: moment.astimezone(dt.UTC)) as store:
        receipt = store.save_answers("elderly_allowance", "v1", ANSWERS,
                                     {"accepted_at": moment.isoformat(),
                                      "assisted_by": assisted_by}, "zh_CN")
    return receipt.tracking_number


CHINA_TIME = HallTime().zone   # the default hall zone, Asia/Shanghai


def china(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), CHINA_TIME)


def test_todays_submissions_are_the_china_time_day_newest_first(data_dir: Path) -> None:
    early = saved_at(data_dir, china(0, 5))           # 16:05 UTC the day before
    late = saved_at(data_dir, china(23, 55), "li-ming")
    saved_at(data_dir, china(23, 59, DAY - dt.timedelta(days=1)))
    saved_at(data_dir, china(0, 0, DAY + dt.timedelta(days=1)))
    with Store.open(database_path(data_dir)) as store:
        today = store.todays_submissions(DAY)
    assert [s.tracking_number for s in today] == [late, early]
    assert today[0].assisted_by == "li-ming" and today[1].assisted_by is None
    assert today[0].created_at == china(23, 55)
    assert all(s.status is PlainStatus.SAVED_ON_KIOSK for s in today)


def test_todays_submissions_carry_no_personal_data(data_dir: Path) -> None:
    saved_at(data_dir, china(9, 30), "li-ming")
    with Store.open(database_path(data_dir)) as store:
        (submission,) = store.todays_submissions(DAY)
    assert {f.name for f in dataclasses.fields(TodaySubmission)} == {
        "application_id", "tracking_number", "service_id", "created_at", "status",
        "assisted_by"}
    shown = repr(submission)
    for value in ANSWERS.values():
        assert value not in shown
    assert "13812345678"[:7] not in shown


def test_status_follows_delivery_and_the_office(data_dir: Path) -> None:
    number = saved_at(data_dir, china(10))
    with Store.open(database_path(data_dir)) as store:
        (app,) = store.list_applications()
        claimed = store.claim_batch("test", 10, 60)
        store.mark_delivered("test", {claimed[0].id: None})
        assert store.todays_submissions(DAY)[0].status is PlainStatus.SENT
        store.record_office_status([(app.id, "approved", None, china(11).isoformat())])
        assert store.todays_submissions(DAY)[0].status is PlainStatus.APPROVED
    assert app.tracking_number == number


def test_closing_a_request_records_who_and_when_once(store: Store) -> None:
    first = store.record_volunteer_request("question:id_number", "elderly_allowance")
    second = store.record_volunteer_request("home", None)
    assert [r.id for r in store.open_requests()] == [first, second]
    assert store.open_requests()[0].screen == "question:id_number"
    assert store.close_volunteer_request(first, "li-ming") is True
    assert store.close_volunteer_request(first, "wang-fang") is False   # already closed
    assert store.close_volunteer_request(999, "li-ming") is False       # no such request
    assert [r["id"] for r in store.open_volunteer_requests()] == [second]
    row = store.db.execute("SELECT handled_by, handled_at FROM volunteer_requests WHERE id = ?",
                           [first]).fetchone()
    assert row[0] == "li-ming" and row[1]
