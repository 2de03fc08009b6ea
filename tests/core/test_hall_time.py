"""The hall's time: whatever zone the computer's clock is set to (TZ=UTC,
TZ=America/New_York), times for people are in the `hall.time_zone` setting's zone, the day ends
at the hall's midnight, and `kiosk doctor` says plainly when the two zones differ."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.domain.announcements import Announcement
from kiosk.hall_time import HallTime
from kiosk.paths import database_path
from kiosk.store.store import Store
from tests.helpers.kiosk_and_central import kiosk

# 17:24 in London is 01:24 the next morning in the hall (Asia/Shanghai, UTC+8).
INSTANT = dt.datetime(2026, 12, 3, 17, 24, tzinfo=dt.UTC)
ANSWERS = {"full_name": "王秀英", "id_number": "11010519491231002X", "phone": "13812345678"}
MACHINE_ZONES = ["UTC", "America/New_York"]


@pytest.fixture(params=MACHINE_ZONES)
def machine_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
                 ) -> Iterator[str]:
    """This process's own clock set to another zone, as on a machine installed abroad."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def cli(data_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), *args])
    return result.exit_code, result.output


def saved_at(data_dir: Path, moment: dt.datetime) -> str:
    with Store.open(database_path(data_dir), clock=lambda: moment) as store:
        return store.save_answers("elderly_allowance", "v1", ANSWERS, {"assisted_by": None},
                                  "zh_CN").tracking_number


def test_the_setting_is_declared_validated_and_shown(data_dir: Path) -> None:
    code, shown = cli(data_dir, "config", "show", "--json")
    assert code == 0 and json.loads(shown)["hall.time_zone"] == "Asia/Shanghai"
    code, said = cli(data_dir, "config", "set", "hall.time_zone", "Mars/Olympus")
    assert code != 0 and "not a known time zone" in said and "Traceback" not in said
    assert cli(data_dir, "config", "set", "hall.time_zone", "Asia/Urumqi")[0] == 0
    assert json.loads(cli(data_dir, "config", "show", "--json")[1])["hall.time_zone"] == (
        "Asia/Urumqi")


def test_the_hall_clock_ignores_the_machine_zone(machine_zone: str) -> None:
    hall = HallTime.named("Asia/Shanghai", clock=lambda: INSTANT)
    assert dt.datetime.now().astimezone().utcoffset() != dt.timedelta(hours=8)  # really abroad
    assert hall.today() == dt.date(2026, 12, 4)
    assert hall.clock_text(INSTANT) == "01:24"
    assert hall.date_time_text(INSTANT, "zh_CN") == "2026年12月4日 01:24"
    assert hall.date_time_text(INSTANT, "en") == "2026-12-04 01:24"
    naive = INSTANT.replace(tzinfo=None)     # a stored time without an offset is UTC
    assert hall.clock_text(naive) == "01:24"


def test_kiosk_lookup_prints_the_halls_time(data_dir: Path, machine_zone: str) -> None:
    number = saved_at(data_dir, INSTANT)
    code, out = cli(data_dir, "lookup", number, "--language", "en")
    assert code == 0 and "updated: 2026-12-04 01:24" in out
    cli(data_dir, "config", "set", "hall.time_zone", "Asia/Urumqi")   # UTC+6
    assert "updated: 2026-12-03 23:24" in cli(data_dir, "lookup", number, "--language", "en")[1]


def test_today_ends_at_the_halls_midnight(data_dir: Path, machine_zone: str) -> None:
    """Saved at 23:59 and at 00:01 hall time: in UTC (and New York) both are on 3 December,
    for the hall they are two different days."""
    late = saved_at(data_dir, dt.datetime(2026, 12, 3, 15, 59, tzinfo=dt.UTC))   # 23:59
    early = saved_at(data_dir, dt.datetime(2026, 12, 3, 16, 1, tzinfo=dt.UTC))   # 00:01
    hall = HallTime.named("Asia/Shanghai", clock=lambda: INSTANT)
    with Store.open(database_path(data_dir)) as store:
        assert [s.tracking_number for s in store.todays_submissions(hall.today(), hall)] == [
            early]
        yesterday = hall.today() - dt.timedelta(days=1)
        assert [s.tracking_number for s in store.todays_submissions(yesterday, hall)] == [late]


def test_a_notice_is_shown_through_the_halls_last_day(machine_zone: str) -> None:
    notice = Announcement(1, {"zh_CN": "周五停电"}, "2026-12-01T00:00:00+00:00",
                          until=dt.date(2026, 12, 3))
    hall = HallTime()
    assert notice.is_current(dt.datetime(2026, 12, 3, 15, 59, tzinfo=dt.UTC), hall)  # 23:59
    assert not notice.is_current(dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC), hall)


@pytest.mark.parametrize("zone", MACHINE_ZONES)
def test_doctor_warns_in_plain_words_when_the_machine_zone_differs(data_dir: Path,
                                                                   zone: str) -> None:
    report = json.loads(kiosk(data_dir, "doctor", "--json", env_extra={"TZ": zone}).stdout)
    (check,) = [c for c in report["machine"] if c["check"] == "timezone"]
    assert check["verdict"] == "warn"
    assert check["message"].startswith(
        f"this computer's clock is set to {zone}; times for residents are shown in "
        "Asia/Shanghai (the hall.time_zone setting)")


def test_doctor_passes_when_the_machine_keeps_the_halls_time(data_dir: Path) -> None:
    report = json.loads(kiosk(data_dir, "doctor", "--json",
                              env_extra={"TZ": "Asia/Shanghai"}).stdout)
    (check,) = [c for c in report["machine"] if c["check"] == "timezone"]
    assert check["verdict"] == "pass" and "Asia/Shanghai" in check["message"]
    kiosk(data_dir, "config", "set", "hall.time_zone", "Asia/Urumqi", check=True)
    report = json.loads(kiosk(data_dir, "doctor", "--json",
                              env_extra={"TZ": "Asia/Shanghai"}).stdout)
    (check,) = [c for c in report["machine"] if c["check"] == "timezone"]
    assert check["verdict"] == "warn" and "shown in Asia/Urumqi" in check["message"]
