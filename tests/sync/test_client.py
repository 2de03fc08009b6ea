"""CentralClient: every failure leaves as one of four classified errors, in plain words."""

from __future__ import annotations

import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest

from kiosk.central.server import RunningCentral, start_in_thread
from kiosk.errors import SyncError
from kiosk.sync.client import (
    BatchTooLarge,
    CentralClient,
    CentralMisconfigured,
    CentralUnavailable,
    CredentialsRejected,
    ProtocolMismatch,
    parse_retry_after,
)
from kiosk.wire.protocol import BATCH_PATH, ApplicationPayload

SECRET = "王小明-身份证-110101199001011234"  # must never appear in an error message


def make_item() -> ApplicationPayload:
    return ApplicationPayload(
        id=str(uuid.uuid4()), tracking_number="482913570164", service_id="residence",
        catalog_version="2024.1", created_at="2024-05-01T08:00:00+08:00", language="zh_CN",
        answers={"name": SECRET, "age": 41}, consent={"given": True})


def mock_client(handler: Callable[[httpx.Request], httpx.Response]) -> CentralClient:
    return CentralClient("http://central.test", "hall-01", "token",
                         transport=httpx.MockTransport(handler))


def push_error(handler: Callable[[httpx.Request], httpx.Response]) -> SyncError:
    with mock_client(handler) as client, pytest.raises(SyncError) as caught:
        client.push([make_item()])
    assert SECRET not in str(caught.value)
    assert "central.test" in str(caught.value)
    return caught.value


@pytest.fixture
def central(tmp_path: Path) -> Iterator[RunningCentral]:
    with start_in_thread(tmp_path) as running:
        yield running


# -- against a real central -----------------------------------------------------------------

def test_push_sends_credentials_and_returns_results(central: RunningCentral) -> None:
    token = central.storage.add_kiosk("hall-01")
    items = [make_item(), make_item()]
    with CentralClient(central.url + "/", "hall-01", token) as client:
        assert client.probe()
        assert client.health().protocol == 1
        response = client.push(items)
    assert [r.id for r in response.results] == [i.id for i in items]
    assert [r.status for r in response.results] == ["accepted", "accepted"]


def test_wrong_token_is_credentials_rejected(central: RunningCentral) -> None:
    central.storage.add_kiosk("hall-01")
    with CentralClient(central.url, "hall-01", "stolen") as client, \
            pytest.raises(CredentialsRejected) as caught:
        client.push([make_item()])
    assert "HTTP 401" in str(caught.value)
    assert "stolen" not in str(caught.value)


def test_stopped_central_is_unavailable(tmp_path: Path) -> None:
    with start_in_thread(tmp_path) as central:
        url = central.url
    with CentralClient(url, "hall-01", "token") as client:
        assert client.probe() is False
        with pytest.raises(CentralUnavailable) as caught:
            client.push([make_item()])
    assert str(caught.value) == f"cannot reach the central at {url}: connection refused"
    assert caught.value.retry_after is None


def test_wrong_path_is_misconfigured(central: RunningCentral) -> None:
    with CentralClient(central.url + "/not-the-central", "hall-01", "t") as client, \
            pytest.raises(CentralMisconfigured, match="404"):
        client.push([make_item()])


@pytest.fixture
def truncating_server() -> Iterator[str]:
    """A server that promises 1000 bytes, sends a few and hangs up: a cut connection."""
    listener = socket.create_server(("127.0.0.1", 0))
    done = threading.Event()

    def serve_once() -> None:
        conn, _ = listener.accept()
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            head, _, body = data.partition(b"\r\n\r\n")
            length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length"))
            while len(body) < length:
                body += conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 1000\r\n\r\n{\"server_time\": \"20")
        done.set()

    thread = threading.Thread(target=serve_once, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    assert done.wait(10)
    listener.close()


def test_truncated_answer_is_unavailable(truncating_server: str) -> None:
    with CentralClient(truncating_server, "hall-01", "t") as client, \
            pytest.raises(CentralUnavailable, match="closed before the answer was complete"):
        client.push([make_item()])


# -- classification of answers (MockTransport) ----------------------------------------------

def test_503_with_retry_after_seconds() -> None:
    error = push_error(lambda _: httpx.Response(503, headers={"Retry-After": "7"}))
    assert isinstance(error, CentralUnavailable)
    assert error.retry_after == 7
    assert "HTTP 503" in str(error)


def test_429_with_retry_after_http_date() -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    error = push_error(lambda _: httpx.Response(429, headers={"Retry-After": later}))
    assert isinstance(error, CentralUnavailable)
    assert error.retry_after is not None
    assert 100 < error.retry_after <= 120


def test_parse_retry_after_edge_cases() -> None:
    now = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert parse_retry_after("0") == 0
    assert parse_retry_after(" 2.5 ") == 2.5
    assert parse_retry_after("Wed, 01 May 2024 08:00:30 GMT", now=now) == 30
    assert parse_retry_after("Wed, 01 May 2024 07:00:00 GMT", now=now) == 0  # in the past
    for unusable in (None, "", "-3", "soon", "nan", "inf"):
        assert parse_retry_after(unusable) is None


@pytest.mark.parametrize("status", [500, 502, 504, 408])
def test_server_errors_are_retryable(status: int) -> None:
    error = push_error(lambda _: httpx.Response(status, json={"detail": "boom"}))
    assert isinstance(error, CentralUnavailable)
    assert error.retry_after is None


@pytest.mark.parametrize("content", [b"{not json", b"", b"[]", b'{"server_time": "x"}',
                                     b"<html>proxy login</html>"])
def test_malformed_answer_is_unavailable(content: bytes) -> None:
    error = push_error(lambda _: httpx.Response(200, content=content))
    assert isinstance(error, CentralUnavailable)
    assert "malformed" in str(error)


def test_answer_for_the_wrong_items_is_unavailable() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"server_time": "2024-05-01T00:00:00+00:00", "results": [
            {"id": str(uuid.uuid4()), "status": "accepted"}]})

    error = push_error(handler)
    assert isinstance(error, CentralUnavailable)
    assert "do not match" in str(error)


