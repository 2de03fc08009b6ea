"""A kiosk can neither read nor change another kiosk's data, through any route."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kiosk.central.storage.applications import FOREIGN_REASON, CentralStorage
from kiosk.wire.protocol import BATCH_PATH, CATALOG_PATH, STATUS_CHANGES_PATH
from tests.helpers.central_factories import app_client, auth, batch, make_item

Central = tuple[TestClient, CentralStorage, dict[str, str], dict[str, str]]


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Central]:
    with app_client(tmp_path) as (client, storage):
        a = auth("hall-a", storage.add_kiosk("hall-a"))
        b = auth("hall-b", storage.add_kiosk("hall-b"))
        yield client, storage, a, b


def changes(client: TestClient, headers: dict[str, str], since: str = "0") -> list[dict]:
    response = client.get(STATUS_CHANGES_PATH, params={"since": since}, headers=headers)
    assert response.status_code == 200
    return list(response.json()["changes"])


def test_a_kiosk_sees_only_its_own_status_changes(central: Central) -> None:
    client, storage, a, b = central
    mine, theirs = make_item(tracking_number="111111111111"), make_item(
        tracking_number="222222222222")
    assert client.post(BATCH_PATH, json=batch("hall-a", mine), headers=a).status_code == 200
    assert client.post(BATCH_PATH, json=batch("hall-b", theirs), headers=b).status_code == 200
    storage.set_status("222222222222", "approved", "请来领取")
    storage.set_status("111111111111", "in_review", None)

    seen_by_a = changes(client, a)
    assert [c["application_id"] for c in seen_by_a] == [mine.id]
    # The cursor is global, but a kiosk asking from before B's change still gets only its own.
    assert changes(client, a, since="0") == seen_by_a
    assert [c["application_id"] for c in changes(client, b)] == [theirs.id]
    assert "请来领取" not in str(seen_by_a)


def test_the_cursor_cannot_be_used_to_page_into_another_kiosks_changes(central: Central) -> None:
    client, storage, a, b = central
    theirs = make_item(tracking_number="222222222222")
    client.post(BATCH_PATH, json=batch("hall-b", theirs), headers=b)
    for status in ("received", "in_review", "approved"):
        storage.set_status("222222222222", status, None)
    for since in ("0", "1", "2", "3"):
        assert changes(client, a, since) == []


def test_a_kiosk_cannot_overwrite_or_confirm_another_kiosks_application(
        central: Central) -> None:
    client, storage, a, b = central
    original = make_item()
    client.post(BATCH_PATH, json=batch("hall-b", original), headers=b)
    forged = make_item(id=original.id, answers={"name": "冒名"})
    for attempt in (original, forged):
        answer = client.post(BATCH_PATH, json=batch("hall-a", attempt), headers=a).json()
        # Not "duplicate": that would confirm to A that B holds this id.
        assert answer["results"] == [{"id": original.id, "status": "rejected",
                                      "reason": FOREIGN_REASON, "received_at": None}]
    assert storage.get_payload(original.id) == original
    assert storage.list_applications()[0]["kiosk_id"] == "hall-b"


def test_a_kiosk_cannot_push_in_another_kiosks_name(central: Central) -> None:
    client, storage, a, _ = central
    response = client.post(BATCH_PATH, json=batch("hall-b", make_item()), headers=a)
    assert response.status_code == 401
    # A's token with B's id in the header is simply wrong credentials.
    forged_header = {**a, "X-Kiosk-Id": "hall-b"}
    response = client.post(BATCH_PATH, json=batch("hall-b", make_item()), headers=forged_header)
    assert response.status_code == 401
    assert storage.count_applications() == 0


@pytest.mark.parametrize("path", [BATCH_PATH, STATUS_CHANGES_PATH, CATALOG_PATH])
def test_every_kiosk_route_needs_credentials(central: Central, path: str) -> None:
    client, _, a, _ = central
    method = client.post if path == BATCH_PATH else client.get
    assert method(path).status_code == 401
    assert method(path, headers={**a, "Authorization": "Bearer tk_wrong"}).status_code == 401
    # The token of a rotated kiosk stops working at once.
    client.app.state.storage.add_kiosk("hall-a")  # type: ignore[attr-defined]
    assert method(path, headers=a).status_code == 401
