"""Ratings and votes collected on paper: `kiosk rate --file` and
`kiosk vote --file` queue them like the screens do, they reach a real central on loopback
exactly once, a vote cast by the closing day counts though entered after it, and entering the
same sheet again records nothing new."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kiosk.domain.catalog import Catalog
from kiosk.domain.samples import sample_answers
from tests.helpers.consultation_catalog import catalog_with_road
from tests.helpers.kiosk_and_central import configure, kiosk, kiosk_json, start_central

pytestmark = pytest.mark.e2e


def submit(data_dir: Path, catalog: Catalog, service: str) -> tuple[str, str]:
    [saved] = kiosk_json(data_dir, "submit", "--service", service, "--answers", "-",
                         stdin=json.dumps(sample_answers(catalog.service(service))))
    return str(saved["tracking_number"]), str(saved["id"])


def lines(*items: object) -> str:
    return "".join((item if isinstance(item, str) else json.dumps(item, ensure_ascii=False))
                   + "\n" for item in items)


def test_paper_ratings_and_votes_reach_the_central_once(data_dir: Path, tmp_path: Path,
                                                        catalog: Catalog) -> None:
    central_dir = tmp_path / "central"
    closes = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=3)
    source = catalog_with_road(tmp_path / "catalog-next", closes)
    first, _ = submit(data_dir, catalog, "suggestion")
    second, _ = submit(data_dir, catalog, "elderly_allowance")
    ratings = lines(
        {"tracking_number": first, "level": 2, "reasons": ["waited_too_long"], "id": "r-1"},
        {"tracking_number": second[:4] + "-" + second[4:], "level": 5},  # no id; grouped
        {"tracking_number": "602372174340", "level": 4},                 # not on this kiosk
        {"tracking_number": first, "level": 9, "id": "r-3"},
        "{not json")
    with start_central(central_dir) as central:
        configure(data_dir, central.url, "hall-31", central.storage.add_kiosk("hall-31"))
        kiosk(data_dir, "central", "publish-catalog", str(source), "--data-dir",
              str(central_dir), check=True)
        kiosk(data_dir, "sync", check=True)       # the kiosk now knows village_road

        entered = kiosk(data_dir, "rate", "--file", "-", stdin=ratings)
        assert entered.returncode == 1
        assert "2 rating(s) recorded" in entered.stdout
        problems = entered.stderr.splitlines()
        assert problems[0] == ("line 3: no application with tracking number 602372174340 on "
                               "this kiosk")
        assert problems[1] == "line 4: the level must be a whole number 1 to 5"
        assert problems[2].startswith("line 5: not valid JSON")
        assert "3 line(s) not recorded" in problems[3]
        assert "Traceback" not in entered.stderr

        votes = lines(
            {"consultation": "village_road", "option": "east", "cast_on":
             (closes - dt.timedelta(days=1)).isoformat(), "id": "box-1-1"},
            {"consultation": "village_road", "option": "west", "suggestion": "先修西头的坡",
             "cast_on": closes.isoformat(), "id": "box-1-2"},
            {"consultation": "village_road", "option": "east", "cast_on":
             (closes + dt.timedelta(days=1)).isoformat(), "id": "box-1-3"},
            {"consultation": "village_road", "option": "north", "cast_on": closes.isoformat()},
            {"consultation": "village_road", "option": "east", "cast_on": "27/11/2026"})
        cast = kiosk(data_dir, "vote", "--file", "-", "--json", stdin=votes)
        assert cast.returncode == 1
        report = json.loads(cast.stdout)
        assert report["recorded"] == 2 and report["already_recorded"] == 0
        assert [e["line"] for e in report["errors"]] == [3, 4, 5]
        assert f"closed on {closes.isoformat()}" in report["errors"][0]["error"]
        assert "no option 'north'" in report["errors"][1]["error"]
        assert "YYYY-MM-DD" in report["errors"][2]["error"]
        status = kiosk_json(data_dir, "status")
        assert status["queued_ratings"] == 2 and status["queued_votes"] == 2

        sent = kiosk_json(data_dir, "sync")
        assert sent["ratings"]["delivered"] == 2 and sent["votes"]["delivered"] == 2
        assert central.storage.count_received("ratings") == 2
        assert central.storage.count_received("votes") == 2
        office = kiosk_json(data_dir, "central", "consultation-results", "--data-dir",
                            str(central_dir))
        assert [(r["consultation_id"], r["counts"]) for r in office] == [
            ("village_road", {"east": 1, "west": 1})]
        summary = kiosk_json(data_dir, "central", "ratings", "--data-dir", str(central_dir))
        assert summary["suggestion"]["levels"]["2"] == 1
        assert summary["elderly_allowance"]["levels"]["5"] == 1

        # The same sheets entered again: nothing new here, nothing new at the central.
        again = kiosk(data_dir, "rate", "--file", "-", stdin=ratings)
        assert "0 rating(s) recorded, 2 already recorded" in again.stdout
        revote = json.loads(kiosk(data_dir, "vote", "--file", "-", "--json",
                                  stdin=lines(*[json.loads(v) for v in votes.splitlines()[:2]]
                                              ), check=True).stdout)
        assert revote["recorded"] == 0 and revote["already_recorded"] == 2
        assert kiosk_json(data_dir, "status")["queued_votes"] == 0
        kiosk(data_dir, "sync", check=True)
        assert central.storage.count_received("ratings") == 2
        assert central.storage.count_received("votes") == 2


def test_a_clean_sheet_exits_zero_and_an_empty_one_says_so(data_dir: Path,
                                                           catalog: Catalog) -> None:
    number, _ = submit(data_dir, catalog, "suggestion")
    done = kiosk(data_dir, "rate", "--file", "-", stdin=lines(
        {"tracking_number": number, "level": 4}))
    assert done.returncode == 0 and done.stdout.strip() == "1 rating(s) recorded"
    empty = kiosk(data_dir, "vote", "--file", "-", stdin="\n")
    assert empty.returncode == 1 and "empty" in empty.stderr
    today = dt.date.today().isoformat()
    voted = kiosk(data_dir, "vote", "--file", "-", stdin=lines(
        {"consultation": "street_lights", "option": "market", "cast_on": today}))
    assert voted.returncode == 0, voted.stderr
    assert kiosk_json(data_dir, "status")["queued_votes"] == 1
