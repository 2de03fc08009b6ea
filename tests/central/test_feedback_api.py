"""The central's feedback endpoints: ratings and votes (idempotent batches), announcements and
closed consultations' results (ETag), and the rules each item must pass."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kiosk.central.api.app import create_app
from kiosk.central.rules.catalogs import CentralCatalogs
from kiosk.central.rules.ratings_votes import closed_results
from kiosk.central.server import open_storage
from kiosk.central.storage.applications import CentralStorage
from kiosk.domain.tracking import check_digit
from kiosk.wire.protocol import (
    ANNOUNCEMENTS_PATH,
    CONSULTATION_RESULTS_PATH,
    RATINGS_PATH,
    VOTES_PATH,
)
from tests.helpers.central_factories import auth
from tests.helpers.consultation_catalog import catalog_with_road

NUMBER = "60237217434" + check_digit("60237217434")
TODAY = dt.datetime.now(dt.UTC).date()
CLOSED = TODAY - dt.timedelta(days=7)


class Central:
    def __init__(self, client: TestClient, storage: CentralStorage, catalogs: CentralCatalogs,
                 token: str) -> None:
        self.client, self.storage, self.catalogs = client, storage, catalogs
        self.headers = auth("hall-01", token)

    def post(self, path: str, *items: dict[str, Any], kiosk_id: str = "hall-01",
             headers: dict[str, str] | None = None) -> list[dict[str, Any]]:
        answer = self.client.post(path, json={"protocol": 1, "kiosk_id": kiosk_id,
                                              "items": list(items)},
                                  headers=headers or self.headers)
        assert answer.status_code == 200, answer.text
        assert answer.json()["server_time"]
        return [{k: r[k] for k in ("id", "status", "reason")} for r in answer.json()["results"]]


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Central]:
    folder = tmp_path / "central"
    catalogs = CentralCatalogs(folder)
    catalogs.publish(catalog_with_road(tmp_path / "catalog", CLOSED))
    storage = open_storage(folder)
    try:
        with TestClient(create_app(storage, catalogs=catalogs)) as client:
            yield Central(client, storage, catalogs, storage.add_kiosk("hall-01"))
    finally:
        storage.close()


def rating(**changes: object) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "tracking_number": NUMBER, "service_id": "suggestion",
            "level": 2, "reasons": ["waited_too_long"],
            "created_at": "2026-11-27T08:00:00+00:00", **changes}


def vote(**changes: object) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "consultation_id": "street_lights", "option": "market",
            "suggestion": "多装几盏", "catalog_version": "2026.12.1",
            "created_at": dt.datetime.now(dt.UTC).isoformat(), **changes}


def test_ratings_are_stored_once_and_conflicts_are_rejected(central: Central) -> None:
    first = rating()
    assert central.post(RATINGS_PATH, first)[0]["status"] == "accepted"
    assert central.post(RATINGS_PATH, first)[0]["status"] == "duplicate"
    changed = central.post(RATINGS_PATH, {**first, "level": 1})[0]
    assert changed["status"] == "rejected" and changed["reason"].startswith("conflict:")
    assert central.storage.count_received("ratings") == 1
    assert central.storage.rating_summary()["suggestion"]["levels"]["2"] == 1


def test_another_kiosks_rating_id_is_not_confirmed(central: Central) -> None:
    item = rating()
    central.post(RATINGS_PATH, item)
    other = auth("hall-02", central.storage.add_kiosk("hall-02"))
    result = central.post(RATINGS_PATH, item, kiosk_id="hall-02", headers=other)[0]
    assert result["status"] == "rejected" and "another kiosk" in result["reason"]


@pytest.mark.parametrize(("changes", "reason"), [
    ({"level": 6}, "level"),
    ({"level": 4}, "reasons can be given only for levels 1 and 2"),
    ({"reasons": ["too_hot"]}, "unknown reason"),
    ({"reasons": ["other", "other"]}, "listed twice"),
    ({"tracking_number": "602372174340"}, "check digit"),
    ({"tracking_number": "12"}, "12 digits"),
    ({"id": "not-a-uuid"}, "UUID"),
    ({"created_at": "2026-11-27T08:00:00"}, "UTC offset"),
    ({"service_id": "../x"}, "service id"),
    ({"level": "five"}, "malformed rating"),
    ({"colour": "red"}, "malformed rating"),
])
def test_bad_ratings_are_rejected_one_by_one(central: Central, changes: dict[str, object],
                                             reason: str) -> None:
    good = rating()
    results = central.post(RATINGS_PATH, rating(**changes), good)
    assert results[0]["status"] == "rejected" and reason in results[0]["reason"]
    assert results[1]["status"] == "accepted"


@pytest.mark.parametrize(("changes", "reason"), [
    ({"consultation_id": "moon_base"}, "unknown consultation"),
    ({"option": "moon"}, "not one of the consultation's options"),
    ({"consultation_id": "village_road", "option": "east"}, f"closed on {CLOSED}"),
    ({"suggestion": "长" * 201}, "longer than 200"),
    ({"created_at": "2026-11-27"}, "UTC offset"),
])
def test_bad_votes_are_rejected_one_by_one(central: Central, changes: dict[str, object],
                                           reason: str) -> None:
    results = central.post(VOTES_PATH, vote(**changes), vote())
    assert results[0]["status"] == "rejected" and reason in results[0]["reason"]
    assert "长长" not in results[0]["reason"]  # a reason never quotes the resident's words
    assert results[1]["status"] == "accepted"


def test_a_vote_made_before_closing_counts_even_if_it_arrives_later(central: Central) -> None:
    before = dt.datetime.combine(CLOSED, dt.time(23, 0),
                                 tzinfo=dt.timezone(dt.timedelta(hours=8)))
    early = vote(consultation_id="village_road", option="west", created_at=before.isoformat())
    assert central.post(VOTES_PATH, early)[0]["status"] == "accepted"
    assert central.post(VOTES_PATH, early)[0]["status"] == "duplicate"
    conflict = central.post(VOTES_PATH, {**early, "option": "east"})[0]
    assert conflict["status"] == "rejected" and conflict["reason"].startswith("conflict:")


def test_results_only_for_closed_consultations_with_every_option(central: Central) -> None:
    before = dt.datetime.combine(CLOSED, dt.time(9), tzinfo=dt.UTC).isoformat()
    central.post(VOTES_PATH, *[vote(consultation_id="village_road", option="west",
                                    created_at=before) for _ in range(3)], vote())
    answer = central.client.get(CONSULTATION_RESULTS_PATH, headers=central.headers)
    assert answer.status_code == 200
    assert answer.json()["results"] == [{"consultation_id": "village_road",
                                         "closes": CLOSED.isoformat(),
                                         "counts": {"east": 0, "west": 3}, "total": 3}]
    etag = answer.headers["ETag"]
    again = central.client.get(CONSULTATION_RESULTS_PATH,
                               headers={**central.headers, "If-None-Match": etag})
    assert again.status_code == 304
    everything = closed_results(central.storage, central.catalogs, include_open=True)
    assert {r.consultation_id: r.total for r in everything} == {"village_road": 3,
                                                                "street_lights": 1}


def test_announcements_with_etag_withdrawal_and_expiry(central: Central) -> None:
    def get(etag: str | None = None) -> Any:
        headers = {**central.headers, **({"If-None-Match": etag} if etag else {})}
        return central.client.get(ANNOUNCEMENTS_PATH, headers=headers)

    empty = get()
    assert empty.status_code == 200 and empty.json()["announcements"] == []
    kept = central.storage.add_announcement("周六照常开门", "Open on Saturday", None)
    gone = central.storage.add_announcement("旧通知", "Old notice", TODAY - dt.timedelta(days=1))
    first = get(empty.headers["ETag"])
    assert first.status_code == 200
    assert [a["id"] for a in first.json()["announcements"]] == [kept.id]  # expired one hidden
    assert get(first.headers["ETag"]).status_code == 304
    central.storage.withdraw_announcement(kept.id)
    after = get(first.headers["ETag"])
    assert after.status_code == 200 and after.json()["announcements"] == []
    assert len(central.storage.list_announcements()) == 2 and gone.id != kept.id


@pytest.mark.parametrize("path", [RATINGS_PATH, VOTES_PATH])
def test_feedback_batches_need_credentials(central: Central, path: str) -> None:
    answer = central.client.post(path, json={"kiosk_id": "hall-01", "items": []},
                                 headers={"X-Kiosk-Id": "hall-01"})
    assert answer.status_code == 401 and answer.json()["server_time"]


@pytest.mark.parametrize("path", [ANNOUNCEMENTS_PATH, CONSULTATION_RESULTS_PATH])
def test_notices_need_credentials(central: Central, path: str) -> None:
    assert central.client.get(path).status_code == 401


@pytest.mark.parametrize(("path", "item"), [
    (VOTES_PATH, '{"id": "%s", "consultation_id": "street_lights", "option": "market", '
                 '"suggestion": "\\ud800", "catalog_version": "2026.12.1", '
                 '"created_at": "2026-11-27T08:00:00+00:00"}'),
    (RATINGS_PATH, '{"id": "%s", "tracking_number": "602372174343", "service_id": "s", '
                   '"level": 2, "reasons": [], "created_at": "2026-11-27T08:00:00+00:00", '
                   '"\\ud800": 1}'),
    ("/api/v1/applications/batch",
     '{"id": "%s", "tracking_number": "602372174343", "service_id": "s", '
     '"catalog_version": "v", "created_at": "2026-11-27T08:00:00+00:00", "language": "zh_CN", '
     '"answers": {"a": "\\ud800", "\\udfff": [1]}, "consent": {}}'),
])
def test_text_that_is_not_unicode_is_one_items_rejection(central: Central, path: str,
                                                         item: str) -> None:
    """A lone surrogate is valid JSON but not UTF-8: refused for that item, never a 500."""
    bad_id = str(uuid.uuid4())
    body = ('{"protocol": 1, "kiosk_id": "hall-01", "items": [' + item % bad_id + ', '
            + item % '\\ud800' + ']}')
    answer = central.client.post(path, content=body.encode(),
                                 headers={**central.headers, "Content-Type": "application/json"})
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert results[0]["id"] == bad_id and results[1]["id"] == ""
