"""The one rule for the names the central registers (kiosks and operators alike)."""

from __future__ import annotations

from kiosk.errors import KioskError
from kiosk.wire.protocol import valid_kiosk_id


class InvalidKioskId(KioskError):
    """A kiosk id the central will not register."""

    def __init__(self, kiosk_id: str) -> None:
        super().__init__(
            f"invalid kiosk id {kiosk_id!r}: use 1-64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit")


def check_kiosk_id(kiosk_id: str) -> str:
    """`kiosk_id` itself if the central would register it, else InvalidKioskId."""
    if not valid_kiosk_id(kiosk_id):
        raise InvalidKioskId(kiosk_id)
    return kiosk_id
