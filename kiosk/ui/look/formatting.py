"""How answers look on screen: grouped digits, dates in words, choice labels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from kiosk.domain.catalog import Field, FieldType
from kiosk.domain.fields import Answer
from kiosk.i18n import Translator

ID_GROUPS = (6, 8, 4)        # area code, birth date, sequence + check: how people read it out
MOBILE_GROUPS = (3, 4, 4)


def in_groups(text: str, sizes: Sequence[int]) -> str:
    """'13800138000', (3, 4, 4) → '138 0013 8000'; anything past the groups stays in the last."""
    parts, start = [], 0
    for size in sizes:
        if start >= len(text):
            break
        parts.append(text[start:start + size])
        start += size
    if start < len(text):
        parts[-1] += text[start:]
    return " ".join(parts)


def phone_groups(digits: str) -> tuple[int, ...]:
    if digits.startswith("0"):
        area = 3 if digits[1:2] in ("1", "2") else 4  # 010, 02x are 3 digits; others 4
        return (area, 4, 4)
    return MOBILE_GROUPS


def grouped_for(field_type: FieldType, text: str) -> str:
    if field_type is FieldType.ID_NUMBER:
        return in_groups(text, ID_GROUPS)
    if field_type is FieldType.PHONE:
        return in_groups(text, phone_groups(text))
    return text


def date_text(value: dt.date, tr: Translator) -> str:
    months = tr.t("ui.date.month_names").split(",")
    month_name = months[value.month - 1].strip() if len(months) == 12 else str(value.month)
    return tr.t("ui.date.format", year=value.year, month=value.month, day=value.day,
                month_name=month_name)


def unit_text(field: Field, tr: Translator) -> str:
    unit = field.validation.get("unit")
    return tr.text(unit) if isinstance(unit, Mapping) else ""


def answer_text(field: Field, answer: Answer | None, tr: Translator) -> str:
    """The answer as the resident should read it back on the review screen."""
    if answer is None:
        return tr.t("ui.review.not_answered")
    if field.type is FieldType.CHOICE:
        choice = field.choice(str(answer))
        return tr.text(choice.label) if choice else str(answer)
    if field.type is FieldType.YES_NO:
        return tr.t("ui.yes_no.yes") if answer is True else tr.t("ui.yes_no.no")
    if field.type is FieldType.DATE:
        try:
            return date_text(dt.date.fromisoformat(str(answer)), tr)
        except ValueError:
            return str(answer)
    if field.type is FieldType.NUMBER:
        unit = unit_text(field, tr)
        return f"{answer} {unit}".strip()
    return grouped_for(field.type, str(answer))
