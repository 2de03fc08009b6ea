"""Schema migrations (Alembic): new databases, pre-migration SQLite files, concurrent starts."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from kiosk.central.server import open_storage
from kiosk.central.storage.applications import CentralStorage
from kiosk.central.storage.migrate import current_revision, head_revision
from tests.helpers.central_factories import make_item

# What a central created before migrations existed (and before USB bundles): no bundle_key.
LEGACY = """
CREATE TABLE kiosks (kiosk_id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, salt TEXT NOT NULL,
                     created_at TEXT NOT NULL);
CREATE TABLE applications (id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, tracking_number TEXT
    NOT NULL, service_id TEXT NOT NULL, catalog_version TEXT NOT NULL, payload_json TEXT NOT NULL,
    content_hash TEXT NOT NULL, created_at TEXT NOT NULL, received_at TEXT NOT NULL);
INSERT INTO kiosks VALUES ('hall-01', 'x', '00', '2024-01-01T00:00:00+00:00');
INSERT INTO applications VALUES ('a1', 'hall-01', '482913570164', 'residence', '2024.1', '{}',
    'h', '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00');
"""


def test_a_new_database_is_at_the_newest_revision(tmp_path: Path) -> None:
    storage = open_storage(tmp_path)
    try:
        assert current_revision(storage.db) == head_revision()
    finally:
        storage.close()


def test_a_database_from_before_migrations_is_adopted(tmp_path: Path, sqlite_only: None
                                                      ) -> None:
    path = tmp_path / "central.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(LEGACY)
    storage = CentralStorage(path)
    try:
        assert current_revision(storage.db) == head_revision()
        assert storage.count_applications() == 1
        token = storage.add_kiosk("hall-01")  # needs the bundle_key column added by 0001
        assert storage.bundle_key("hall-01") is not None
        assert storage.authenticate("hall-01", token)
        assert storage.add_operator("clerk-01").startswith("op_")  # table from 0002
    finally:
        storage.close()


def test_reopening_keeps_data_and_migrates_nothing(tmp_path: Path) -> None:
    first = open_storage(tmp_path)
    first.add_kiosk("hall-01")
    first.store_items("hall-01", [make_item()])
    first.close()
    second = open_storage(tmp_path)
    try:
        assert second.count_applications() == 1
        assert current_revision(second.db) == head_revision()
    finally:
        second.close()


def test_centrals_starting_together_migrate_once(tmp_path: Path) -> None:
    """Workers that start at the same moment: one migrates, the others find it done."""
    start = threading.Barrier(4)
    opened: list[CentralStorage] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def open_one() -> None:
        start.wait(timeout=30)
        try:
            storage = open_storage(tmp_path)
        except BaseException as exc:  # reported below
            with lock:
                errors.append(exc)
            return
        with lock:
            opened.append(storage)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert errors == []
        assert len(opened) == 4
        assert {current_revision(s.db) for s in opened} == {head_revision()}
    finally:
        for storage in opened:
            storage.close()


@pytest.mark.parametrize("revision", ["0001", "0002"])
def test_revisions_are_a_single_line(revision: str) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from kiosk.central.storage.migrate import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    assert script.get_revision(revision) is not None
    assert len(script.get_heads()) == 1
