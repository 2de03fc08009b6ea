"""Tracking numbers: 12 digits, read aloud in groups of four, the last one a check digit.

The check digit uses the Damm algorithm, which catches every single wrong digit and every swap of
two neighbouring digits: the two mistakes people make when reading a number off paper or typing it
on a keypad.
"""

from __future__ import annotations

LENGTH = 12
GROUP = 4

# The Damm quasigroup of order 10 (weakly totally anti-symmetric).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def check_digit(digits: str) -> str:
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][int(ch)]
    return str(interim)


def new_tracking_number() -> str:
    # secrets (→ hmac → OpenSSL) is imported here, not before the kiosk's first frame.
    import secrets

    # The first digit is never 0 so the number survives spreadsheets that strip leading zeros.
    body = str(secrets.randbelow(9) + 1) + "".join(
        str(secrets.randbelow(10)) for _ in range(LENGTH - 2))
    return body + check_digit(body)


def normalize(text: str) -> str:
    """Digits only: accepts '1234 5678 9012', '1234-5678-9012' and full-width digits."""
    # isdecimal, not isdigit: "²" is a digit to Python but int() refuses it.
    return "".join(str(int(ch)) for ch in text if ch.isdecimal())


def is_valid(text: str) -> bool:
    digits = normalize(text)
    return len(digits) == LENGTH and check_digit(digits) == "0"


def grouped(number: str, separator: str = " ") -> str:
    """'123456789012' → '1234 5678 9012', for screens, receipts and speech."""
    digits = normalize(number)
    return separator.join(digits[i:i + GROUP] for i in range(0, len(digits), GROUP))
