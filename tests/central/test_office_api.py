"""The back-office API: operator tokens, status updates and exports (CSV, JSON lines)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kiosk.central.api.office import OFFICE_EXPORT_PATH, OFFICE_STATUS_PATH
from kiosk.central.storage.applications import CentralStorage
from kiosk.wire.protocol import BATCH_PATH, STATUS_CHANGES_PATH
from tests.helpers.central_factories import app_client, auth, batch, make_item


class Office:
    def __init__(self, client: TestClient, storage: CentralStorage) -> None:
        self.client, self.storage = client, storage
        self.kiosk = auth("hall-01", storage.add_kiosk("hall-01"))
        self.operator = {"Authorization": f"Bearer {storage.add_operator('clerk-01')}",
                         "X-Operator-Id": "clerk-01"}

    def deliver(self, *overrides: dict[str, object]) -> list[str]:
        items = [make_item(**extra) for extra in overrides]
        answer = self.client.post(BATCH_PATH, json=batch("hall-01", *items), headers=self.kiosk)
        assert [r["status"] for r in answer.json()["results"]] == ["accepted"] * len(items)
        return [item.id for item in items]


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    with app_client(tmp_path) as (client, storage):
        yield Office(client, storage)


def test_status_update_reaches_the_kiosk(office: Office) -> None:
    [app_id] = office.deliver({"tracking_number": "482913570164"})
    answer = office.client.post(OFFICE_STATUS_PATH, headers=office.operator, json={
        "tracking_number": "4829 1357 0164", "status": "approved", "message": "下月起发放"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["application_id"] == app_id
    pulled = office.client.get(STATUS_CHANGES_PATH, headers=office.kiosk).json()["changes"]
    assert [(c["status"], c["message"]) for c in pulled] == [("approved", "下月起发放")]


def test_status_update_for_unknown_or_ambiguous_numbers(office: Office) -> None:
    unknown = office.client.post(OFFICE_STATUS_PATH, headers=office.operator,
                                 json={"tracking_number": "111111111111", "status": "approved"})
    assert unknown.status_code == 404
    office.storage.add_kiosk("hall-02")
    office.deliver({"tracking_number": "222222222222"})
    office.storage.store_items("hall-02", [make_item(tracking_number="222222222222")])
    body = {"tracking_number": "222222222222", "status": "in_review"}
    assert office.client.post(OFFICE_STATUS_PATH, headers=office.operator,
                              json=body).status_code == 409
    named = office.client.post(OFFICE_STATUS_PATH, headers=office.operator,
                               json={**body, "kiosk_id": "hall-02"})
    assert named.status_code == 200


def test_kiosk_tokens_do_not_open_office_routes(office: Office) -> None:
    kiosk_as_operator = {"Authorization": office.kiosk["Authorization"],
                         "X-Operator-Id": "hall-01"}
    for headers in ({}, office.kiosk, kiosk_as_operator):
        assert office.client.get(OFFICE_EXPORT_PATH, headers=headers).status_code == 401
    operator_as_kiosk = {"Authorization": office.operator["Authorization"],
                         "X-Kiosk-Id": "clerk-01"}
    assert office.client.get(STATUS_CHANGES_PATH,
                             headers=operator_as_kiosk).status_code == 401


def test_export_jsonl_has_answers_and_latest_status(office: Office) -> None:
    first, second = office.deliver({"tracking_number": "482913570164"},
                                   {"tracking_number": "123456789012"})
    office.storage.set_status("482913570164", "in_review", None)
    office.storage.set_status("482913570164", "approved", "ok")
    answer = office.client.get(OFFICE_EXPORT_PATH, params={"format": "jsonl"},
                               headers=office.operator)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/x-ndjson")
    records = {r["id"]: r for r in map(json.loads, answer.text.splitlines())}
    assert set(records) == {first, second}
    assert records[first]["status"] == "approved"
    assert records[second]["status"] is None
    assert records[first]["answers"] == {"name": "王小明", "age": 41}
    assert records[first]["kiosk_id"] == "hall-01"


def test_export_csv_without_answers_leaves_personal_data_out(office: Office) -> None:
    office.deliver({}, {}, {})
    answer = office.client.get(OFFICE_EXPORT_PATH, headers=office.operator,
                               params={"format": "csv", "answers": "false"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert len(rows) == 3
    assert "answers" not in rows[0] and "consent" not in rows[0]
    assert "王小明" not in answer.text
    with_answers = office.client.get(OFFICE_EXPORT_PATH, headers=office.operator,
                                     params={"format": "csv"})
    full = list(csv.DictReader(io.StringIO(with_answers.text)))
    assert json.loads(full[0]["answers"]) == {"age": 41, "name": "王小明"}


def test_export_pages_through_many_applications(office: Office) -> None:
    items = [make_item() for _ in range(1203)]
    for start in range(0, len(items), 500):
        office.storage.store_items("hall-01", items[start:start + 500])
    answer = office.client.get(OFFICE_EXPORT_PATH, headers=office.operator,
                               params={"format": "jsonl", "answers": "false"})
    ids = [json.loads(line)["id"] for line in answer.text.splitlines()]
    assert sorted(ids) == sorted(item.id for item in items)
    assert len(ids) == len(set(ids))
