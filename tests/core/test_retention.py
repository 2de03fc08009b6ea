from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.domain.catalog import Catalog
from kiosk.domain.samples import sample_answers
from kiosk.store.retention import purge_expired
from kiosk.store.store import Store
from tests.helpers.personal_data import files_containing_personal_data, save_known


def test_only_delivered_applications_past_their_days_lose_personal_data(
        data_dir: Path, catalog: Catalog) -> None:
    now = [dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)]
    store = Store.open(data_dir / "kiosk.sqlite3", clock=lambda: now[0])
    old_delivered, old_quarantined, old_queued = save_known(store, catalog, 3)
    store.claim_batch("t", 10, 60)
    store.mark_delivered("t", {old_delivered: None})
    store.quarantine(old_quarantined, "rejected")
    store.release("t", [old_queued], "offline")
    now[0] += dt.timedelta(days=6)
    (recent,) = save_known(store, catalog, 1)
    store.claim_batch("t", 10, 60)
    store.mark_delivered("t", {recent: None})
    store.release("t", [old_queued], "offline")
    now[0] += dt.timedelta(days=1, seconds=1)  # 7 days after the first delivery
    assert purge_expired(store, catalog, default_days=7) == 1
    purged = store.get(old_delivered)
    assert purged is not None and purged.answers == {}
    assert purged.tracking_number and purged.state == "delivered"
    for kept in (old_quarantined, old_queued, recent):
        assert store.get(kept).answers["full_name"]  # type: ignore[union-attr]
    assert purge_expired(store, catalog, default_days=7) == 0  # nothing twice
    assert [e["event"] for e in store.events(old_delivered)][-1].startswith("personal data")
    store.close()


def test_purged_values_leave_no_trace_in_the_files(data_dir: Path, catalog: Catalog) -> None:
    now = [dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)]
    with Store.open(data_dir / "kiosk.sqlite3", clock=lambda: now[0]) as store:
        ids = save_known(store, catalog, 2)
        store.claim_batch("t", 10, 60)
        store.mark_delivered("t", dict.fromkeys(ids))
        now[0] += dt.timedelta(days=30)
        assert purge_expired(store, catalog, default_days=7) == 2
    assert files_containing_personal_data(data_dir) == []


def test_a_service_can_keep_data_longer(data_dir: Path, catalog: Catalog) -> None:
    import dataclasses

    longer = dataclasses.replace(catalog, services=tuple(
        dataclasses.replace(s, retention_days=30) for s in catalog.services))
    now = [dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)]
    with Store.open(data_dir / "kiosk.sqlite3", clock=lambda: now[0]) as store:
        app = store.save_answers("suggestion", catalog.version,
                                 sample_answers(catalog.service("suggestion")), {}, "zh_CN")
        store.claim_batch("t", 10, 60)
        store.mark_delivered("t", {app.application_id: None})
        now[0] += dt.timedelta(days=8)
        assert purge_expired(store, longer, default_days=7) == 0
        now[0] += dt.timedelta(days=23)
        assert purge_expired(store, longer, default_days=7) == 1
