"""Valid sample answers for any service, made from its field types.

Used by `kiosk tour` (screenshots of a realistic application) and by tests. The ID number and
phone are well-formed test values, not real people's.
"""

from __future__ import annotations

import datetime as dt

from kiosk.domain.catalog import Field, FieldType, Service
from kiosk.domain.fields import Answer

SAMPLE_ID_NUMBER = "11010519491231002X"
SAMPLE_PHONE = "13800138000"


def sample_answer(field: Field, today: dt.date | None = None) -> Answer:
    today = today or dt.date.today()
    if field.type is FieldType.CHOICE:
        return field.choices[0].value
    if field.type is FieldType.YES_NO:
        return True
    if field.type is FieldType.NUMBER:
        return int(field.validation.get("min", 1))
    if field.type is FieldType.DATE:
        return "1949-12-31"  # the birth date inside SAMPLE_ID_NUMBER
    if field.type is FieldType.ID_NUMBER:
        return SAMPLE_ID_NUMBER
    if field.type is FieldType.PHONE:
        return SAMPLE_PHONE
    text = "王秀英" if "name" in field.id else "村口的路灯坏了，晚上看不见路，请帮忙修一下。"
    return text[: int(field.validation.get("max_length", 50))]


def sample_answers(service: Service) -> dict[str, Answer]:
    return {field.id: sample_answer(field) for field in service.fields}
