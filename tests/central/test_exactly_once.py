"""Exactly-once under concurrency: many clients, threads and worker processes, one database."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kiosk.central.loadsim import sample_payloads
from kiosk.central.loadsim_run import free_port, stop_central, wait_until_serving
from kiosk.central.server import RunningCentral, open_storage, start_in_thread
from kiosk.wire.protocol import BATCH_PATH
from tests.helpers.central_factories import auth, batch, make_item

CLIENTS = 12


def push_concurrently(urls: list[str], headers: dict[str, str], body: dict[str, object]
                      ) -> list[list[str]]:
    """POST the same body from CLIENTS clients at once (spread over `urls`); their statuses."""
    start = threading.Barrier(CLIENTS)
    outcomes: list[list[str]] = []
    failures: list[str] = []
    lock = threading.Lock()

    def push(url: str) -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            start.wait(timeout=30)
            answer = client.post(BATCH_PATH, json=body, headers=headers)
        with lock:
            if answer.status_code == 200:
                outcomes.append([r["status"] for r in answer.json()["results"]])
            else:
                failures.append(f"{answer.status_code} {answer.text}")

    threads = [threading.Thread(target=push, args=(urls[i % len(urls)],))
               for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures
    return outcomes


def assert_each_accepted_once(outcomes: list[list[str]], items: int) -> None:
    assert len(outcomes) == CLIENTS
    for index in range(items):
        column = sorted(statuses[index] for statuses in outcomes)
        assert column == ["accepted"] + ["duplicate"] * (CLIENTS - 1)


def test_same_batch_from_many_clients_is_stored_once(tmp_path: Path) -> None:
    items = [make_item() for _ in range(60)]
    with start_in_thread(tmp_path) as central:
        headers = auth("hall-01", central.storage.add_kiosk("hall-01"))
        outcomes = push_concurrently([central.url], headers, batch("hall-01", *items))
        assert central.storage.count_applications() == len(items)
    assert_each_accepted_once(outcomes, len(items))


def test_overlapping_batches_in_opposite_orders_do_not_deadlock(tmp_path: Path) -> None:
    items = [make_item() for _ in range(80)]
    with start_in_thread(tmp_path) as central:
        headers = auth("hall-01", central.storage.add_kiosk("hall-01"))
        forward = push_concurrently([central.url], headers, batch("hall-01", *items))
        assert central.storage.count_applications() == len(items)
        backward = push_concurrently([central.url], headers,
                                     batch("hall-01", *reversed(items)))
    assert_each_accepted_once(forward, len(items))
    assert all(set(statuses) == {"duplicate"} for statuses in backward)


@pytest.fixture
def two_centrals(tmp_path: Path) -> Iterator[list[RunningCentral]]:
    """Two instances over one database, as behind a load balancer."""
    with start_in_thread(tmp_path) as first, start_in_thread(tmp_path) as second:
        yield [first, second]


def test_two_instances_over_one_database_store_once(two_centrals: list[RunningCentral]
                                                    ) -> None:
    first, second = two_centrals
    headers = auth("hall-01", first.storage.add_kiosk("hall-01"))
    items = [make_item() for _ in range(40)]
    outcomes = push_concurrently([first.url, second.url], headers, batch("hall-01", *items))
    assert_each_accepted_once(outcomes, len(items))
    assert second.storage.count_applications() == len(items)


def test_several_worker_processes_store_once(tmp_path: Path) -> None:
    """`kiosk central serve --workers 3`: real processes behind one port, one database."""
    storage = open_storage(tmp_path)  # honours $KIOSK_CENTRAL_DSN like the workers do
    headers = auth("hall-01", storage.add_kiosk("hall-01"))
    storage.close()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "central", "serve", "--data-dir", str(tmp_path),
         "--port", str(port), "--workers", "3"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    items = sample_payloads(40, random.Random(7))  # noqa: S311  valid for the catalog validator of serve
    try:
        wait_until_serving(url, process, timeout=60)
        outcomes = push_concurrently([url], headers, {"protocol": 1, "kiosk_id": "hall-01",
                                                      "items": items})
    finally:
        stop_central(process)
    assert_each_accepted_once(outcomes, len(items))
    storage = open_storage(tmp_path)
    try:
        assert storage.count_applications() == len(items)
    finally:
        storage.close()
