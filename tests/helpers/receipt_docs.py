"""A sample receipt and its Chinese layout, for the printing tests."""

from __future__ import annotations

import datetime as dt

from kiosk.domain.receipts import Receipt
from kiosk.printing.layout import (
    ReceiptDoc,
    layout_receipt,
)

NUMBER = "123456789015"


GROUPED = "1234 5678 9015"


DAY = dt.date(2025, 3, 1)


def a_receipt(number: str = NUMBER) -> Receipt:
    return Receipt("app-1", number, "elderly_allowance", dt.datetime(2025, 3, 1, 6, tzinfo=dt.UTC))


def zh_doc(columns: int = 32, hall: str = "青山镇便民服务中心") -> ReceiptDoc:
    return layout_receipt(a_receipt(), service_title="高龄津贴", hall_name=hall,
                          language="zh_CN", date=DAY, columns=columns)
