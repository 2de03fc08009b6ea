"""The bench's database builder writes what the kiosk would, and submits really commit."""

from __future__ import annotations

from pathlib import Path

from kiosk.bench.fixtures import (
    add_applications,
    bench_service,
    build_data_dir,
    bytes_per_application,
    cached_data_dir,
    tracking_number_for,
)
from kiosk.bench.submit import KioskSubmit, scale_items, status_lookup, submit_items
from kiosk.domain import tracking
from kiosk.paths import database_path
from kiosk.store.store import Store


def test_bulk_built_applications_are_encrypted_and_readable_by_the_store(tmp_path: Path) -> None:
    folder = build_data_dir(tmp_path / "k", 30, "queued")
    with Store.open(database_path(folder)) as store:
        assert store.counts()["queued"] == 30
        raw = store.db.execute("SELECT id, answers_json FROM applications").fetchall()
        assert all(value.startswith("enc1:") for _, value in raw)
        app = store.find_by_tracking_number(tracking_number_for(7))
        assert app is not None and app.answers == bench_service().answers
        assert store.events(app.id)[0]["event"] == "saved"
    assert all(tracking.is_valid(tracking_number_for(i)) for i in range(50))
    assert bytes_per_application(folder, 30) > 0


def test_cached_data_dir_is_built_once_and_copied(tmp_path: Path) -> None:
    first = cached_data_dir(tmp_path / "cache", 10, "delivered", tmp_path / "a")
    with Store.open(database_path(first)) as store:
        add_applications(store, 5, start=100)  # changing a copy leaves the cache alone
    second = cached_data_dir(tmp_path / "cache", 10, "delivered", tmp_path / "b")
    with Store.open(database_path(second)) as store:
        assert store.counts()["delivered"] == 10 and store.counts()["queued"] == 0


def test_kiosk_submit_commits_a_queued_application_each_call(tmp_path: Path) -> None:
    folder = tmp_path / "k"
    folder.mkdir()
    for via_store_thread in (False, True):
        submit = KioskSubmit(folder, bench_service(), via_store_thread)
        receipt = submit()
        submit.close()
        with Store.open(database_path(folder)) as store:
            assert store.get(receipt.application_id).state == "queued"  # type: ignore[attr-defined,union-attr]


def test_submit_and_scale_items_measure_and_leave_real_rows(tmp_path: Path) -> None:
    items = {i.name: i for i in submit_items(tmp_path, 20)}
    assert items["submit p99"].ours > 0 and items["submit p99"].baseline
    with Store.open(database_path(tmp_path / "submit-ours")) as store:
        assert store.counts()["queued"] >= 20 * 2  # both variants saved for real
    scale = {i.name.split(" at ")[0]: i for i in scale_items(tmp_path, 300, 10)}
    assert scale["status look-up p99"].ours > 0
    assert scale["bytes per stored application"].ours > 100
    look_up = status_lookup(tmp_path / "scale-full", [tracking_number_for(5)])
    assert look_up() is not None
