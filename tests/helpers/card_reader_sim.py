"""A simulated ID card reader on a pseudo-terminal, speaking the SAM frame protocol.

A pty delivers bytes as fast as they are written; a real serial line does not. The simulator
writes its answers at the baud rate (10 bits a byte: 8N1), in small chunks on a schedule, from
its own thread, so the real pyserial code under test meets the timing a reader would give it.
Frames are built here independently of kiosk/identity/card_frames.py, so a mistake there
cannot hide by being made twice.

Behaviours: "good", "bad_check" (the read answer's check byte is wrong), "partial" (the read
answer stops half way), "lifted" (the card goes away: read answers SW3 41), "no_card", "vanish"
(the device disappears when asked to read: the pty master is closed).
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
from dataclasses import dataclass, field

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
BEHAVIOURS = ("good", "bad_check", "partial", "lifted", "slipped", "refuses", "no_card",
              "vanish")


def ucs2(text: str, size: int) -> bytes:
    raw = text.encode("utf-16-le")
    assert len(raw) <= size, text
    return raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)


@dataclass
class Card:
    name: str = "王秀英"
    sex: str = "2"
    ethnicity: str = "01"
    birth_date: str = "19491231"
    address: str = "河北省保定市清苑区东闾乡东闾村123号"
    id_number: str = "11010519491231002X"
    issuing_authority: str = "保定市公安局清苑分局"
    valid_from: str = "20160101"
    valid_until: str = "长期"
    type_letter: str = " "  # "I": foreigners' permanent residence card

    def text(self) -> bytes:
        reserved = bytearray(ucs2("", 36))
        reserved[28:30] = self.type_letter.encode("utf-16-le")  # byte 248 of the text
        text = (ucs2(self.name, 30) + ucs2(self.sex, 2) + ucs2(self.ethnicity, 4)
                + ucs2(self.birth_date, 16) + ucs2(self.address, 70) + ucs2(self.id_number, 36)
                + ucs2(self.issuing_authority, 30) + ucs2(self.valid_from, 16)
                + ucs2(self.valid_until, 16) + bytes(reserved))
        assert len(text) == 256
        return text


def answer(sw3: int, data: bytes = b"", break_check: bool = False) -> bytes:
    body = bytes([0x00, 0x00, sw3]) + data
    length = (len(body) + 1).to_bytes(2, "big")
    check = 0
    for byte in length + body:
        check ^= byte
    return PREAMBLE + length + body + bytes([check ^ (0xFF if break_check else 0)])


@dataclass
class SimulatedReader:
    card: Card | None = field(default_factory=Card)
    behaviour: str = "good"
    baud: int = 115200
    finds_before_card: int = 0       # "no card" answers before the card is put down
    junk_first: bytes = b""          # line noise before the first answer
    commands: list[bytes] = field(default_factory=list)
    placed_at: float | None = None   # monotonic time of the first "found" answer
    vanished: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        assert self.behaviour in BEHAVIOURS, self.behaviour
        self.master, self.slave = os.openpty()
        self.port = os.ttyname(self.slave)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> SimulatedReader:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5)
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):  # the master is already closed after "vanish"
                os.close(fd)

    # -- the line ---------------------------------------------------------------------------
    def _send(self, data: bytes) -> None:
        """Write at the baud rate: each chunk leaves when the line would have carried it."""
        per_second = self.baud / 10
        start, chunk = time.monotonic(), 16
        for sent in range(0, len(data), chunk):
            due = start + sent / per_second
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            os.write(self.master, data[sent:sent + chunk])
        tail = start + len(data) / per_second - time.monotonic()
        if tail > 0:
            time.sleep(tail)

    def _commands(self) -> list[bytes]:
        buffer = b""
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                buffer += os.read(self.master, 4096)
            except OSError:
                return []
            while (start := buffer.find(PREAMBLE)) >= 0 and len(buffer) >= start + 7:
                length = int.from_bytes(buffer[start + 5:start + 7], "big")
                end = start + 7 + length
                if len(buffer) < end:
                    break
                body = buffer[start + 7:end - 1]
                buffer = buffer[end:]
                return [body]
        return []

    def _serve(self) -> None:
        finds = 0
        first = True
        try:
            while not self._stop.is_set():
                got = self._commands()
                if not got:
                    return
                body = got[0]
                self.commands.append(body[:2])
                if first and self.junk_first:
                    os.write(self.master, self.junk_first)
                first = False
                if body[:2] == b"\x20\x01":
                    finds += 1
                    present = (self.card is not None and self.behaviour != "no_card"
                               and finds > self.finds_before_card)
                    if present and self.placed_at is None:
                        self.placed_at = time.monotonic()
                    self._send(answer(0x9F if present else 0x80, bytes(4)))
                elif body[:2] == b"\x20\x02":
                    slipped = self.behaviour == "slipped"
                    self._send(answer(0x81, b"") if slipped else answer(0x90, bytes(8)))
                elif body[:2] == b"\x30\x01":
                    self._read_answer()
                else:
                    self._send(answer(0x21))
        finally:
            self.done.set()

    def _read_answer(self) -> None:
        assert self.card is not None
        if self.behaviour == "vanish":
            os.close(self.master)
            self.vanished.set()
            self._stop.set()
            return
        if self.behaviour in ("lifted", "refuses"):
            self._send(answer(0x41 if self.behaviour == "lifted" else 0x10))
            return
        photo = bytes(range(256)) * 4  # stands in for the 1024 bytes of the wlt photo
        data = (256).to_bytes(2, "big") + (1024).to_bytes(2, "big") + self.card.text() + photo
        frame = answer(0x90, data, break_check=self.behaviour == "bad_check")
        if self.behaviour == "partial":
            frame = frame[:len(frame) // 2]  # and then silence: the line stopped
        self._send(frame)
