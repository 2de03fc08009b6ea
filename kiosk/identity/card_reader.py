"""A serial ID card reader with the standard security (SAM) module: find, select, read.

`read_card` polls for a card until the wait is over, then selects it and reads its text and
photo. The photo is never decoded and never kept: its bytes are wiped in our buffer as soon
as the text has been copied out. Every step has its own answer time, so one call ends within
`wait` + three answer times whatever the line does. Nothing from the card is logged.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from kiosk.identity import card_frames as frames
from kiosk.identity.card_errors import (
    CardLifted,
    CardReadError,
    NoCard,
    NoReader,
    PartialFrame,
    ReaderGone,
    ReaderRefused,
)
from kiosk.identity.card_fields import TEXT_SIZE, CardFields, parse_text

log = logging.getLogger(__name__)

DEFAULT_BAUD = 115200
ANSWER_TIMEOUT = 3.0   # a real module takes under a second to read a card; room to spare
POLL_INTERVAL = 0.25   # between "find card" commands while nobody has put a card down


def open_port(port: str, baud: int = DEFAULT_BAUD) -> Any:
    """A pyserial port (8N1, no flow control). NoReader if it cannot be opened."""
    import serial  # pyserial: loaded only when a reader is actually used

    try:
        return serial.Serial(port, baud, timeout=ANSWER_TIMEOUT, write_timeout=ANSWER_TIMEOUT)
    except (serial.SerialException, OSError, ValueError) as exc:
        raise NoReader(f"cannot open the card reader at {port} ({_short(exc)}): check that it "
                       "is plugged in, the port name (reader.port) and permissions (the "
                       "dialout group)") from None


def _short(exc: BaseException) -> str:
    return type(exc).__name__ if not str(exc) else str(exc).splitlines()[0][:120]


class CardReader:
    """One open reader. Use as a context manager so the port is always closed."""

    def __init__(self, port: Any, answer_timeout: float = ANSWER_TIMEOUT,
                 clock: Callable[[], float] = time.monotonic,
                 pause: Callable[[float], None] = time.sleep) -> None:
        self.port, self.answer_timeout = port, answer_timeout
        self.clock, self.pause = clock, pause

    @classmethod
    def open(cls, port: str, baud: int = DEFAULT_BAUD) -> CardReader:
        return cls(open_port(port, baud))

    def __enter__(self) -> CardReader:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.port.close()
        except Exception:  # closing an unplugged device may fail; nothing is left to do
            log.debug("closing the card reader's port failed", exc_info=True)

    def exchange(self, cmd: tuple[int, int]) -> frames.Answer:
        """Send one command, return its answer; line failures become ReaderGone."""
        import serial

        try:
            self.port.reset_input_buffer()  # a previous half answer must not be read as this one
            self.port.write(frames.command(*cmd))
            return frames.read_answer(self.port, self.answer_timeout, self.clock)
        except (serial.SerialException, OSError) as exc:
            raise ReaderGone(f"the card reader stopped answering ({_short(exc)}): it was "
                             "unplugged or lost power; plug it in again") from None

    def find(self, wait: float) -> None:
        """Poll until a card is on the reader; NoCard when `wait` seconds pass without one."""
        deadline = self.clock() + wait
        while True:
            answer = self.exchange(frames.FIND_CARD)
            answer.wipe()
            if answer.sw3 == frames.FOUND:
                return
            if answer.sw3 != frames.NO_CARD:
                raise _refused(answer.sw3, "find card")
            left = deadline - self.clock()
            if left <= 0:
                raise NoCard(f"no card was put on the reader within {wait:g} s")
            self.pause(min(POLL_INTERVAL, left))

    def read_card(self, wait: float, today: dt.date | None = None) -> CardFields:
        """Wait up to `wait` s for a card and read it. With `today` (the hall's date), an
        expired card raises CardExpired. Raises a CardReadError subclass for every failure."""
        self.find(wait)
        selected = self.exchange(frames.SELECT_CARD)
        selected.wipe()
        if selected.sw3 == frames.SELECT_FAILED:
            raise CardLifted("the card was taken away before it could be read: put it back "
                             "and leave it until it has been read")
        if selected.sw3 != frames.DONE:
            raise _refused(selected.sw3, "select card")
        answer = self.exchange(frames.READ_TEXT_PHOTO)
        try:
            fields = _fields_of(answer)
        finally:
            answer.wipe()  # the photo and the text: nothing of the card stays in our buffers
        log.info("card read (type %s)", fields.card_type)  # never a field of the card
        if today is not None:
            fields.check_valid_on(today)
        return fields


def _fields_of(answer: frames.Answer) -> CardFields:
    if answer.sw3 == frames.READ_FAILED:
        raise CardLifted("the card could not be read: it was moved or lifted; put it back "
                         "and leave it until it has been read")
    if answer.sw3 != frames.DONE:
        raise _refused(answer.sw3, "read card")
    data = answer.data
    if len(data) < 4:
        raise PartialFrame("the reader's answer to 'read card' has no text in it")
    text_length = int.from_bytes(data[0:2], "big")
    if text_length < TEXT_SIZE or 4 + text_length > len(data):
        raise PartialFrame("the reader's answer to 'read card' is shorter than it says")
    return parse_text(bytes(data[4:4 + TEXT_SIZE]))


def _refused(sw3: int, step: str) -> CardReadError:
    why = {frames.BAD_CHECK: "it received a damaged command",
           frames.UNKNOWN_COMMAND: "it does not know the command",
           frames.READ_FAILED: "it could not read"}.get(sw3, f"status {sw3:02X}")
    return ReaderRefused(f"the reader refused '{step}' ({why}): try again; if it keeps "
                         "happening, this reader may not speak the standard protocol")
