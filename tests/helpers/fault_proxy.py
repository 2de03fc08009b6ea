"""A fault-injecting HTTP proxy for sync tests: kiosk client → FaultProxy → the real central.

Loopback only. Every connection carries one request and every answer says `Connection: close`,
so a fault switched on with `set_fault` applies from the very next request, and every request
the kiosk makes is seen (and counted) here. Faults that invent an answer (500, 503, 413, 401,
malformed JSON, black hole) never contact the central; faults that damage an answer (slow drip,
reset mid-response, truncated body) forward the request first, so the central has stored the
batch while the kiosk never gets a usable acknowledgement: the "lost answer" case.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

LOOPBACK = "127.0.0.1"


class Mode(StrEnum):
    PASS = "pass-through"
    REFUSED = "connection refused"
    BLACKHOLE = "black hole"
    SLOW_DRIP = "slow drip"
    RESET_MID = "reset mid-response"
    HTTP_500 = "HTTP 500"
    HTTP_503 = "HTTP 503 + Retry-After"
    HTTP_413 = "HTTP 413"                  # as the central words it (a JSON ErrorBody)
    PROXY_413 = "HTTP 413 from a proxy"    # a reverse proxy's HTML page (nginx), every request
    HTTP_401 = "HTTP 401"
    TRUNCATED = "truncated body"
    MALFORMED = "malformed JSON"


@dataclass(frozen=True)
class Fault:
    mode: Mode = Mode.PASS
    retry_after: int = 2              # HTTP_503: the Retry-After header, in seconds
    max_items: int = 0                # HTTP_413: only for batches with more items than this
    drip_bytes: int = 16              # SLOW_DRIP: bytes per write ...
    drip_delay: float = 0.01          # ... and the pause between writes
    paths: frozenset[str] | None = None  # only requests to these paths are faulted; None: all


@dataclass(frozen=True)
class Seen:
    at: float          # the proxy's clock when the request arrived
    method: str
    path: str          # without the query string
    items: int | None  # number of items in a batch body, if it was one
    mode: Mode         # what the proxy did with it


_REASONS = {401: "Unauthorized", 413: "Content Too Large", 500: "Internal Server Error",
            503: "Service Unavailable", 200: "OK"}


def _answer(status: int, body: bytes, extra: dict[str, str] | None = None,
            content_type: str = "application/json") -> bytes:
    head = [f"HTTP/1.1 {status} {_REASONS[status]}", f"Content-Type: {content_type}",
            f"Content-Length: {len(body)}", "Connection: close"]
    head += [f"{k}: {v}" for k, v in (extra or {}).items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


# What nginx answers past its client_max_body_size: an HTML page, not the central's JSON.
PROXY_413_PAGE = (b"<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n"
                  b"<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n"
                  b"<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


def _error(status: int, detail: str, extra: dict[str, str] | None = None) -> bytes:
    body = {"detail": detail, "server_time": datetime.now(UTC).isoformat()}
    return _answer(status, json.dumps(body).encode(), extra)


def _read_request(conn: socket.socket) -> tuple[bytes, bytes, bytes] | None:
    """(request line, header block, body) of one HTTP/1.1 request, or None if the peer left."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    line, _, headers = head.partition(b"\r\n")
    length = 0
    for header in headers.split(b"\r\n"):
        name, _, value = header.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    return line, headers, body


def _batch_items(body: bytes) -> int | None:
    try:
        items = json.loads(body).get("items")
    except (ValueError, AttributeError):
        return None
    return len(items) if isinstance(items, list) else None


