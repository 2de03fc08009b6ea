"""The foundation's promise, end to end: applications made while the central is down reach it
exactly once when it returns, survive a kiosk restart, and are never duplicated by retries."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.domain.catalog import Catalog
from kiosk.domain.samples import sample_answers
from kiosk.store.store import Store
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import to_payload
from kiosk.sync.runner import SyncRunner
from kiosk.sync.status import SyncState
from tests.helpers.kiosk_and_central import configure, kiosk, kiosk_json, start_central
from tests.helpers.sync_clock import StatusLog

pytestmark = pytest.mark.e2e


@pytest.fixture
def central_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "central"
    folder.mkdir()
    return folder


def submit_three(data_dir: Path, catalog: Catalog) -> list[dict[str, str]]:
    lines = "\n".join(json.dumps(sample_answers(catalog.service(s)), ensure_ascii=False)
                      for s in ("elderly_allowance",))
    records = []
    for _ in range(3):
        records += kiosk_json(data_dir, "submit", "--service", "elderly_allowance",
                              "--answers", "-", stdin=lines)
    return records


def test_central_down_then_up_delivers_each_application_exactly_once(
        data_dir: Path, central_dir: Path, catalog: Catalog) -> None:
    central = start_central(central_dir)
    port, url = central.port, central.url
    token = central.storage.add_kiosk("hall-01")
    central.stop()  # the network is down
    configure(data_dir, url, "hall-01", token)
    records = submit_three(data_dir, catalog)
    assert len(records) == 3

    statuses = StatusLog()
    runner = SyncRunner(data_dir, statuses)
    runner.start()
    try:
        statuses.wait_for(lambda s: s.state is SyncState.OFFLINE and s.pending == 3, 30)
        central = start_central(central_dir, port=port)  # the network is back
        back_at = time.monotonic()
        stamp, _ = statuses.wait_for(lambda s: s.state is SyncState.IDLE and s.delivered == 3,
                                     30)
        noticed_after = stamp - back_at
        print(f"\nqueue delivered {noticed_after:.2f} s after the central came back")
        assert noticed_after < 3.0, f"queue resumed {noticed_after:.1f} s after central returned"
        held = central.storage.list_applications()
        assert sorted(a["id"] for a in held) == sorted(r["id"] for r in records)
        assert sorted(a["tracking_number"] for a in held) == sorted(
            r["tracking_number"] for r in records)
    finally:
        runner.stop()
        central.stop()
    status = kiosk_json(data_dir, "status")
    assert status["counts"]["delivered"] == 3 and status["pending"] == 0
    assert status["last_successful_sync"]


def test_restart_with_queued_applications_loses_nothing(
        data_dir: Path, central_dir: Path, catalog: Catalog) -> None:
    central = start_central(central_dir)
    port = central.port
    token = central.storage.add_kiosk("hall-02")
    central.stop()
    configure(data_dir, central.url, "hall-02", token)
    records = submit_three(data_dir, catalog)

    # A sender hangs on a central that accepts but never answers, and is killed mid-send.
    silent = socket.socket()
    silent.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    silent.bind(("127.0.0.1", port))
    silent.listen()
    env = {**os.environ, "KIOSK_DATA_DIR": str(data_dir)}
    sender = subprocess.Popen([sys.executable, "-m", "kiosk", "sync"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    conn, _ = silent.accept()  # the sender has claimed its batch and is waiting for an answer
    sender.send_signal(signal.SIGKILL)
    sender.wait(timeout=30)
    conn.close()
    silent.close()
    assert kiosk_json(data_dir, "status")["pending"] == 3  # a fresh process still sees all 3

    central = start_central(central_dir, port=port)
    try:
        result = kiosk(data_dir, "sync", "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["accepted"] == 3
        held = sorted(a["id"] for a in central.storage.list_applications())
        assert held == sorted(r["id"] for r in records)
    finally:
        central.stop()


def test_same_batch_sent_twice_is_not_duplicated(
        data_dir: Path, central_dir: Path, catalog: Catalog) -> None:
    records = submit_three(data_dir, catalog)
    with start_central(central_dir) as central:
        token = central.storage.add_kiosk("hall-03")
        configure(data_dir, central.url, "hall-03", token)
        with Store.open(data_dir / "kiosk.sqlite3") as store:
            payloads = [to_payload(a) for a in store.list_applications("queued")]
        with CentralClient(central.url, "hall-03", token) as client:
            first = client.push(payloads)    # delivered, but suppose the answer was lost
            second = client.push(payloads)
        assert [r.status for r in first.results] == ["accepted"] * 3
        assert [r.status for r in second.results] == ["duplicate"] * 3
        report = kiosk_json(data_dir, "sync")  # the kiosk resends after the lost answer
        assert report["duplicate"] == 3 and report["accepted"] == 0 and report["pending"] == 0
        assert central.storage.count_applications() == 3
        listed = kiosk_json(data_dir, "central", "applications", "--data-dir", str(central_dir))
        assert sorted(a["id"] for a in listed) == sorted(r["id"] for r in records)


def test_two_senders_at_once_never_send_the_same_application(
        data_dir: Path, central_dir: Path, catalog: Catalog) -> None:
    answers = json.dumps(sample_answers(catalog.service("suggestion")), ensure_ascii=False)
    kiosk_json(data_dir, "submit", "--service", "suggestion", "--answers", "-",
               stdin="\n".join([answers] * 120))
    with start_central(central_dir) as central:
        token = central.storage.add_kiosk("hall-04")
        configure(data_dir, central.url, "hall-04", token)
        kiosk(data_dir, "config", "set", "sync.batch_size", "5", check=True)
        env = {**os.environ, "KIOSK_DATA_DIR": str(data_dir)}
        senders = [subprocess.Popen([sys.executable, "-m", "kiosk", "sync", "--json"], env=env,
                                    stdout=subprocess.PIPE, text=True) for _ in range(2)]
        reports = [json.loads(p.communicate(timeout=120)[0]) for p in senders]
        assert sum(r["accepted"] for r in reports) == 120
        assert sum(r["duplicate"] for r in reports) == 0
        assert central.storage.count_applications() == 120
