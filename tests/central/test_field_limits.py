"""Strict validation: every field bounded, every bad input a clear refusal, never a 5xx.

Rejections name the field but never quote the value (it may be a resident's answer).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kiosk.central.rules import shape
from kiosk.central.rules.catalogs import CentralCatalogs
from kiosk.central.storage.applications import CentralStorage
from kiosk.wire.protocol import BATCH_PATH, CATALOG_PATH, STATUS_CHANGES_PATH
from tests.helpers.central_factories import app_client, auth, batch, make_item

SECRET = "王小明110101199001011234"

Central = tuple[TestClient, CentralStorage, dict[str, str]]


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Central]:
    with app_client(tmp_path) as (client, storage):
        yield client, storage, auth("hall-01", storage.add_kiosk("hall-01"))


def push_one(central: Central, item: dict[str, object]) -> dict[str, object]:
    client, _, headers = central
    response = client.post(BATCH_PATH, json=batch("hall-01", item), headers=headers)
    assert response.status_code == 200
    [result] = response.json()["results"]
    return dict(result)


def item_with(**overrides: object) -> dict[str, object]:
    return make_item().model_dump() | overrides


@pytest.mark.parametrize(("overrides", "words"), [
    ({"service_id": "s" * (shape.MAX_SERVICE_ID + 1)}, "service id is longer than 64"),
    ({"service_id": "a b"}, "service id may only hold"),
    ({"catalog_version": "v" * 33}, "catalog_version is longer than 32"),
    ({"catalog_version": "../../etc"}, "catalog_version may only hold"),
    ({"catalog_version": ""}, "catalog_version is empty"),
    ({"created_at": "2024-05-01T08:00:00" + "0" * 40}, "created_at is longer"),
    ({"language": "zh"}, "language must be one of zh_CN, en"),
    ({"language": SECRET}, "language must be one of"),
    ({"answers": {f"q{i}": i for i in range(shape.MAX_ANSWERS + 1)}}, "more than 100 answers"),
    ({"answers": {"k" * 65: 1}}, "answer key"),
    ({"answers": {"名字": 1}}, "answer key"),
    ({"answers": {"note": SECRET * 200}}, "answers.note: text longer than 2000"),
    ({"answers": {"age": 2**70}}, "answers.age: integer outside"),
    ({"consent": {"text": SECRET * 50}}, "consent.text: text longer than 500"),
    ({"consent": {"a": {"b": {"c": {"d": 1}}}}}, "nested more than 3 levels"),
    ({"consent": {f"k{i}": True for i in range(21)}}, "more than 20 entries"),
    ({"consent": {"l": ["x" * 400] * 15}}, "consent is larger than 4096 bytes"),
    ({"id": "0" * 10_000}, "id is not a UUID"),
    ({"tracking_number": "４８２９１３５７０１６４"}, "12 digits"),  # fullwidth digits
])
def test_oversized_or_odd_fields_reject_only_that_item(central: Central,
                                                      overrides: dict[str, object],
                                                      words: str) -> None:
    result = push_one(central, item_with(**overrides))
    assert result["status"] == "rejected"
    assert words in str(result["reason"])
    assert "王小明" not in str(result["reason"])
    assert central[1].count_applications() == 0


def test_what_a_kiosk_sends_passes(central: Central) -> None:
    near_limits = item_with(
        language="en", catalog_version="2026.12.1-rc_1",
        answers={"note": "x" * shape.MAX_ANSWER_TEXT, "age": 2**63 - 1, "ok": True,
                 "score": 0.5, "none": None},
        consent={"general": {"accepted_at": "2024-05-01T08:00:00+00:00", "text_version": "1"},
                 "sensitive": {"accepted_at": "2024-05-01T08:00:01+00:00", "kinds": ["id"]}})
    assert push_one(central, near_limits)["status"] == "accepted"


@pytest.mark.parametrize("text", [
    "'; DROP TABLE applications; --", "<script>alert(1)</script>", "\u0000\u202e", "${jndi:x}",
])
def test_sql_or_script_like_answers_are_stored_verbatim_not_executed(central: Central,
                                                                     text: str) -> None:
    item = item_with(answers={"name": text})
    assert push_one(central, item)["status"] == "accepted"
    stored = central[1].get_payload(str(item["id"]))
    assert stored is not None
    assert stored.answers["name"] == text
    assert central[1].count_applications() == 1


def test_sql_like_text_in_envelope_fields_is_refused_not_run(central: Central) -> None:
    result = push_one(central, item_with(service_id="x' OR '1'='1"))
    assert result["status"] == "rejected"
    assert central[1].count_applications() == 0


def test_deeply_nested_json_is_400_not_500(central: Central) -> None:
    client, _, headers = central
    body = b'{"kiosk_id": "hall-01", "items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = client.post(BATCH_PATH, content=body, headers=headers)
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_deeply_nested_consent_is_one_rejected_item(central: Central) -> None:
    client, _, headers = central
    good = make_item().model_dump_json()
    deep = make_item().model_dump_json().replace(
        '"consent":{', '"consent":{"x":' + "[" * 900 + "]" * 900 + ',', 1)
    body = f'{{"kiosk_id": "hall-01", "items": [{good}, {deep}]}}'.encode()
    response = client.post(BATCH_PATH, content=body, headers=headers)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["accepted", "rejected"]
    assert "nested too deeply" in results[1]["reason"]


@pytest.mark.parametrize("since", ["²", "-1", "1.5", "abc", "1" * 20, "9223372036854775808"])
def test_a_bad_cursor_is_422_not_500(central: Central, since: str) -> None:
    client, _, headers = central
    response = client.get(STATUS_CHANGES_PATH, params={"since": since}, headers=headers)
    assert response.status_code == 422
    assert set(response.json()) == {"detail", "server_time"}


def test_the_largest_cursor_is_fine(central: Central) -> None:
    client, _, headers = central
    response = client.get(STATUS_CHANGES_PATH, params={"since": str(2**63 - 1)},
                          headers=headers)
    assert response.status_code == 200
    assert response.json()["changes"] == []


@pytest.mark.parametrize("headers", [
    {"Authorization": "Bearer " + "t" * 5000, "X-Kiosk-Id": "hall-01"},
    {"Authorization": "Bearer tk_x", "X-Kiosk-Id": "k" * 5000},
    {"Authorization": "Bearer tk_x", "X-Kiosk-Id": "hall-01'; DROP TABLE kiosks; --"},
    {"Authorization": "Basic dXNlcjpwYXNz", "X-Kiosk-Id": "hall-01"},
])
def test_malformed_credentials_are_401_without_echo(central: Central,
                                                   headers: dict[str, str]) -> None:
    client = central[0]
    response = client.get(STATUS_CHANGES_PATH, headers=headers)
    assert response.status_code == 401
    assert "kkkkk" not in response.text
    assert "DROP" not in response.text
    assert central[1].list_kiosks() == ["hall-01"]


def test_a_huge_if_none_match_is_just_no_match(central: Central) -> None:
    client, _, headers = central
    response = client.get(CATALOG_PATH, headers={**headers, "If-None-Match": "x," * 4000})
    assert response.status_code == 200


def test_catalog_versions_cannot_walk_the_disk(tmp_path: Path) -> None:
    catalogs = CentralCatalogs(tmp_path / "central")
    (tmp_path / "central" / "catalogs").mkdir(parents=True)
    assert catalogs.get("..") is None
    assert catalogs.get("../..") is None
