from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from kiosk.errors import DiskFullError
from kiosk.store.migrations import MIGRATIONS
from kiosk.store.store import Store


def save(store: Store, n: int = 1) -> list[str]:
    return [store.save_answers("suggestion", "v1", {"topic": "other", "content": f"路灯 {i}"},
                               {"method": "test"}, "zh_CN").application_id for i in range(n)]


def test_database_uses_wal_full_sync_and_records_migrations(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    names = [r[0] for r in store.db.execute("SELECT name FROM _migrations ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]


def test_saved_application_is_visible_to_another_connection_at_once(store: Store) -> None:
    app_id = save(store)[0]
    other = sqlite3.connect(store.path)
    row = other.execute("SELECT state, tracking_number FROM applications WHERE id = ?",
                        (app_id,)).fetchone()
    other.close()
    assert row[0] == "queued" and len(row[1]) == 12


def test_reopening_runs_no_migration_twice_and_keeps_data(data_dir: Path) -> None:
    path = data_dir / "k.sqlite3"
    with Store.open(path) as first:
        ids = save(first, 3)
    with Store.open(path) as second:
        assert [a.id for a in second.list_applications("queued")] == ids
        assert second.counts()["queued"] == 3


def test_claim_release_deliver_quarantine_cycle(store: Store) -> None:
    first, second, third = save(store, 3)
    claimed = store.claim_batch("a", 10, 60)
    assert [a.id for a in claimed] == [first, second, third]
    assert store.claim_batch("b", 10, 60) == []  # leased: nobody else gets them
    store.release("a", [first], "network down")
    store.quarantine(second, "conflict: different content")
    store.mark_delivered("a", {third: "2026-11-27T00:00:00+00:00"})
    counts = store.counts()
    assert counts == {"queued": 1, "sending": 0, "delivered": 1, "quarantined": 1}
    assert store.get(first).last_error == "network down"  # type: ignore[union-attr]
    assert store.get(second).quarantine_reason == "conflict: different content"  # type: ignore[union-attr]
    assert store.requeue(second)
    assert store.pending_count() == 2


def test_expired_lease_is_claimable_again(data_dir: Path) -> None:
    now = [dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)]
    store = Store.open(data_dir / "k.sqlite3", clock=lambda: now[0])
    (app_id,) = save(store)
    assert store.claim_batch("crashed-sender", 10, 60)
    now[0] += dt.timedelta(seconds=61)
    again = store.claim_batch("next-sender", 10, 60)
    assert [a.id for a in again] == [app_id] and again[0].attempts == 2


def test_delivered_is_final(store: Store) -> None:
    (app_id,) = save(store)
    store.claim_batch("a", 10, 60)
    store.mark_delivered("a", {app_id: None})
    store.quarantine(app_id, "late rejection")
    store.release("a", [app_id], "late error")
    assert store.get(app_id).state == "delivered"  # type: ignore[union-attr]
    assert store.claim_batch("b", 10, 60) == []


def _claim_all(path: str, claimer: str, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    store = Store.open(Path(path))
    got: list[str] = []
    while batch := store.claim_batch(claimer, 3, 600):
        got.extend(a.id for a in batch)
    out.put(got)
    store.close()


def test_two_processes_never_claim_the_same_application(data_dir: Path) -> None:
    path = data_dir / "k.sqlite3"
    with Store.open(path) as store:
        ids = save(store, 60)
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    workers = [ctx.Process(target=_claim_all, args=(str(path), f"w{i}", out)) for i in range(2)]
    for w in workers:
        w.start()
    results = [out.get(timeout=60) for _ in workers]
    for w in workers:
        w.join(timeout=60)
    claimed = results[0] + results[1]
    assert sorted(claimed) == sorted(ids)  # each exactly once, none lost


def test_a_full_disk_is_reported_as_such_and_keeps_what_was_stored(data_dir: Path) -> None:
    path = data_dir / "k.sqlite3"
    with Store.open(path) as store:
        kept = save(store, 2)
        # Cap the file at its current size: the next insert finds the "disk" full.
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")
        big = "路" * 200_000
        with pytest.raises(DiskFullError):
            store.save_answers("suggestion", "v1", {"content": big}, {}, "zh_CN")
    with Store.open(path) as again:
        assert [a.id for a in again.list_applications()] == kept


def test_volunteer_requests_are_recorded_until_handled(store: Store) -> None:
    first = store.record_volunteer_request("question", "elderly_allowance")
    second = store.record_volunteer_request("home", None)
    assert second > first
    assert [(r["id"], r["screen"], r["service_id"]) for r in store.open_volunteer_requests()] == [
        (first, "question", "elderly_allowance"), (second, "home", None)]


def test_sqlite_utils_is_loaded_only_when_its_view_is_asked_for(tmp_path: Path) -> None:
    # Memory and start-up time the kiosk window and the sync service never need (Store.db).
    code = ("import sys\nfrom pathlib import Path\nfrom kiosk.store.store import Store\n"
            f"store = Store.open(Path({str(tmp_path / 'k.sqlite3')!r}))\n"
            "before = 'sqlite_utils' in sys.modules\n"
            "tables = store.db.table_names()\n"
            "print(before, 'applications' in tables, 'sqlite_utils' in sys.modules)\n")
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True"]
