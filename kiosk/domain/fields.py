"""Checking and normalising answers, one rule per field type.

The same rules serve the touch screen, `kiosk submit` and the central server, so an answer the
kiosk accepted is never refused later for a reason the resident could have been told about.
Errors carry an i18n key (see assets/i18n/*/core.toml) so each surface says them in its own words.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping

from kiosk.domain.catalog import DEFAULT_MAX_LENGTH, Field, FieldType, Service
from kiosk.errors import FieldError, KioskError

Answer = str | int | float | bool
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")
_YES = {"yes", "y", "true", "1", "是", "有"}
_NO = {"no", "n", "false", "0", "否", "没有", "无"}


class AnswersInvalid(KioskError):
    """One or more answers of an application are wrong; `errors` has one entry per field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


def id_number_check_digit(first17: str) -> str:
    """GB 11643-1999 check character for the first 17 digits of a resident ID number."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def masked_id(text: str) -> str:
    """'11010519491231002X' → '1101**********002X': enough to recognise, not to copy."""
    keep = 4
    if len(text) <= 2 * keep:
        return "*" * len(text)
    return text[:keep] + "*" * (len(text) - 2 * keep) + text[-keep:]


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def validate_field(field: Field, raw: object, today: dt.date | None = None) -> Answer:
    """Return the normalised answer, or raise FieldError saying what is wrong."""
    if is_blank(raw):
        raise FieldError(field.id, "error.required")
    check = _CHECKS[field.type]
    return check(field, raw, today or dt.date.today())


def validate_answers(service: Service, answers: Mapping[str, object],
                     today: dt.date | None = None) -> dict[str, Answer]:
    """Check a whole application; collect every problem instead of stopping at the first."""
    errors: list[FieldError] = []
    clean: dict[str, Answer] = {}
    for key in answers:
        if service.field(key) is None:
            errors.append(FieldError(key, "error.unknown_field", service=service.id))
    for field in service.fields:
        raw = answers.get(field.id)
        if is_blank(raw):
            if field.required:
                errors.append(FieldError(field.id, "error.required"))
            continue
        try:
            clean[field.id] = validate_field(field, raw, today)
        except FieldError as exc:
            errors.append(exc)
    if errors:
        raise AnswersInvalid(errors)
    return clean


def _choice(field: Field, raw: object, today: dt.date) -> Answer:
    if not isinstance(raw, str) or field.choice(raw) is None:
        raise FieldError(field.id, "error.choice.unknown",
                         choices=", ".join(c.value for c in field.choices))
    return raw


def _yes_no(field: Field, raw: object, today: dt.date) -> Answer:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in _YES:
        return True
    if isinstance(raw, str) and raw.strip().lower() in _NO:
        return False
    raise FieldError(field.id, "error.yes_no.format")


def _number(field: Field, raw: object, today: dt.date) -> Answer:
    if isinstance(raw, bool):
        raise FieldError(field.id, "error.number.format")
    value: int | float
    if isinstance(raw, int | float):
        value = raw
    else:
        try:
            value = float(str(raw).strip())
        except ValueError:
            raise FieldError(field.id, "error.number.format") from None
    if value != value or value in (float("inf"), float("-inf")):  # NaN or infinite
        raise FieldError(field.id, "error.number.format")
    rules = field.validation
    if rules.get("integer", True):
        if value != int(value):
            raise FieldError(field.id, "error.number.whole")
        value = int(value)
    if "min" in rules and value < rules["min"]:
        raise FieldError(field.id, "error.number.too_small", min=rules["min"])
    if "max" in rules and value > rules["max"]:
        raise FieldError(field.id, "error.number.too_large", max=rules["max"])
    return value


def _date_limit(rule: object, today: dt.date) -> dt.date | None:
    if rule is None:
        return None
    return today if rule == "today" else dt.date.fromisoformat(str(rule))


def _date(field: Field, raw: object, today: dt.date) -> Answer:
    if isinstance(raw, dt.date):
        value = raw
    else:
        try:
            value = dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            raise FieldError(field.id, "error.date.format") from None
    low = _date_limit(field.validation.get("min"), today)
    high = _date_limit(field.validation.get("max"), today)
    if low and value < low:
        raise FieldError(field.id, "error.date.too_early", min=low.isoformat())
    if high and value > high:
        raise FieldError(field.id, "error.date.too_late", max=high.isoformat())
    return value.isoformat()


def _id_number(field: Field, raw: object, today: dt.date) -> Answer:
    text = re.sub(r"\s", "", str(raw)).upper()
    if len(text) != 18:
        raise FieldError(field.id, "error.id_number.length", count=len(text))
    body, last = text[:17], text[17]
    if not (body.isdigit() and body.isascii() and (last.isdigit() or last == "X")):
        raise FieldError(field.id, "error.id_number.format")
    if text[0] not in "12345678":  # GB/T 2260 region code: six digits, first digit 1–8
        raise FieldError(field.id, "error.id_number.region")
    try:
        birth = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise FieldError(field.id, "error.id_number.birth_date") from None
    if birth > today or birth.year < 1880:
        raise FieldError(field.id, "error.id_number.birth_date")
    if id_number_check_digit(text[:17]) != text[17]:
        raise FieldError(field.id, "error.id_number.checksum")
    return text


def _phone(field: Field, raw: object, today: dt.date) -> Answer:
    digits = re.sub(r"[\s\-()]", "", str(raw))
    if digits.startswith("+86"):
        digits = digits[3:]
    if not digits.isascii() or not (_MOBILE.match(digits) or _LANDLINE.match(digits)):
        raise FieldError(field.id, "error.phone.format")
    return digits


def _short_text(field: Field, raw: object, today: dt.date) -> Answer:
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        raise FieldError(field.id, "error.text.format")
    # Drop control characters: they cannot be read aloud and only break receipts and logs.
    text = "".join(ch for ch in str(raw) if unicodedata.category(ch)[0] != "C" or ch == " ")
    text = " ".join(text.split())
    if not text:
        raise FieldError(field.id, "error.required")
    longest = field.validation.get("max_length", DEFAULT_MAX_LENGTH)
    shortest = field.validation.get("min_length", 1)
    if len(text) > longest:
        raise FieldError(field.id, "error.text.too_long", max=longest, count=len(text))
    if len(text) < shortest:
        raise FieldError(field.id, "error.text.too_short", min=shortest)
    return text


_CHECKS: dict[FieldType, Callable[[Field, object, dt.date], Answer]] = {
    FieldType.CHOICE: _choice,
    FieldType.YES_NO: _yes_no,
    FieldType.NUMBER: _number,
    FieldType.DATE: _date,
    FieldType.ID_NUMBER: _id_number,
    FieldType.PHONE: _phone,
    FieldType.SHORT_TEXT: _short_text,
}
