"""Residents' feedback and the central's notices end to end: the real `kiosk` CLI in
subprocesses, a real central on loopback, the store as the screens use it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kiosk.domain.active_catalog import load_active_catalog
from kiosk.domain.catalog import Catalog
from kiosk.domain.samples import sample_answers
from kiosk.store.store import Store
from tests.helpers.consultation_catalog import VOTING_DAY, catalog_with_road
from tests.helpers.kiosk_and_central import configure, kiosk, kiosk_json, start_central

pytestmark = pytest.mark.e2e


def submit(data_dir: Path, catalog: Catalog, service: str = "suggestion") -> str:
    saved = kiosk_json(data_dir, "submit", "--service", service, "--answers", "-",
                       stdin=json.dumps(sample_answers(catalog.service(service))))
    return str(saved[0]["tracking_number"])


def database(data_dir: Path, **kwargs: object) -> Store:
    return Store.open(data_dir / "kiosk.sqlite3", **kwargs)  # type: ignore[arg-type]


def test_rating_and_vote_made_offline_reach_the_central_exactly_once(
        data_dir: Path, tmp_path: Path, catalog: Catalog) -> None:
    central_dir = tmp_path / "central"
    with start_central(central_dir) as central:  # registered, then the network goes away
        token, port = central.storage.add_kiosk("hall-21"), central.port
        url = central.url
    configure(data_dir, url, "hall-21", token)
    number = submit(data_dir, catalog)
    with database(data_dir, clock=lambda: VOTING_DAY) as store:  # what the screens do
        store.save_rating(number, "suggestion", 2, ["waited_too_long"])
        store.save_vote(catalog.consultations[0], "clinic", "卫生院门口太黑", catalog.version)
    offline = kiosk(data_dir, "sync", "--json")
    assert offline.returncode != 0 and json.loads(offline.stdout)["error"]
    status = kiosk_json(data_dir, "status")
    assert status["queued_ratings"] == 1 and status["queued_votes"] == 1
    assert status["pending"] == 1

    with start_central(central_dir, port=port) as central:
        report = kiosk_json(data_dir, "sync")
        assert report["accepted"] == 1
        assert report["ratings"]["delivered"] == 1 and report["votes"]["delivered"] == 1
        assert report["feedback_error"] is None
        again = kiosk_json(data_dir, "sync")
        assert again["ratings"]["delivered"] == 0 and again["votes"]["delivered"] == 0
        assert central.storage.count_received("ratings") == 1
        assert central.storage.count_received("votes") == 1
    status = kiosk_json(data_dir, "status")
    assert status["queued_ratings"] == 0 and status["ratings"]["delivered"] == 1
    assert status["votes"]["delivered"] == 1

    summary = kiosk_json(data_dir, "central", "ratings", "--data-dir", str(central_dir))
    assert summary == {"suggestion": {
        "count": 1, "levels": {"5": 0, "4": 0, "3": 0, "2": 1, "1": 0}, "average": 2.0,
        "reasons": {"waited_too_long": 1, "hard_to_understand": 0, "machine_hard_to_use": 0,
                    "staff_attitude": 0, "other": 0}}}
    local = kiosk_json(data_dir, "ratings")
    assert local["services"] == summary and local["states"]["delivered"] == 1
    assert "2★ 1" in kiosk(data_dir, "ratings", check=True).stdout


def test_closed_consultation_results_are_pulled_and_readable_offline(
        data_dir: Path, tmp_path: Path, catalog: Catalog) -> None:
    central_dir = tmp_path / "central"
    closes = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=3)
    source = catalog_with_road(tmp_path / "catalog-next", closes)
    with start_central(central_dir) as central:
        configure(data_dir, central.url, "hall-22", central.storage.add_kiosk("hall-22"))
        kiosk(data_dir, "central", "publish-catalog", str(source), "--data-dir",
              str(central_dir), check=True)
        assert kiosk_json(data_dir, "sync")["catalog_installed"] == "2026.12.1"
        pulled = load_active_catalog(data_dir)
        road = pulled.consultation("village_road")
        assert road not in pulled.open_consultations(dt.date.today())
        # Votes made while it was open (the day before it closed), sent only now.
        before = dt.datetime.combine(closes, dt.time(10), tzinfo=dt.UTC)
        with database(data_dir, clock=lambda: before) as store:
            for option in ("west", "west", "east"):
                store.save_vote(road, option, None, pulled.version)
        with database(data_dir) as store:
            store.save_vote(pulled.consultation("street_lights"), "market", None, pulled.version)
        report = kiosk_json(data_dir, "sync")
        assert report["votes"]["delivered"] == 4 and report["consultation_results"] == 1
        office = kiosk_json(data_dir, "central", "consultation-results", "--data-dir",
                            str(central_dir))
        assert [r["consultation_id"] for r in office] == ["village_road"]  # the other is open
    with database(data_dir) as store:  # the central is gone: results stay readable
        result = store.consultation_results("village_road")
        assert result is not None and result.counts == {"east": 1, "west": 2}
        assert result.total == 3 and result.closes == closes
        assert store.consultation_results("street_lights") is None


def test_announcement_published_pulled_then_withdrawn(data_dir: Path, tmp_path: Path) -> None:
    central_dir = tmp_path / "central"
    with start_central(central_dir) as central:
        configure(data_dir, central.url, "hall-23", central.storage.add_kiosk("hall-23"))
        published = kiosk_json(data_dir, "central", "announce", "--zh", "本周六办事大厅照常开门",
                               "--en", "The hall is open this Saturday", "--until",
                               "2099-12-31", "--data-dir", str(central_dir))
        assert kiosk_json(data_dir, "sync")["announcements"] == 1
        assert kiosk_json(data_dir, "sync")["announcements"] is None  # 304: unchanged
        with database(data_dir) as store:
            (shown,) = store.current_announcements()
        assert shown.id == published["id"] and shown.text_in("zh_CN") == "本周六办事大厅照常开门"
        assert shown.until == dt.date(2099, 12, 31)
        assert kiosk_json(data_dir, "status")["announcements"] == 1
        listed = kiosk_json(data_dir, "central", "announcements", "--data-dir", str(central_dir))
        assert [a["id"] for a in listed] == [published["id"]]
        kiosk(data_dir, "central", "withdraw", str(published["id"]), "--data-dir",
              str(central_dir), check=True)
        assert kiosk_json(data_dir, "sync")["announcements"] == 0
        again = kiosk(data_dir, "central", "withdraw", str(published["id"]), "--data-dir",
                      str(central_dir))
        assert again.returncode != 0 and "no announcement" in again.stderr
    with database(data_dir) as store:
        assert store.current_announcements() == []


def test_lookup_shows_the_office_decision_in_plain_words(data_dir: Path, tmp_path: Path,
                                                        catalog: Catalog) -> None:
    central_dir = tmp_path / "central"
    number = submit(data_dir, catalog, "elderly_allowance")
    saved = kiosk_json(data_dir, "lookup", number)
    assert saved["status"] == "saved_on_kiosk" and "自动" in saved["next_step"]
    assert saved["checked_at"] is None
    with start_central(central_dir) as central:
        configure(data_dir, central.url, "hall-24", central.storage.add_kiosk("hall-24"))
        kiosk_json(data_dir, "sync")
        assert kiosk_json(data_dir, "lookup", number)["status"] == "sent"
        kiosk(data_dir, "central", "set-status", number, "approved", "--message", "下月起发放",
              "--data-dir", str(central_dir), check=True)
        kiosk_json(data_dir, "sync")
    found = kiosk_json(data_dir, "lookup", number)  # offline again: the last known status
    assert found["status"] == "approved" and found["message"] == "下月起发放"
    assert found["words"] == "好消息，您的申请批下来了。"
    assert found["updated_at"] and found["checked_at"]
    text = kiosk(data_dir, "lookup", number[:4] + "-" + number[4:8] + "-" + number[8:],
                 "--language", "en", check=True).stdout
    assert "approved" in text and "下月起发放" in text and "last heard from the central" in text
    answers = sample_answers(catalog.service("elderly_allowance"))
    for value in answers.values():  # never the resident's answers
        if isinstance(value, str) and len(value) > 3:
            assert value not in text and value not in json.dumps(found, ensure_ascii=False)
    missing = kiosk(data_dir, "lookup", "1234")
    assert missing.returncode != 0 and "not right" in kiosk(
        data_dir, "lookup", "1234", "--language", "en").stdout


def test_every_new_command_has_help_with_an_example(data_dir: Path) -> None:
    for command in (["lookup"], ["ratings"], ["central", "ratings"],
                    ["central", "consultation-results"], ["central", "announce"],
                    ["central", "announcements"], ["central", "withdraw"]):
        result = kiosk(data_dir, *command, "--help", check=True)
        assert "Example:" in result.stdout, command
        assert "--data-dir" in result.stdout, command
