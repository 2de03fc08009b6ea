"""Ratings and votes travel after the applications, exactly once, and never hold them up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from kiosk.domain.catalog import Catalog
from kiosk.store.store import Store
from kiosk.sync.client import CentralClient, CentralMisconfigured
from kiosk.sync.engine import SyncEngine
from kiosk.wire.protocol import PushResponse, RatingPayload
from tests.helpers.consultation_catalog import VOTING_DAY
from tests.helpers.kiosk_and_central import start_central
from tests.helpers.sync_setup import number, queue


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    """A store whose clock says the shipped consultation is open, whatever the real date."""
    with Store.open(data_dir / "kiosk.sqlite3", clock=lambda: VOTING_DAY) as opened:
        yield opened


def test_ratings_and_votes_follow_the_applications_exactly_once(
        store: Store, catalog: Catalog, tmp_path: Path) -> None:
    queue(store, catalog, 2)
    ratings = [store.save_rating(number(i), "suggestion", 5 - i) for i in range(3)]
    lights = catalog.consultations[0]
    votes = [store.save_vote(lights, o, "多装" if o == "market" else None, catalog.version)
             for o in ("market", "clinic")]
    with start_central(tmp_path / "c") as central:
        token = central.storage.add_kiosk("k1")
        with CentralClient(central.url, "k1", token) as client:
            report = SyncEngine(store, client, "test", batch_size=2).push_pending()
            again = SyncEngine(store, client, "test", batch_size=2).push_pending()
            # A re-send of the same rating (a lost answer) is a duplicate, not a second rating.
            payload = RatingPayload(id=ratings[0].id, tracking_number=ratings[0].tracking_number,
                                    service_id="suggestion", level=5, reasons=[],
                                    created_at=ratings[0].created_at)
            assert client.push_ratings([payload]).results[0].status == "duplicate"
        assert central.storage.count_received("ratings") == 3
        assert central.storage.count_received("votes") == 2
        assert central.storage.vote_counts() == {"street_lights": {"market": 1, "clinic": 1}}
    assert report.accepted == 2
    assert report.ratings_votes.ratings.delivered == 3 and report.ratings_votes.votes.delivered == 2
    assert report.ratings_votes.error is None
    assert again.ratings_votes.ratings.delivered == 0 and again.ratings_votes.votes.delivered == 0
    assert store.outbox_counts("ratings")["delivered"] == 3
    assert {v.id for v in store.list_votes("delivered")} == {v.id for v in votes}


def test_a_rejected_vote_is_quarantined_and_the_rest_flow(store: Store, catalog: Catalog,
                                                         tmp_path: Path) -> None:
    lights = catalog.consultations[0]
    bad = store.save_vote(lights, "market", None, catalog.version)
    ok = store.save_vote(lights, "clinic", None, catalog.version)
    # As if made on a kiosk whose clock ran years ahead: after the consultation closed.
    late = dt.datetime.combine(lights.closes + dt.timedelta(days=2), dt.time(), tzinfo=dt.UTC)
    store.db.execute("UPDATE votes SET created_at = ? WHERE id = ?", [late.isoformat(), bad.id])
    with start_central(tmp_path / "c") as central:
        token = central.storage.add_kiosk("k1")
        with CentralClient(central.url, "k1", token) as client:
            report = SyncEngine(store, client, "test").push_pending()
    assert report.ratings_votes.votes.rejected_ids == [bad.id]
    assert report.ratings_votes.votes.delivered == 1
    (quarantined,) = store.list_votes("quarantined")
    assert "closed" in (quarantined.quarantine_reason or "")
    assert [v.id for v in store.list_votes("delivered")] == [ok.id]


class NoFeedbackCentral(CentralClient):
    """A central from before ratings existed: its ratings endpoint answers 404."""

    def push_ratings(self, items: Sequence[RatingPayload]) -> PushResponse:
        raise CentralMisconfigured("the central has no /api/v1/ratings/batch (HTTP 404)")


def test_feedback_trouble_never_blocks_applications(store: Store, catalog: Catalog,
                                                    tmp_path: Path) -> None:
    store.save_rating(number(1), "suggestion", 3)
    queue(store, catalog, 1)
    with start_central(tmp_path / "c") as central:
        token = central.storage.add_kiosk("k1")
        with NoFeedbackCentral(central.url, "k1", token) as client:
            report = SyncEngine(store, client, "test").push_pending()  # does not raise
        assert central.storage.count_applications() == 1
        queue(store, catalog, 1)
        with NoFeedbackCentral(central.url, "k1", token) as client:
            SyncEngine(store, client, "test").push_pending()
        assert central.storage.count_applications() == 2
    assert report.accepted == 1 and report.ratings_votes.error
    assert "404" in report.ratings_votes.error
    assert store.get_meta("feedback_error") == report.ratings_votes.error
    assert store.outbox_counts("ratings") == {"queued": 1, "sending": 0, "delivered": 0,
                                              "quarantined": 0}
