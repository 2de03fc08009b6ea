"""What a resident takes away: the receipt value and the QR code of its tracking number.

The QR code holds only the 12 digits, nothing personal, so any barcode scanner (which types what it
reads, like a keyboard) can enter it on the status screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.domain import tracking


@dataclass(frozen=True)
class Receipt:
    """What a resident takes away after submitting: the tracking number and the service."""

    application_id: str
    tracking_number: str
    service_id: str
    created_at: dt.datetime

    @property
    def grouped(self) -> str:
        return tracking.grouped(self.tracking_number)


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR modules for `text` (True = dark), with the standard 4-module quiet zone."""
    import qrcode  # here, not at the top: qrcode pulls in PIL, which start-up does not need
    import qrcode.constants

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]
