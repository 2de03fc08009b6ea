"""Reading answers for `kiosk submit`: one JSON object, a JSON array, or JSON lines."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kiosk.errors import KioskError


class AnswersFileError(KioskError):
    """The answers file cannot be read as JSON; the message says where."""


@dataclass(frozen=True)
class AnswerRecord:
    line: int  # where the record starts, for messages ("record on line 3: ...")
    answers: dict[str, Any]


def parse_answers(text: str, source: str) -> list[AnswerRecord]:
    stripped = text.strip()
    if not stripped:
        raise AnswersFileError(f"{source}: no answers found (expected a JSON object per line)")
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError:
        return _parse_lines(text, source)
    items = whole if isinstance(whole, list) else [whole]
    records = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise AnswersFileError(f"{source}: record {index} is not a JSON object of answers")
        records.append(AnswerRecord(index, item))
    return records


def _parse_lines(text: str, source: str) -> list[AnswerRecord]:
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AnswersFileError(
                f"{source}, line {number}: not valid JSON ({exc.msg} at column {exc.colno})"
            ) from None
        if not isinstance(item, dict):
            raise AnswersFileError(f"{source}, line {number}: expected a JSON object of answers")
        records.append(AnswerRecord(number, item))
    return records
