"""好差评: the national five-level rating of a government service (国办发〔2019〕51号,
GB/T 39734-2020), given voluntarily after a service, tied to its tracking number.

Levels are 5 (非常满意) down to 1 (非常不满意). For the two lowest levels a resident may add
reasons, chosen from fixed codes (no free text, so nothing personal can slip in). Labels live in the
message files (`rating.level.<n>`, `rating.reason.<code>`) in both languages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from kiosk.domain import tracking
from kiosk.errors import KioskError

LEVELS: tuple[int, ...] = (5, 4, 3, 2, 1)  # the order they are offered in: best first
LEVEL_NAMES = {5: "very_satisfied", 4: "satisfied", 3: "basically_satisfied",
               2: "dissatisfied", 1: "very_dissatisfied"}
REASONS: tuple[str, ...] = ("waited_too_long", "hard_to_understand", "machine_hard_to_use",
                            "staff_attitude", "other")
REASON_LEVELS = (1, 2)  # reasons may be given only for these levels
MAX_REASONS = len(REASONS)


class RatingInvalid(KioskError):
    """A rating that breaks the rules; `key` names the message to show (`rating.error.*`)."""

    def __init__(self, key: str, detail: str) -> None:
        self.key = key
        super().__init__(f"invalid rating: {detail}")


def level_key(level: int) -> str:
    return f"rating.level.{level}"


def reason_key(code: str) -> str:
    return f"rating.reason.{code}"


def check_rating(level: object, reasons: Iterable[object] = ()) -> tuple[int, tuple[str, ...]]:
    """The level and the reasons in canonical order (duplicates dropped); RatingInvalid if
    the level is not 1–5, a reason is unknown, or reasons come with a level above 2."""
    if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
        raise RatingInvalid("rating.error.level", "the level must be a whole number 1 to 5")
    given = list(reasons)
    unknown = [r for r in given if r not in REASONS]
    if unknown:
        raise RatingInvalid("rating.error.reason",
                            f"unknown reason(s) {unknown!r}; known: {', '.join(REASONS)}")
    if given and level not in REASON_LEVELS:
        raise RatingInvalid("rating.error.reason_level",
                            "reasons can be given only for levels 1 and 2")
    return level, tuple(code for code in REASONS if code in given)


def check_tracking_number(number: str) -> str:
    digits = tracking.normalize(number)
    if not tracking.is_valid(digits):
        raise RatingInvalid("rating.error.tracking_number",
                            "the tracking number is not 12 digits with a valid check digit")
    return digits


def summarize(rows: Iterable[Sequence[Any]]) -> dict[str, dict[str, Any]]:
    """Per-service summary from (service_id, level, reasons) rows: count, count per level
    (keys "5".."1"), average level (2 decimals, None if no ratings) and count per reason."""
    summary: dict[str, dict[str, Any]] = {}
    for service_id, level, reasons in rows:
        entry = summary.setdefault(service_id, {
            "count": 0, "levels": {str(lv): 0 for lv in LEVELS}, "average": None,
            "reasons": dict.fromkeys(REASONS, 0), "_total": 0})
        entry["count"] += 1
        entry["levels"][str(level)] += 1
        entry["_total"] += level
        for code in reasons:
            if code in entry["reasons"]:
                entry["reasons"][code] += 1
    for entry in summary.values():
        entry["average"] = round(entry.pop("_total") / entry["count"], 2)
    return dict(sorted(summary.items()))
