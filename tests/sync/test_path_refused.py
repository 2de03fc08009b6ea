"""A 413 that the protocol's limits do not explain.

A reverse proxy between the kiosk and the real central answers 413 to everything: healthy
applications, ratings and votes stay queued (nothing quarantined), the technician is told in plain
words what refuses what (`kiosk sync`, `kiosk status`, `kiosk doctor`), the runner backs off on its
own, and once the proxy is fixed everything arrives exactly once without anyone touching the
kiosk. Only an application that by itself exceeds the documented limit is set aside.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kiosk.central.server import RunningCentral
from kiosk.cli import main
from kiosk.domain.catalog import Catalog
from kiosk.store.store import Store
from kiosk.sync.client import CentralClient, PathRefused
from kiosk.sync.engine import SyncEngine
from kiosk.sync.runner import SyncRunner
from kiosk.sync.status import SyncState
from kiosk.wire.backoff import Backoff
from kiosk.wire.protocol import BATCH_PATH, MAX_BODY_BYTES, RATINGS_PATH, VOTES_PATH
from tests.helpers.consultation_catalog import VOTING_DAY
from tests.helpers.fault_proxy import Fault, FaultProxy, Mode
from tests.helpers.kiosk_and_central import start_central
from tests.helpers.sync_clock import StatusLog
from tests.helpers.sync_setup import configure, held_ids, number, queue

KIOSK = "hall-13"
APPLICATIONS, RATINGS = 20, 3
POSTS = frozenset({BATCH_PATH, RATINGS_PATH, VOTES_PATH})


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    """A store whose clock says the shipped consultation is open, whatever the real date."""
    with Store.open(data_dir / "kiosk.sqlite3", clock=lambda: VOTING_DAY) as opened:
        yield opened


@pytest.fixture
def central(tmp_path: Path) -> Iterator[RunningCentral]:
    with start_central(tmp_path / "central") as running:
        yield running


@pytest.fixture
def token(central: RunningCentral) -> str:
    return central.storage.add_kiosk(KIOSK)


@pytest.fixture
def proxy(central: RunningCentral) -> Iterator[FaultProxy]:
    with FaultProxy(central.port) as running:
        yield running


def cli(data_dir: Path, *args: str) -> Any:
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def cli_json(data_dir: Path, *args: str) -> Any:
    return json.loads(cli(data_dir, *args, "--json").stdout)


def queue_feedback(store: Store, catalog: Catalog) -> None:
    for i in range(RATINGS):
        store.save_rating(number(i), "suggestion", 4)
    lights = catalog.consultations[0]
    for option in ("market", "clinic"):
        store.save_vote(lights, option, None, catalog.version)


def test_a_proxy_refusing_everything_keeps_all_queued_and_after_healing_all_arrive_once(
        data_dir: Path, store: Store, catalog: Catalog, central: RunningCentral, token: str,
        proxy: FaultProxy) -> None:
    queued = queue(store, catalog, APPLICATIONS)
    queue_feedback(store, catalog)
    configure(data_dir, proxy.url, KIOSK, token)
    proxy.set_fault(Mode.PROXY_413)  # every request, the health check too

    # A technician's `kiosk sync`: refused, but nothing is set aside, and the words say who.
    synced = cli(data_dir, "sync")
    assert synced.exit_code == 1
    assert "proxy" in synced.stdout and "HTTP 413" in synced.stdout
    assert "not the central itself" in synced.stdout and "client_max_body_size" in synced.stdout
    status = cli_json(data_dir, "status")
    assert status["counts"]["quarantined"] == 0 and status["pending"] == APPLICATIONS
    assert "proxy" in status["last_error"]
    assert "last error: something between this kiosk and the central" in \
        cli(data_dir, "status").stdout

    # The background sender keeps trying on its backoff, still quarantining nothing.
    statuses = StatusLog()
    runner = SyncRunner(
        data_dir, statuses, probe_interval=0.05, backoff=Backoff(base=0.02, cap=0.1),
        client_factory=lambda s: CentralClient(s.get("central.url"), s.get("central.kiosk_id"),
                                               s.get("central.token"), timeout=5.0))
    runner.start()
    try:
        proxy.wait_for(lambda seen: sum(s.mode is Mode.PROXY_413 and s.items == 1
                                        for s in seen) >= 3)  # several rounds down to one
        offline = [s for _, s in statuses.values if s.state is SyncState.OFFLINE]
        assert offline and all(s.quarantined == 0 for _, s in statuses.values)
        assert "proxy" in (offline[-1].last_error or "")
        assert central.storage.count_applications() == 0

        proxy.heal()  # the proxy is fixed; nobody touches the kiosk
        statuses.wait_for(lambda s: s.state is SyncState.IDLE and s.delivered == APPLICATIONS
                          and s.ratings_pending == 0 and s.votes_pending == 0, 30)
    finally:
        runner.stop()
    assert held_ids(central) == sorted(queued)
    assert central.storage.count_applications() == APPLICATIONS
    assert central.storage.count_received("ratings") == RATINGS
    assert central.storage.count_received("votes") == 2
    assert store.counts()["quarantined"] == 0 and store.counts()["delivered"] == APPLICATIONS
    assert store.outbox_counts("ratings")["quarantined"] == 0
    assert store.outbox_counts("votes")["quarantined"] == 0
    status = cli_json(data_dir, "status")
    assert status["last_error"] is None and status["last_successful_sync"]


def test_a_proxy_refusing_only_feedback_keeps_ratings_and_votes_queued(
        data_dir: Path, store: Store, catalog: Catalog, central: RunningCentral, token: str,
        proxy: FaultProxy) -> None:
    queue(store, catalog, 2)
    queue_feedback(store, catalog)
    configure(data_dir, proxy.url, KIOSK, token)
    proxy.set_fault(Fault(Mode.PROXY_413, paths=frozenset({RATINGS_PATH, VOTES_PATH})))
    first = cli_json(data_dir, "sync")
    assert first["accepted"] == 2  # feedback never holds up applications
    assert first["ratings"] == {"delivered": 0, "rejected": 0, "quarantined_ids": [],
                                "pending": RATINGS}
    assert "proxy" in first["feedback_error"]
    status = cli_json(data_dir, "status")
    assert status["ratings"]["quarantined"] == 0 and status["votes"]["quarantined"] == 0
    assert "proxy" in status["feedback_error"]

    proxy.heal()
    second = cli_json(data_dir, "sync")
    assert second["ratings"]["delivered"] == RATINGS and second["votes"]["delivered"] == 2
    assert central.storage.count_received("ratings") == RATINGS
    assert central.storage.count_received("votes") == 2
    assert cli_json(data_dir, "status")["feedback_error"] is None


def test_kiosk_doctor_names_a_proxy_that_refuses_what_the_kiosk_sends(
        data_dir: Path, central: RunningCentral, token: str, proxy: FaultProxy) -> None:
    configure(data_dir, proxy.url, KIOSK, token)
    healthy = cli_json(data_dir, "doctor", "--no-machine")
    assert {s["step"]: s["verdict"] for s in healthy["steps"]}["sending"] == "pass"
    proxy.set_fault(Fault(Mode.PROXY_413, paths=POSTS))  # GETs pass, bodies are refused
    result = cli(data_dir, "doctor", "--no-machine", "--json")
    assert result.exit_code == 1
    steps = {s["step"]: s for s in json.loads(result.stdout)["steps"]}
    assert steps["credentials"]["verdict"] == "pass"
    assert steps["sending"]["verdict"] == "fail"
    assert "proxy" in steps["sending"]["message"] and "413" in steps["sending"]["message"]


@pytest.mark.parametrize(("mode", "words"), [
    (Mode.PROXY_413, "not the central itself"),
    (Mode.HTTP_413, "check the central's version and limits"),
])
def test_one_small_application_refused_is_never_quarantined(
        mode: Mode, words: str, store: Store, catalog: Catalog, central: RunningCentral,
        token: str, proxy: FaultProxy) -> None:
    queued = queue(store, catalog, 5)
    proxy.set_fault(mode)
    with CentralClient(proxy.url, KIOSK, token, timeout=5.0) as client:
        engine = SyncEngine(store, client, "test", batch_size=5)
        with pytest.raises(PathRefused, match=words):
            engine.push_pending()
        assert store.counts()["quarantined"] == 0 and store.counts()["queued"] == 5
        # Halves one at a time down to one application, then stop; nothing is sent twice.
        assert [s.items for s in proxy.requests(BATCH_PATH)] == [5, 2, 1]
        proxy.heal()
        report = engine.push_pending()
    assert report.accepted == 5 and report.rejected == 0
    assert held_ids(central) == sorted(queued)


def test_an_application_over_the_documented_limit_by_itself_is_set_aside(
        store: Store, catalog: Catalog, central: RunningCentral, token: str) -> None:
    small = queue(store, catalog, 2)
    (huge,) = queue(store, catalog, 1, content="意" * (MAX_BODY_BYTES // 3 + 1))
    small += queue(store, catalog, 2)
    with CentralClient(central.url, KIOSK, token, timeout=30.0) as client:
        report = SyncEngine(store, client, "test", batch_size=5).push_pending()
    assert report.rejected_ids == [huge] and report.accepted == 4
    record = store.get(huge)
    assert record is not None and record.state == "quarantined"
    assert "larger than the sync protocol allows" in (record.quarantine_reason or "")
    assert held_ids(central) == sorted(small)
