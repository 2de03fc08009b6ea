"""The SAM module's frame format (second-generation ID card readers), as publicly described.

A frame is `AA AA AA 96 69`, two big-endian length bytes counting everything after them (the
check byte included), the body, and one check byte: the XOR of the length bytes and the body.
A command's body is `CMD PARA [data]`; an answer's is `SW1 SW2 SW3 [data]`.

Reading is bounded: every read is given the time left before a deadline, so a silent or
half-finished line ends in a classified error, never a hang.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from kiosk.identity.card_errors import BadCheckByte, PartialFrame, ReaderSilent

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
MAX_LENGTH = 4096  # the largest answer (text, photo, fingerprint) is far below this

# Commands (CMD, PARA)
FIND_CARD = (0x20, 0x01)
SELECT_CARD = (0x20, 0x02)
READ_TEXT_PHOTO = (0x30, 0x01)

# SW3 values
FOUND = 0x9F
NO_CARD = 0x80
DONE = 0x90
SELECT_FAILED = 0x81
BAD_CHECK = 0x10
UNKNOWN_COMMAND = 0x21
READ_FAILED = 0x41


class Port(Protocol):
    """What we need of a pyserial `Serial` (so the framing can be read without one)."""

    timeout: float | None

    def read(self, size: int = 1) -> bytes: ...

    def write(self, data: bytes, /) -> int | None: ...


def check_byte(length_and_body: bytes) -> int:
    value = 0
    for byte in length_and_body:
        value ^= byte
    return value


def frame(body: bytes) -> bytes:
    length = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + length + body + bytes([check_byte(length + body)])


def command(cmd: int, para: int, data: bytes = b"") -> bytes:
    return frame(bytes([cmd, para]) + data)


@dataclass
class Answer:
    sw1: int
    sw2: int
    sw3: int
    data: bytearray  # a buffer we own, so the caller can wipe the photo in it

    def wipe(self) -> None:
        self.data[:] = bytes(len(self.data))
        del self.data[:]


class _Reader:
    def __init__(self, port: Port, deadline: float, clock: Callable[[], float]) -> None:
        self.port, self.deadline, self.clock = port, deadline, clock
        self.got = 0

    def exactly(self, size: int, out: bytearray) -> bool:
        """Append `size` bytes to `out`; False if the deadline passed first."""
        while size > 0:
            left = self.deadline - self.clock()
            if left <= 0:
                return False
            self.port.timeout = left
            chunk = self.port.read(size)
            out += chunk
            size -= len(chunk)
            self.got += len(chunk)
        return True


def read_answer(port: Port, timeout: float,
                clock: Callable[[], float] = time.monotonic) -> Answer:
    """One answer frame, bytes before the preamble skipped. Raises ReaderSilent (nothing came),
    PartialFrame (the line stopped mid-frame, or a length no reader sends) or BadCheckByte."""
    reader = _Reader(port, clock() + timeout, clock)
    window = bytearray()
    while bytes(window[-len(PREAMBLE):]) != PREAMBLE:
        if not reader.exactly(1, window):
            if reader.got:
                raise PartialFrame("the reader's answer stopped before a frame began: check "
                                   "the cable and the baud rate (reader.baud)")
            raise ReaderSilent("no answer from the reader: check the port (reader.port), the "
                               "cable and that the reader is switched on")
        del window[:-len(PREAMBLE)]
    length_bytes = bytearray()
    if not reader.exactly(2, length_bytes):
        raise PartialFrame("the reader's answer was cut off after its start")
    length = int.from_bytes(length_bytes, "big")
    if not 4 <= length <= MAX_LENGTH:
        raise PartialFrame("the reader's answer has a length no reader sends: the line is "
                           "garbled (check the cable and the baud rate)")
    rest = bytearray()
    if not reader.exactly(length, rest):
        rest[:] = bytes(len(rest))  # it may hold part of the card's text
        raise PartialFrame("the reader's answer was cut off in the middle: the card may "
                           "have been moved, or the cable is loose")
    expected = check_byte(bytes(length_bytes) + bytes(rest[:-1]))
    if rest[-1] != expected:
        rest[:] = bytes(len(rest))
        raise BadCheckByte("the reader's answer was damaged on the line (wrong check byte): "
                           "try again; if it keeps happening, change the cable")
    answer = Answer(rest[0], rest[1], rest[2], rest[3:-1])
    rest[:] = bytes(len(rest))
    return answer
