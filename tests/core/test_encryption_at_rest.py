"""Personal data never lies in the kiosk's files in plain text, and key rotation loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.domain.catalog import Catalog
from kiosk.privacy.cipher import DataCipher, DataKeyError
from kiosk.store.store import Store
from tests.helpers.personal_data import (
    KNOWN_ID,
    KNOWN_PHONE,
    files_containing_personal_data,
    save_known,
)


def test_database_wal_and_data_dir_hold_no_plain_personal_data(data_dir: Path,
                                                              catalog: Catalog) -> None:
    store = Store.open(data_dir / "kiosk.sqlite3")
    ids = save_known(store, catalog)
    assert (data_dir / "kiosk.sqlite3-wal").exists()  # checked while the WAL holds the writes
    assert files_containing_personal_data(data_dir) == []
    assert store.get(ids[0]).answers["id_number"] == KNOWN_ID  # type: ignore[union-attr]
    store.close()
    assert files_containing_personal_data(data_dir) == []


def test_key_lives_outside_the_database_readable_by_the_kiosk_user_only(
        data_dir: Path, catalog: Catalog) -> None:
    with Store.open(data_dir / "kiosk.sqlite3") as store:
        save_known(store, catalog, 1)
    key_file = data_dir / "keys" / "data-keys.json"
    assert key_file.stat().st_mode & 0o077 == 0
    assert (data_dir / "keys").stat().st_mode & 0o077 == 0
    key_file.rename(data_dir / "elsewhere.json")  # a stolen database without its key
    with pytest.raises(DataKeyError):
        Store.open(data_dir / "kiosk.sqlite3", cipher=DataCipher.load_or_create(
            data_dir / "attacker")).list_applications()


def test_rotation_re_encrypts_everything_and_drops_the_old_key(data_dir: Path,
                                                             catalog: Catalog) -> None:
    with Store.open(data_dir / "kiosk.sqlite3") as store:
        ids = save_known(store, catalog)
        old = store.cipher.current
        reader = Store.open(data_dir / "kiosk.sqlite3")  # another process, loaded the old keys
        new = store.cipher.add_new_current_key()
        assert store.reencrypt() == 3
        store.cipher.drop_keys_except(store.key_ids_in_use())
        assert store.key_ids_in_use() == {new} and old not in store.cipher.keys
        assert [a.answers["id_number"] for a in store.list_applications()] == [KNOWN_ID] * 3
        assert reader.get(ids[0]).answers["phone"] == KNOWN_PHONE  # type: ignore[union-attr]
        reader.close()
    assert files_containing_personal_data(data_dir) == []


def test_rows_written_before_encryption_are_encrypted_on_open(data_dir: Path,
                                                             catalog: Catalog) -> None:
    with Store.open(data_dir / "kiosk.sqlite3") as store:
        (app_id,) = save_known(store, catalog, 1)
        plain = store.cipher.decrypt(store.db.execute(
            "SELECT answers_json FROM applications").fetchone()[0], app_id)
        store.db.execute("UPDATE applications SET answers_json = ?", (plain,))
    with Store.open(data_dir / "kiosk.sqlite3") as store:
        assert store.get(app_id).answers["id_number"] == KNOWN_ID  # type: ignore[union-attr]
    assert files_containing_personal_data(data_dir) == []


def test_ciphertext_moved_to_another_row_is_refused(data_dir: Path, catalog: Catalog) -> None:
    with Store.open(data_dir / "kiosk.sqlite3") as store:
        first, second = save_known(store, catalog, 2)
        value = store.db.execute("SELECT answers_json FROM applications WHERE id = ?",
                                 (first,)).fetchone()[0]
        store.db.execute("UPDATE applications SET answers_json = ? WHERE id = ?",
                         (value, second))
        with pytest.raises(DataKeyError, match="integrity"):
            store.get(second)


def test_log_redaction_blanks_ids_and_phones_but_keeps_tracking_numbers() -> None:
    from kiosk.logs import redact

    text = f"id {KNOWN_ID} phone {KNOWN_PHONE} tracking 602372174343 app 1b4e28ba-2fa1-11d2"
    cleaned = redact(text)
    assert KNOWN_ID not in cleaned and KNOWN_PHONE not in cleaned
    assert "602372174343" in cleaned and "1b4e28ba-2fa1-11d2" in cleaned


def test_processes_starting_together_on_a_fresh_kiosk_share_one_data_key(tmp_path: Path) -> None:
    # The window and the sync service may both be first: a second key overwriting the first
    # would leave whatever was saved under the first unreadable.
    import threading

    start = threading.Barrier(8)
    ciphers: list[DataCipher] = []

    def first_open() -> None:
        start.wait()
        ciphers.append(DataCipher.load_or_create(tmp_path))

    threads = [threading.Thread(target=first_open) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(ciphers) == 8
    sealed = ciphers[0].encrypt("李明", "app-1")
    assert all(c.decrypt(sealed, "app-1") == "李明" for c in ciphers)
    assert sorted(p.name for p in (tmp_path / "keys").iterdir()) == ["data-keys.json"]
