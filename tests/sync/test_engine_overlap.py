"""The engine's overlapped passes: growing batches, and claims given back honestly."""

from __future__ import annotations

from pathlib import Path

from kiosk.domain.catalog import Catalog
from kiosk.store.store import Store
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import SyncEngine
from tests.helpers.kiosk_and_central import start_central
from tests.helpers.sync_setup import queue


def test_batches_grow_while_the_central_answers_quickly(store: Store, catalog: Catalog,
                                                        tmp_path: Path) -> None:
    ids = queue(store, catalog, 60)
    with start_central(tmp_path / "c") as central:
        token = central.storage.add_kiosk("k1")
        with CentralClient(central.url, "k1", token) as client:
            report = SyncEngine(store, client, "test", batch_size=2).push_pending()
        assert central.storage.count_applications() == 60
    # 2, 2 (claimed ahead), 4, 8, 16, 28: far fewer than the 30 requests of fixed pairs.
    assert report.accepted == 60 and report.batches < 10
    assert {a.id for a in store.list_applications("delivered")} == set(ids)
    assert all(a.attempts == 1 for a in store.list_applications("delivered"))


def test_a_claim_given_back_unsent_is_not_counted_as_a_try(store: Store,
                                                           catalog: Catalog) -> None:
    (app_id,) = queue(store, catalog, 1)
    store.claim_batch("s", 10, 60)
    store.release("s", [app_id], "central down")  # a real try that failed
    store.claim_batch("s", 10, 60)
    store.release("s", [app_id], None, sent=False)  # claimed ahead, never sent
    again = store.get(app_id)
    assert again is not None and again.state == "queued"
    assert again.attempts == 1 and again.last_error == "central down"
