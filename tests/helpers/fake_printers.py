"""Thermal printers faked on loopback TCP, a pseudo-terminal and a stand-in pyusb device,
each answering the DLE EOT status queries the way a real one does (tests/core/test_printing.py)."""

from __future__ import annotations

import array
import contextlib
import os
import queue
import select
import socket
import threading
from collections.abc import Mapping

# Status bytes (DLE EOT n answers): bits 1 and 4 are always set.
OK = b"\x12"
ONLINE = {1: OK, 2: OK, 4: OK}
PAPER_NEAR_END = {1: OK, 2: OK, 4: b"\x1e"}
PAPER_OUT = {1: OK, 2: OK, 4: b"\x72"}
OFFLINE_COVER_OPEN = {1: b"\x1a", 2: b"\x16", 4: OK}
OFFLINE_PAPER_END = {1: b"\x1a", 2: b"\x32", 4: OK}
OFFLINE_OTHER = {1: b"\x1a", 2: OK, 4: OK}
GARBAGE = {1: b"\x00", 2: b"\x00", 4: b"\x00"}




def gb(text: str) -> bytes:
    return text.encode("gb18030")


def receipt_part(job: bytes) -> bytes:
    """The job without the status queries that precede it."""
    start = job.find(b"\x1b@")
    assert start >= 0, "no print job (ESC @) was sent"
    return job[start:]


class StatusAnswers:
    """Scans a byte stream for DLE EOT n and yields the configured answer for each."""

    def __init__(self, answers: Mapping[int, bytes]) -> None:
        self.answers = dict(answers)
        self.data = bytearray()
        self._scanned = 0

    def feed(self, chunk: bytes) -> list[bytes]:
        self.data += chunk
        replies: list[bytes] = []
        while True:
            at = self.data.find(b"\x10\x04", self._scanned)
            if at == -1:
                self._scanned = max(self._scanned, len(self.data) - 1)
                return replies
            if at + 2 >= len(self.data):
                self._scanned = at
                return replies
            reply = self.answers.get(self.data[at + 2])
            if reply:
                replies.append(reply)
            self._scanned = at + 3


class FakeNetworkPrinter:
    """A thermal printer on 127.0.0.1: one captured job per connection."""

    def __init__(self, answers: Mapping[int, bytes] = ONLINE) -> None:
        self.answers = answers
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.jobs: queue.Queue[bytes] = queue.Queue()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def config(self) -> str:
        return f"network:127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            stream = StatusAnswers(self.answers)
            with conn:
                conn.settimeout(10)
                while True:
                    try:
                        chunk = conn.recv(65536)
                    except OSError:
                        break
                    if not chunk:
                        break
                    for reply in stream.feed(chunk):
                        conn.sendall(reply)
            self.jobs.put(bytes(stream.data))

    def job(self) -> bytes:
        return self.jobs.get(timeout=10)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()
        self.thread.join(timeout=10)


class FakeSerialPrinter:
    """A thermal printer on the far side of a pseudo-terminal (what pyserial opens is real)."""

    def __init__(self, answers: Mapping[int, bytes] = ONLINE) -> None:
        self.master, self._slave = os.openpty()
        self.device = os.ttyname(self._slave)
        self.stream = StatusAnswers(answers)
        self._stop_r, self._stop_w = os.pipe()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            ready, _, _ = select.select([self.master, self._stop_r], [], [], 10)
            if self.master in ready:
                for reply in self.stream.feed(os.read(self.master, 65536)):
                    os.write(self.master, reply)
            elif self._stop_r in ready or not ready:
                os.set_blocking(self.master, False)
                try:
                    while chunk := os.read(self.master, 65536):
                        self.stream.feed(chunk)
                except (BlockingIOError, OSError):
                    pass
                return

    def captured(self) -> bytes:
        os.write(self._stop_w, b"x")
        self.thread.join(timeout=10)
        return bytes(self.stream.data)

    def close(self) -> None:
        for fd in (self.master, self._slave, self._stop_r, self._stop_w):
            os.close(fd)


class _FakeBackend:
    pass


class FakeUsbDevice:
    """Stands in for a pyusb Device: records writes, answers reads from the status table."""

    backend = _FakeBackend()  # not libusb1: python-escpos skips the kernel-driver dance

    def __init__(self, answers: Mapping[int, bytes] = ONLINE) -> None:
        self.stream = StatusAnswers(answers)
        self.pending: list[bytes] = []
        self.writes: list[tuple[int, int]] = []  # (endpoint, timeout)
        self.reads: list[tuple[int, int]] = []

    def set_configuration(self) -> None:
        pass

    def reset(self) -> None:
        pass

    def write(self, endpoint: int, data: bytes, timeout: int) -> int:
        self.writes.append((endpoint, timeout))
        self.pending += self.stream.feed(bytes(data))
        return len(data)

    def read(self, endpoint: int, size: int, timeout: int) -> array.array[int]:
        import usb.core

        self.reads.append((endpoint, timeout))
        if not self.pending:
            raise usb.core.USBTimeoutError("Operation timed out", -7, 110)
        return array.array("B", self.pending.pop(0))