@pytest.mark.parametrize(("status", "kind"), [
    (401, CredentialsRejected), (403, CredentialsRejected), (413, BatchTooLarge),
    (404, CentralMisconfigured), (301, CentralMisconfigured), (400, ProtocolMismatch),
    (422, ProtocolMismatch),
])
def test_status_classification(status: int, kind: type[SyncError]) -> None:
    headers = {"Location": "https://central.test/"} if status == 301 else {}
    error = push_error(lambda _: httpx.Response(status, headers=headers,
                                                json={"detail": "said the central"}))
    assert type(error) is kind


@pytest.mark.parametrize(("exc", "words"), [
    (httpx.ConnectError("[Errno 111] Connection refused"), "connection refused"),
    (httpx.ConnectTimeout("timed out"), "timed out while connecting"),
    (httpx.ReadTimeout("timed out"), "timed out waiting for the answer"),
    (httpx.ReadError("[Errno 104] Connection reset by peer"), "reset"),
    (httpx.RemoteProtocolError("Server disconnected"), "closed before the answer"),
])
def test_transport_failures_are_unavailable(exc: httpx.TransportError, words: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    error = push_error(handler)
    assert isinstance(error, CentralUnavailable)
    assert words in str(error)
    with mock_client(handler) as client:
        assert client.probe() is False


def test_dns_failure_is_named() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("lookup failed") from socket.gaierror(-2, "Name unknown")

    error = push_error(handler)
    assert isinstance(error, CentralUnavailable)
    assert "could not be resolved (DNS)" in str(error)


def test_push_request_shape() -> None:
    seen: list[httpx.Request] = []
    item = make_item()

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"server_time": "2024-05-01T00:00:00+00:00",
                                         "results": [{"id": item.id, "status": "duplicate"}]})

    with mock_client(handler) as client:
        assert client.push([item]).results[0].status == "duplicate"
    request = seen[0]
    assert request.url.path == BATCH_PATH
    assert request.headers["Authorization"] == "Bearer token"
    assert request.headers["X-Kiosk-Id"] == "hall-01"
    body = httpx.Response(200, content=request.content).json()
    assert body == {"protocol": 1, "kiosk_id": "hall-01", "items": [item.model_dump()]}


def test_health_of_another_protocol_is_a_mismatch() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"status": "ok", "protocol": 2, "server_time": "x"})

    with mock_client(handler) as client:
        assert client.probe() is False
        with pytest.raises(ProtocolMismatch, match="protocol 2"):
            client.health()


# -- unusable configuration -----------------------------------------------------------------

@pytest.mark.parametrize(("url", "words"), [
    ("central.example.org", "no scheme"),
    ("ftp://central.example.org", "scheme 'ftp'"),
    ("http://", "no host"),
    ("", "no scheme"),
    ("http://[::1", "not a valid URL"),
])
def test_bad_url_is_misconfigured(url: str, words: str) -> None:
    with CentralClient(url, "hall-01", "token") as client:
        assert client.probe() is False
        with pytest.raises(CentralMisconfigured, match=words.replace("[", r"\[")):
            client.push([make_item()])
        with pytest.raises(CentralMisconfigured):
            client.health()


def test_password_in_url_is_not_repeated() -> None:
    with CentralClient("ftp://admin:hunter2@central.test", "hall-01", "t") as client, \
            pytest.raises(CentralMisconfigured) as caught:
        client.push([make_item()])
    assert "hunter2" not in str(caught.value)


def test_missing_ca_bundle_is_misconfigured(tmp_path: Path) -> None:
    missing = tmp_path / "ca.pem"
    with CentralClient("https://central.test", "hall-01", "t", verify=str(missing)) as client, \
            pytest.raises(CentralMisconfigured, match=r"CA bundle .* does not exist"):
        client.push([make_item()])
    missing.write_text("not a certificate")
    with CentralClient("https://central.test", "hall-01", "t", verify=str(missing)) as client, \
            pytest.raises(CentralMisconfigured, match="not a usable certificate"):
        client.push([make_item()])
