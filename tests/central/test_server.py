"""Running the central in a thread: ready on return, clean stop, same port again, same data."""

from __future__ import annotations

import socket
import time
import uuid
from pathlib import Path

import httpx
import pytest

from kiosk.central.server import DB_FILENAME, start_in_thread
from kiosk.sync.client import CentralClient, CentralUnavailable
from kiosk.wire.protocol import HEALTH_PATH, ApplicationPayload


def make_item() -> ApplicationPayload:
    return ApplicationPayload(
        id=str(uuid.uuid4()), tracking_number="482913570164", service_id="residence",
        catalog_version="2024.1", created_at="2024-05-01T08:00:00+08:00", language="zh_CN",
        answers={"name": "王小明"}, consent={"given": True})


def test_accepts_connections_as_soon_as_it_returns(tmp_path: Path, central_backend: str
                                                   ) -> None:
    central = start_in_thread(tmp_path)
    try:
        assert central.url == f"http://127.0.0.1:{central.port}"
        assert central.port > 0
        assert httpx.get(central.url + HEALTH_PATH).status_code == 200
        assert (tmp_path / DB_FILENAME).exists() == (central_backend == "sqlite")
    finally:
        central.stop()


def test_stop_closes_the_port(tmp_path: Path) -> None:
    with start_in_thread(tmp_path) as central:
        port = central.port
    with pytest.raises(ConnectionRefusedError), \
            socket.create_connection(("127.0.0.1", port), timeout=5):
        pass


def test_down_then_up_on_the_same_port_keeps_data(tmp_path: Path) -> None:
    item = make_item()
    with start_in_thread(tmp_path) as central:
        token = central.storage.add_kiosk("hall-01")
        port, url = central.port, central.url
        client = CentralClient(url, "hall-01", token)
        assert client.push([item]).results[0].status == "accepted"
    # The same client object sees the outage, then the return, without being rebuilt.
    with pytest.raises(CentralUnavailable, match="connection refused"):
        client.push([item])
    assert client.probe() is False
    with start_in_thread(tmp_path, port=port) as again:
        assert again.port == port
        assert client.probe() is True
        assert client.push([item]).results[0].status == "duplicate"
        assert again.storage.count_applications() == 1
    client.close()


def test_a_busy_port_fails_loudly(tmp_path: Path) -> None:
    with start_in_thread(tmp_path / "a") as central, pytest.raises(OSError):
        start_in_thread(tmp_path / "b", port=central.port)


def test_answers_are_not_held_back_by_nagle(tmp_path: Path) -> None:
    # Without TCP_NODELAY on accepted connections, an answer written in two parts waits for the
    # client's delayed ACK: ~40 ms each time after the first. The median of ten shows it.
    with start_in_thread(tmp_path) as central, httpx.Client(base_url=central.url) as client:
        took = []
        for _ in range(10):
            began = time.perf_counter()
            assert client.get(HEALTH_PATH).status_code == 200
            took.append(time.perf_counter() - began)
    assert sorted(took)[5] < 0.02
