"""CentralStorage on its own: tokens, idempotency verdicts, concurrency, durability settings."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.central.server import open_storage
from kiosk.central.storage.applications import (
    CONFLICT_REASON,
    FOREIGN_REASON,
    CentralStorage,
)
from kiosk.central.storage.db import SqliteDatabase
from kiosk.central.storage.kiosk_ids import InvalidKioskId
from kiosk.wire.protocol import ApplicationPayload


def make_item(**overrides: object) -> ApplicationPayload:
    fields: dict[str, object] = {
        "id": str(uuid.uuid4()), "tracking_number": "482913570164", "service_id": "residence",
        "catalog_version": "2024.1", "created_at": "2024-05-01T08:00:00+08:00",
        "language": "zh_CN", "answers": {"name": "王小明", "age": 41}, "consent": {"given": True},
    }
    fields.update(overrides)
    return ApplicationPayload.model_validate(fields)


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[CentralStorage]:
    opened = open_storage(tmp_path)
    opened.add_kiosk("hall-01")
    opened.add_kiosk("hall-02")
    yield opened
    opened.close()


def test_token_authenticates_and_is_stored_only_hashed(tmp_path: Path, sqlite_only: None
                                                      ) -> None:
    storage = open_storage(tmp_path)
    token = storage.add_kiosk("hall-01")
    assert len(token) >= 40
    assert storage.authenticate("hall-01", token)
    assert not storage.authenticate("hall-01", token + "x")
    assert not storage.authenticate("hall-99", token)
    storage.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert token.encode() not in raw


def test_re_adding_a_kiosk_rotates_its_token(storage: CentralStorage) -> None:
    old = storage.add_kiosk("hall-03")
    new = storage.add_kiosk("hall-03")
    assert new != old
    assert storage.authenticate("hall-03", new)
    assert not storage.authenticate("hall-03", old)
    assert storage.list_kiosks() == ["hall-01", "hall-02", "hall-03"]


@pytest.mark.parametrize("bad", ["", " hall", "hall 01", "-x", "x" * 65, "厅一"])
def test_unusable_kiosk_ids_are_refused(storage: CentralStorage, bad: str) -> None:
    with pytest.raises(InvalidKioskId):
        storage.add_kiosk(bad)


def test_durability_pragmas(storage: CentralStorage, sqlite_only: None) -> None:
    assert isinstance(storage.db, SqliteDatabase)
    with storage.db.read() as conn:
        assert conn.one("PRAGMA journal_mode") == {"journal_mode": "wal"}
        assert conn.one("PRAGMA synchronous") == {"synchronous": 2}  # FULL


def test_verdicts_accepted_duplicate_conflict_foreign(storage: CentralStorage) -> None:
    item = make_item()
    first = storage.store_items("hall-01", [item])
    assert [r.status for r in first] == ["accepted"]
    again = storage.store_items("hall-01", [item])
    assert again[0].status == "duplicate"
    assert again[0].received_at == first[0].received_at
    changed = make_item(id=item.id, answers={"name": "王小明", "age": 42})
    conflict = storage.store_items("hall-01", [changed])[0]
    assert (conflict.status, conflict.reason) == ("rejected", CONFLICT_REASON)
    foreign = storage.store_items("hall-02", [item])[0]
    assert (foreign.status, foreign.reason) == ("rejected", FOREIGN_REASON)
    assert storage.count_applications() == 1
    stored = storage.get_payload(item.id)
    assert stored == item


def test_same_id_twice_in_one_batch(storage: CentralStorage) -> None:
    item = make_item()
    results = storage.store_items("hall-01", [item, item])
    assert [r.status for r in results] == ["accepted", "duplicate"]


def test_validator_rejects_new_items_but_not_resends(storage: CentralStorage) -> None:
    item = make_item()
    assert storage.store_items("hall-01", [item])[0].status == "accepted"
    # The rules changed after the item was received: a re-send is still acknowledged.
    results = storage.store_items("hall-01", [item, make_item()],
                                  validator=lambda _: "service withdrawn")
    assert [(r.status, r.reason) for r in results] == [
        ("duplicate", None), ("rejected", "service withdrawn")]
    assert storage.count_applications() == 1


def test_validator_crash_rejects_only_that_item(storage: CentralStorage) -> None:
    def validator(item: ApplicationPayload) -> str | None:
        if item.service_id == "broken":
            raise KeyError("王小明")
        return None

    results = storage.store_items("hall-01", [make_item(service_id="broken"), make_item()],
                                  validator=validator)
    assert [r.status for r in results] == ["rejected", "accepted"]
    assert results[0].reason is not None
    assert "internal error" in results[0].reason
    assert "王小明" not in results[0].reason


def test_concurrent_batches_with_the_same_ids_store_each_once(storage: CentralStorage) -> None:
    batch = [make_item() for _ in range(40)]
    start = threading.Barrier(6)
    outcomes: list[list[str]] = []
    lock = threading.Lock()

    def push() -> None:
        start.wait(timeout=10)
        statuses: list[str] = [r.status for r in storage.store_items("hall-01", batch)]
        with lock:
            outcomes.append(statuses)

    threads = [threading.Thread(target=push) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(outcomes) == 6
    assert storage.count_applications() == 40
    for index in range(40):
        column = sorted(statuses[index] for statuses in outcomes)
        assert column == ["accepted"] + ["duplicate"] * 5


def test_list_applications_has_envelopes_only(storage: CentralStorage) -> None:
    item = make_item()
    storage.store_items("hall-01", [item])
    rows = storage.list_applications()
    assert rows == [{"id": item.id, "tracking_number": item.tracking_number,
                     "kiosk_id": "hall-01", "service_id": "residence",
                     "received_at": rows[0]["received_at"]}]
    assert storage.count_applications() == 1


def test_data_survives_reopening(tmp_path: Path) -> None:
    first = open_storage(tmp_path)
    token = first.add_kiosk("hall-01")
    item = make_item()
    first.store_items("hall-01", [item])
    first.close()
    second = open_storage(tmp_path)
    assert second.authenticate("hall-01", token)
    assert second.store_items("hall-01", [item])[0].status == "duplicate"
    second.close()
