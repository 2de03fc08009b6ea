"""Store.open stays cheap on a big store, yet still encrypts plain text written by old code."""

from __future__ import annotations

from pathlib import Path

from kiosk.bench.fixtures import add_applications
from kiosk.paths import database_path
from kiosk.store.store import Store

KEY = "store.plaintext_checked_rowid.applications"


def test_rows_checked_once_are_not_read_again_but_new_plain_rows_are_encrypted(
        tmp_path: Path) -> None:
    path = database_path(tmp_path)
    with Store.open(path) as store:
        add_applications(store, 1200, "delivered")
    with Store.open(path) as store:  # checks the 1,200 new rows once, then moves the mark
        assert store.get_meta(KEY) == "1200"
        some = store.list_applications(limit=1)[0]
        with store.transaction() as conn:  # what a kiosk from before encryption would write
            conn.execute("UPDATE applications SET answers_json = '{\"a\": 1}' WHERE id = ?",
                         (some.id,))
            conn.execute("INSERT INTO applications (id, tracking_number, service_id, "
                         "catalog_version, language, answers_json, consent_json, created_at, "
                         "state, updated_at) SELECT 'old-2', '900000000001', service_id, "
                         "catalog_version, language, '{\"b\": 2}', consent_json, created_at, "
                         "state, updated_at FROM applications WHERE id = ?", (some.id,))
    with Store.open(path) as store:
        stored = dict(store.db.execute("SELECT id, answers_json FROM applications WHERE id IN "
                                       "(?, 'old-2')", (some.id,)).fetchall())
        assert stored["old-2"].startswith("enc1:")  # added after the mark: encrypted at open
        assert stored[some.id] == '{"a": 1}'  # below the mark: not read again at open
        assert store.reencrypt() >= 1  # a full pass (key rotation) still covers every row
        assert store.get(some.id).answers == {"a": 1}  # type: ignore[union-attr]
