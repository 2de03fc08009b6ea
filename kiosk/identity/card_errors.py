"""What can go wrong reading an ID card, each with a plain message and the technician's reason.

`kind` is the precise cause (for tests, logs and the resident's spoken sentence later);
`reason` is the coarse word `kiosk reader test --json` prints: no_reader, no_card, bad_frame,
expired, unsupported_card. Messages never contain anything from the card.
"""

from __future__ import annotations

import datetime as dt

from kiosk.errors import KioskError


class CardReadError(KioskError):
    kind = "read_error"
    reason = "bad_frame"


class NoReader(CardReadError):
    """The port cannot be opened (wrong name, not plugged in, no permission)."""

    kind = "no_reader"
    reason = "no_reader"


class ReaderGone(CardReadError):
    """The port failed while in use: the reader was unplugged or lost power."""

    kind = "reader_gone"
    reason = "no_reader"


class ReaderSilent(CardReadError):
    """Nothing came back at all within the answer time: no reader on this port, or wrong baud."""

    kind = "reader_silent"
    reason = "no_reader"


class NoCard(CardReadError):
    kind = "no_card"
    reason = "no_card"


class CardLifted(CardReadError):
    """A card was found, then could not be selected or read: taken away too soon."""

    kind = "card_lifted"
    reason = "no_card"


class PartialFrame(CardReadError):
    kind = "partial_frame"
    reason = "bad_frame"


class BadCheckByte(CardReadError):
    kind = "bad_check_byte"
    reason = "bad_frame"


class ReaderRefused(CardReadError):
    """The reader answered with a status word we did not ask for (10, 21, or unknown)."""

    kind = "reader_refused"
    reason = "bad_frame"


class BadCardText(CardReadError):
    """The frame was whole, but the text in it is not a resident card's layout."""

    kind = "bad_card_text"
    reason = "bad_frame"


class UnsupportedCard(CardReadError):
    kind = "unsupported_card"
    reason = "unsupported_card"

    def __init__(self, card_type: str) -> None:
        super().__init__(f"this is not a resident ID card ({card_type}); only resident ID "
                         "cards are supported: use handwriting or the keypad instead")
        self.card_type = card_type


class CardExpired(CardReadError):
    kind = "expired"
    reason = "expired"

    def __init__(self, valid_until: dt.date) -> None:
        super().__init__(f"the card expired on {valid_until.isoformat()}: the resident needs "
                         "a valid card, or can use handwriting or the keypad")
        self.valid_until = valid_until