class FaultProxy:
    def __init__(self, upstream_port: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._upstream = (LOOPBACK, upstream_port)
        self._clock = clock
        self._fault = Fault()
        self._cond = threading.Condition()
        self._stopping = threading.Event()
        self._listener: socket.socket | None = None
        self._acceptor: threading.Thread | None = None
        self._handlers: list[threading.Thread] = []
        self.seen: list[Seen] = []
        self.connections = 0
        self.port = 0
        self._listen()
        self.url = f"http://{LOOPBACK}:{self.port}"

    # -- control -------------------------------------------------------------------------------
    def set_fault(self, fault: Fault | Mode) -> None:
        fault = fault if isinstance(fault, Fault) else Fault(fault)
        with self._cond:
            self._fault = fault
        if fault.mode is Mode.REFUSED:
            self._unlisten()  # nothing listens on the port: the kernel refuses connections
        elif self._listener is None:
            self._listen()

    def heal(self) -> None:
        self.set_fault(Fault())

    def stop(self) -> None:
        self._stopping.set()
        self._unlisten()
        for handler in list(self._handlers):
            handler.join(5)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what happened ---------------------------------------------------------------------------
    def requests(self, path: str | None = None) -> list[Seen]:
        with self._cond:
            return [s for s in self.seen if path is None or s.path == path]

    def by_path(self) -> Counter[str]:
        return Counter(s.path for s in self.requests())

    def wait_for(self, predicate: Callable[[list[Seen]], bool], timeout: float = 10.0) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: predicate(self.seen), timeout):
                raise AssertionError(f"proxy never saw the expected requests: {self.seen}")

    # -- listening -------------------------------------------------------------------------------
    def _listen(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((LOOPBACK, self.port))
        sock.listen(64)
        sock.settimeout(0.05)
        self.port = sock.getsockname()[1]
        self._listener = sock
        self._acceptor = threading.Thread(target=self._accept, args=(sock,), daemon=True,
                                          name=f"fault-proxy-{self.port}")
        self._acceptor.start()

    def _unlisten(self) -> None:
        sock, self._listener = self._listener, None
        if sock is not None and self._acceptor is not None:
            self._acceptor.join()  # it sees _listener change and closes the socket itself

    def _accept(self, sock: socket.socket) -> None:
        with sock:
            while self._listener is sock and not self._stopping.is_set():
                try:
                    conn, _ = sock.accept()
                except TimeoutError:
                    continue
                with self._cond:
                    self.connections += 1
                handler = threading.Thread(target=self._serve, args=(conn,), daemon=True)
                self._handlers = [h for h in self._handlers if h.is_alive()] + [handler]
                handler.start()

    # -- one connection, one request -------------------------------------------------------------
    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(10.0)
        try:
            request = _read_request(conn)
            if request is None:
                return
            self._handle(conn, *request)
        except OSError:
            pass  # the kiosk gave up (timeout) or we reset it on purpose
        finally:
            conn.close()

    def _handle(self, conn: socket.socket, line: bytes, headers: bytes, body: bytes) -> None:
        method, target = line.decode("latin-1").split(" ")[:2]
        path = target.partition("?")[0]
        items = _batch_items(body) if method == "POST" else None
        with self._cond:
            fault = self._fault
            mode = fault.mode
            if fault.paths is not None and path not in fault.paths:
                mode = Mode.PASS
            if mode is Mode.HTTP_413 and (items or 0) <= fault.max_items:
                mode = Mode.PASS
            self.seen.append(Seen(self._clock(), method, path, items, mode))
            self._cond.notify_all()
        if mode is Mode.HTTP_500:
            conn.sendall(_error(500, "internal server error (injected)"))
        elif mode is Mode.HTTP_503:
            conn.sendall(_error(503, "busy (injected)", {"Retry-After": str(fault.retry_after)}))
        elif mode is Mode.HTTP_413:
            conn.sendall(_error(413, "batch too large (injected)"))
        elif mode is Mode.PROXY_413:
            conn.sendall(_answer(413, PROXY_413_PAGE, content_type="text/html"))
        elif mode is Mode.HTTP_401:
            conn.sendall(_error(401, "unknown kiosk or wrong token (injected)"))
        elif mode is Mode.MALFORMED:
            conn.sendall(_answer(200, b'{"server_time": "2024-05-01T08:00:00+00:00", "resul'))
        elif mode is Mode.BLACKHOLE:
            conn.settimeout(0.05)
            while not self._stopping.is_set():  # read on, answer never, until the kiosk leaves
                try:
                    if not conn.recv(4096):
                        return
                except TimeoutError:
                    continue
        else:
            self._forward(conn, mode, fault, line, headers, body)

    def _forward(self, conn: socket.socket, mode: Mode, fault: Fault, line: bytes,
                 headers: bytes, body: bytes) -> None:
        kept = [h for h in headers.split(b"\r\n") if not h.lower().startswith(b"connection:")]
        request = b"\r\n".join([line, *kept, b"Connection: close", b"", body])
        with socket.create_connection(self._upstream, timeout=10.0) as upstream:
            upstream.sendall(request)
            answer = b""
            while chunk := upstream.recv(65536):
                answer += chunk
        head, _, content = answer.partition(b"\r\n\r\n")
        if mode is Mode.PASS:
            conn.sendall(answer)
        elif mode is Mode.SLOW_DRIP:
            for start in range(0, len(answer), fault.drip_bytes):
                conn.sendall(answer[start:start + fault.drip_bytes])
                if self._stopping.wait(fault.drip_delay):
                    return
        elif mode is Mode.TRUNCATED:  # honest headers, half the body, then a clean close
            conn.sendall(head + b"\r\n\r\n" + content[:len(content) // 2])
            conn.shutdown(socket.SHUT_WR)
        elif mode is Mode.RESET_MID:  # half the answer, then RST (SO_LINGER with 0 s)
            conn.sendall(answer[:len(answer) // 2])
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
