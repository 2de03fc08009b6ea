"""The central's HTTP API over a real uvicorn server on loopback, driven by the real client."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.central.server import RunningCentral, start_in_thread
from kiosk.sync.client import BatchTooLarge, CentralClient, CredentialsRejected
from kiosk.wire.protocol import (
    BATCH_PATH,
    HEALTH_PATH,
    MAX_BATCH_ITEMS,
    MAX_BODY_BYTES,
    ApplicationPayload,
    PushResponse,
)


def make_item(**overrides: object) -> ApplicationPayload:
    fields: dict[str, object] = {
        "id": str(uuid.uuid4()), "tracking_number": "482913570164", "service_id": "residence",
        "catalog_version": "2024.1", "created_at": "2024-05-01T08:00:00+08:00",
        "language": "zh_CN", "answers": {"name": "王小明", "age": 41, "urgent": False},
        "consent": {"given": True, "at": "2024-05-01T08:00:00+08:00"},
    }
    fields.update(overrides)
    return ApplicationPayload.model_validate(fields)


@pytest.fixture
def central(tmp_path: Path) -> Iterator[RunningCentral]:
    with start_in_thread(tmp_path / "central") as running:
        yield running


@pytest.fixture
def token(central: RunningCentral) -> str:
    return central.storage.add_kiosk("hall-01")


@pytest.fixture
def client(central: RunningCentral, token: str) -> Iterator[CentralClient]:
    with CentralClient(central.url, "hall-01", token) as opened:
        yield opened


def raw_post(central: RunningCentral, body: Any, token: str | None, kiosk_id: str = "hall-01",
             content: bytes | None = None) -> httpx.Response:
    headers = {"X-Kiosk-Id": kiosk_id}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    with httpx.Client(base_url=central.url) as http:
        if content is not None:
            return http.post(BATCH_PATH, content=content, headers=headers)
        return http.post(BATCH_PATH, json=body, headers=headers)


def statuses(response: PushResponse) -> list[str]:
    return [result.status for result in response.results]


def test_health_is_open_and_reports_protocol_and_time(central: RunningCentral) -> None:
    response = httpx.get(central.url + HEALTH_PATH)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["protocol"] == 1
    assert body["server_time"].endswith("+00:00")


def test_push_then_resend_is_duplicate_and_stored_once(central: RunningCentral,
                                                       client: CentralClient) -> None:
    batch = [make_item() for _ in range(3)]
    first = client.push(batch)
    assert statuses(first) == ["accepted"] * 3
    assert [r.id for r in first.results] == [item.id for item in batch]
    assert all(r.received_at for r in first.results)
    second = client.push(batch)
    assert statuses(second) == ["duplicate"] * 3
    assert [r.received_at for r in second.results] == [r.received_at for r in first.results]
    rows = central.storage.list_applications()
    assert sorted(row["id"] for row in rows) == sorted(item.id for item in batch)
    assert {row["kiosk_id"] for row in rows} == {"hall-01"}


def test_same_id_with_different_content_is_a_conflict(central: RunningCentral,
                                                      client: CentralClient) -> None:
    item = make_item()
    client.push([item])
    changed = make_item(id=item.id, answers={"name": "王小明", "age": 14})
    result = client.push([changed]).results[0]
    assert result.status == "rejected"
    assert result.reason is not None
    assert result.reason.startswith("conflict:")
    assert central.storage.get_payload(item.id) == item


def test_wrong_or_missing_credentials(central: RunningCentral, token: str) -> None:
    with CentralClient(central.url, "hall-01", "not-the-token") as wrong, \
            pytest.raises(CredentialsRejected, match="credentials"):
        wrong.push([make_item()])
    with CentralClient(central.url, "hall-99", token) as unknown, \
            pytest.raises(CredentialsRejected):
        unknown.push([make_item()])
    missing = raw_post(central, {"kiosk_id": "hall-01", "items": []}, token=None)
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    assert set(missing.json()) == {"detail", "server_time"}
    assert central.storage.count_applications() == 0


def test_wrong_token_with_a_large_batch_is_still_401(central: RunningCentral) -> None:
    central.storage.add_kiosk("hall-01")
    big = [make_item(answers={"note": "x" * 9000}) for _ in range(MAX_BATCH_ITEMS)]  # ~4.5 MB
    with CentralClient(central.url, "hall-01", "wrong") as wrong, \
            pytest.raises(CredentialsRejected):
        wrong.push(big)


def test_logs_carry_no_answers(central: RunningCentral, client: CentralClient,
                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    item = make_item(answers={"name": "独一无二的名字"})
    client.push([item])
    client.push([make_item(id=item.id, answers={"name": "另一个名字"}), make_item(id="bad")])
    assert "1 accepted" in caplog.text
    assert "2 rejected" in caplog.text
    assert "名字" not in caplog.text


def test_body_kiosk_id_must_match_the_authenticated_kiosk(central: RunningCentral,
                                                         token: str) -> None:
    central.storage.add_kiosk("hall-02")
    body = {"protocol": 1, "kiosk_id": "hall-02", "items": [make_item().model_dump()]}
    response = raw_post(central, body, token)
    assert response.status_code == 401
    assert "does not match" in response.json()["detail"]
    assert central.storage.count_applications() == 0


def test_a_kiosk_cannot_touch_another_kiosks_application(central: RunningCentral,
                                                        client: CentralClient) -> None:
    other_token = central.storage.add_kiosk("hall-02")
    item = make_item()
    client.push([item])
    with CentralClient(central.url, "hall-02", other_token) as other:
        same = other.push([item]).results[0]
        changed = other.push([make_item(id=item.id, language="en")]).results[0]
    assert (same.status, changed.status) == ("rejected", "rejected")
    assert same.reason is not None
    assert "another kiosk" in same.reason
    assert central.storage.list_applications()[0]["kiosk_id"] == "hall-01"
    assert central.storage.get_payload(item.id) == item


def test_too_many_items_is_batch_too_large(central: RunningCentral,
                                           client: CentralClient) -> None:
    with pytest.raises(BatchTooLarge, match="413"):
        client.push([make_item() for _ in range(MAX_BATCH_ITEMS + 1)])
    assert central.storage.count_applications() == 0
    assert statuses(client.push([make_item() for _ in range(MAX_BATCH_ITEMS)])) == \
        ["accepted"] * MAX_BATCH_ITEMS


def test_oversized_body_is_batch_too_large_not_a_reset(central: RunningCentral,
                                                       client: CentralClient) -> None:
    # The server drains the body before answering, so the client sees 413, not a broken pipe.
    huge = make_item(answers={"note": "x" * (MAX_BODY_BYTES + 1024)})
    with pytest.raises(BatchTooLarge):
        client.push([huge])
    assert central.storage.count_applications() == 0


def test_invalid_item_in_the_middle_is_rejected_alone(central: RunningCentral,
                                                      client: CentralClient) -> None:
    batch = [make_item(), make_item(id="not-a-uuid"), make_item(tracking_number="12345"),
             make_item(id=str(uuid.uuid4()).upper()), make_item(created_at="yesterday"),
             make_item()]
    results = client.push(batch).results
    assert [r.status for r in results] == [
        "accepted", "rejected", "rejected", "rejected", "rejected", "accepted"]
    reasons = [r.reason or "" for r in results[1:5]]
    assert "UUID" in reasons[0]
    assert "12 digits" in reasons[1]
    assert "lower-case" in reasons[2]
    assert "ISO 8601" in reasons[3]
    assert central.storage.count_applications() == 2


def test_malformed_item_is_rejected_without_failing_the_batch(central: RunningCentral,
                                                             token: str) -> None:
    good = make_item().model_dump()
    nested = make_item().model_dump()
    nested["answers"] = {"children": ["秘密"]}  # lists are not answers
    missing = {"id": str(uuid.uuid4())}
    response = raw_post(central, {"protocol": 1, "kiosk_id": "hall-01",
                                  "items": [nested, good, missing, "junk"]}, token)
    assert response.status_code == 200
    results = PushResponse.model_validate(response.json()).results
    assert [r.status for r in results] == ["rejected", "accepted", "rejected", "rejected"]
    assert [r.id for r in results] == [nested["id"], good["id"], missing["id"], ""]
    assert "answers.children" in (results[0].reason or "")
    assert "秘密" not in (results[0].reason or "")  # reasons never echo what was typed


def test_non_finite_numbers_are_rejected_per_item(central: RunningCentral, token: str) -> None:
    bad = make_item().model_dump()
    good = make_item().model_dump()
    good_json = httpx.Response(200, json=good).text
    bad_json = httpx.Response(200, json=bad).text.replace('"age":41', '"age":NaN')
    content = f'{{"kiosk_id": "hall-01", "items": [{good_json}, {bad_json}]}}'.encode()
    assert b"NaN" in content
    response = raw_post(central, None, token, content=content)
    assert response.status_code == 200
    assert [r["status"] for r in response.json()["results"]] == ["accepted", "rejected"]


@pytest.mark.parametrize(("body", "status", "words"), [
    ({"protocol": 2, "kiosk_id": "hall-01", "items": []}, 400, "protocol 1"),
    ({"protocol": "1", "kiosk_id": "hall-01", "items": []}, 400, "unsupported protocol"),
    ({"protocol": 1, "kiosk_id": "hall-01"}, 422, "items"),
    ({"protocol": 1, "items": []}, 422, "kiosk_id"),
    ([], 400, "JSON object"),
])
def test_envelope_errors_say_what_is_wrong(central: RunningCentral, token: str, body: Any,
                                           status: int, words: str) -> None:
    response = raw_post(central, body, token)
    assert response.status_code == status
    assert words in response.json()["detail"]
    assert response.json()["server_time"]


def test_not_json_is_400(central: RunningCentral, token: str) -> None:
    response = raw_post(central, None, token, content=b"{not json")
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "server_time"}


def test_unknown_path_error_has_server_time(central: RunningCentral) -> None:
    response = httpx.get(central.url + "/api/v9/nothing")
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "server_time"}


def test_concurrent_pushes_of_the_same_batch_store_each_id_once(central: RunningCentral,
                                                                token: str) -> None:
    batch = [make_item() for _ in range(60)]
    start = threading.Barrier(2)
    answers: list[PushResponse] = []
    lock = threading.Lock()

    def push() -> None:
        with CentralClient(central.url, "hall-01", token) as own:
            start.wait(timeout=10)
            answer = own.push(batch)
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=push) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == 2
    assert central.storage.count_applications() == len(batch)
    for index in range(len(batch)):
        assert sorted(a.results[index].status for a in answers) == ["accepted", "duplicate"]


def test_validator_hook_runs_after_the_shape_check(tmp_path: Path) -> None:
    seen: list[str] = []

    def validator(item: ApplicationPayload) -> str | None:
        seen.append(item.id)
        return None if item.service_id == "residence" else f"unknown service {item.service_id}"

    with start_in_thread(tmp_path, validator=validator) as central:
        token = central.storage.add_kiosk("hall-01")
        with CentralClient(central.url, "hall-01", token) as client:
            good, unknown = make_item(), make_item(service_id="moon-visa")
            results = client.push([good, unknown, make_item(id="bad")]).results
    assert [(r.status, r.reason) for r in results] == [
        ("accepted", None), ("rejected", "unknown service moon-visa"),
        ("rejected", "id is not a UUID")]
    assert seen == [good.id, unknown.id]  # the malformed id never reached the hook


def test_openapi_documents_the_protocol(central: RunningCentral) -> None:
    spec = httpx.get(central.url + "/openapi.json").json()
    batch = spec["paths"][BATCH_PATH]["post"]
    assert batch["requestBody"]["content"]["application/json"]["schema"]["$ref"] == \
        "#/components/schemas/PushRequest"
    ok = batch["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ok == "#/components/schemas/PushResponse"
    assert {"401", "413"} <= set(batch["responses"])
    assert "X-Kiosk-Id" in {p["name"] for p in batch["parameters"]}
    schemas = spec["components"]["schemas"]
    assert {"PushRequest", "ApplicationPayload", "PushResponse", "ItemResult",
            "HealthInfo", "ErrorBody"} <= set(schemas)
    assert schemas["PushRequest"]["properties"]["items"]["maxItems"] == MAX_BATCH_ITEMS
    assert HEALTH_PATH in spec["paths"]
