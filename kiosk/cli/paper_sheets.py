"""Ratings and votes collected on paper, entered with `kiosk rate --file` / `kiosk vote --file`.

One JSON object per line. A rating: {"tracking_number", "level" 1–5, "reasons": [...]} (the
service is the one of the application on this kiosk); a vote: {"consultation", "option",
"suggestion"?, "cast_on": "YYYY-MM-DD"}. Either may carry an "id" (any text naming the sheet and
line): entering a line with the same id again records nothing new. Each line is judged on its
own: the good ones are queued exactly as the screens queue theirs, the bad ones are reported by
line number in plain words, and none of the answers is repeated in a message.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.domain.catalog import Catalog
from kiosk.domain.consultations import VoteInvalid
from kiosk.domain.ratings import RatingInvalid
from kiosk.errors import KioskError
from kiosk.store.store import Store

MAX_ENTRY_ID = 64
RATING_KEYS = frozenset({"id", "tracking_number", "level", "reasons"})
VOTE_KEYS = frozenset({"id", "consultation", "option", "suggestion", "cast_on"})


class LineProblem(KioskError):
    """What is wrong with one line, in words for the person typing the sheets in."""


@dataclass
class EntryReport:
    """What entering a file did: the ids recorded, how many were there already, the problems."""

    recorded: list[str] = field(default_factory=list)
    already: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line number, words)

    def as_dict(self) -> dict[str, Any]:
        return {"recorded": len(self.recorded), "ids": self.recorded,
                "already_recorded": self.already,
                "errors": [{"line": n, "error": words} for n, words in self.problems]}


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def _object(line: str, allowed: frozenset[str]) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LineProblem(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(item, dict):
        raise LineProblem("expected one JSON object on the line")
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise LineProblem(f"unknown field(s) {', '.join(unknown)}; "
                          f"allowed: {', '.join(sorted(allowed))}")
    return item


def _text(item: Mapping[str, Any], key: str, *, required: bool = True) -> str | None:
    value = item.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise LineProblem(f'"{key}" is missing; give it as text')
    return value.strip()


def _entry_id(item: Mapping[str, Any]) -> str | None:
    value = _text(item, "id", required=False)
    if value is not None and len(value) > MAX_ENTRY_ID:
        raise LineProblem(f'"id" is longer than {MAX_ENTRY_ID} characters')
    return value


def _enter(text: str, report: EntryReport, enter_line: Callable[[str], str | None]) -> None:
    for number, line in _lines(text):
        try:
            recorded = enter_line(line)
        except (LineProblem, RatingInvalid, VoteInvalid) as exc:
            words = str(exc).removeprefix("invalid rating: ").removeprefix("invalid vote: ")
            report.problems.append((number, words))
            continue
        if recorded is None:
            report.already += 1
        else:
            report.recorded.append(recorded)
    if not _lines(text):
        report.problems.append((0, "the file is empty (expected one JSON object per line)"))


def enter_ratings(store: Store, text: str) -> EntryReport:
    """Queue the 好差评 ratings of a file of JSON lines (see the module's docstring)."""
    report = EntryReport()

    def one(line: str) -> str | None:
        item = _object(line, RATING_KEYS)
        number = _text(item, "tracking_number")
        assert number is not None  # noqa: S101 - required above; for mypy
        reasons = item.get("reasons", [])
        if not isinstance(reasons, list):
            raise LineProblem('"reasons" must be a list, e.g. ["waited_too_long"]')
        if "level" not in item:
            raise LineProblem('"level" is missing; give a whole number 1 (worst) to 5 (best)')
        application = store.find(number)
        if application is None:
            raise LineProblem(f"no application with tracking number {number} on this kiosk")
        saved = store.save_paper_rating(application.tracking_number, application.service_id,
                                        item["level"], reasons, _entry_id(item))
        return saved.id if saved else None

    _enter(text, report, one)
    return report


def enter_votes(store: Store, catalog: Catalog, text: str) -> EntryReport:
    """Queue the 村民议事 votes of a file of JSON lines (see the module's docstring)."""
    report = EntryReport()
    consultations = {c.id: c for c in catalog.consultations}

    def one(line: str) -> str | None:
        item = _object(line, VOTE_KEYS)
        cid, option = _text(item, "consultation"), _text(item, "option")
        consultation = consultations.get(cid or "")
        if consultation is None:
            known = ", ".join(sorted(consultations)) or "none"
            raise LineProblem(f"no consultation {cid} in this kiosk's catalog (known: {known})")
        suggestion = item.get("suggestion")
        if suggestion is not None and not isinstance(suggestion, str):
            raise LineProblem('"suggestion" must be text')
        cast_on = _text(item, "cast_on")
        try:
            day = dt.date.fromisoformat(cast_on or "")
        except ValueError:
            raise LineProblem('"cast_on" must be the day the vote was cast, as YYYY-MM-DD'
                              ) from None
        saved = store.save_paper_vote(consultation, option or "", suggestion, catalog.version,
                                      day, _entry_id(item))
        return saved.id if saved else None

    _enter(text, report, one)
    return report
