"""村民议事: consultations the township publishes through the catalog, and residents' votes.

A consultation is a file `consultations/<id>.toml` of the catalog (docs/catalog-format.md): a
question, 2–6 options, a closing date and optional background text. Votes are accepted through
the whole closing day in China Standard Time (UTC+08:00, the only time zone of the country), so
the kiosk and the central agree on when a consultation is closed whatever their clocks' zones.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.errors import CatalogError, KioskError
from kiosk.i18n import LANGUAGES

LocalizedText = Mapping[str, str]
CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "CST")
MIN_OPTIONS, MAX_OPTIONS = 2, 6
MAX_SUGGESTION = 200
_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_VALUE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


@dataclass(frozen=True)
class ConsultationOption:
    """One answer a resident can choose in a consultation."""

    value: str
    label: LocalizedText


@dataclass(frozen=True)
class Consultation:
    """A 村民议事 question: its options, when it is open, and its results once closed."""

    id: str
    question: LocalizedText
    options: tuple[ConsultationOption, ...]
    closes: dt.date  # last day votes are taken
    background: LocalizedText | None = None

    @property
    def closes_at(self) -> dt.datetime:
        """The instant voting ends: midnight after the closing day, China time."""
        return dt.datetime.combine(self.closes + dt.timedelta(days=1), dt.time(),
                                   tzinfo=CHINA_TIME)

    def is_open(self, when: dt.date | dt.datetime) -> bool:
        """Open on a local date up to and including `closes`, or at an aware instant before
        `closes_at`."""
        if isinstance(when, dt.datetime):
            if when.tzinfo is None:
                when = when.replace(tzinfo=CHINA_TIME)
            return when < self.closes_at
        return when <= self.closes

    def option(self, value: str) -> ConsultationOption | None:
        return next((o for o in self.options if o.value == value), None)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "question": dict(self.question), "closes": self.closes.isoformat(),
                "options": [{"value": o.value, "label": dict(o.label)} for o in self.options],
                "background": dict(self.background) if self.background else None}


class VoteInvalid(KioskError):
    """A vote that breaks the rules; `key` names the message to show (`vote.error.*`)."""

    def __init__(self, key: str, detail: str) -> None:
        self.key = key
        super().__init__(f"invalid vote: {detail}")


def check_vote(consultation: Consultation, option: str, suggestion: str | None,
               when: dt.datetime) -> tuple[str, str | None]:
    """The option and the trimmed suggestion (None if empty), or VoteInvalid."""
    if not consultation.is_open(when):
        raise VoteInvalid("vote.error.closed",
                          f"consultation '{consultation.id}' closed on {consultation.closes}")
    if consultation.option(option) is None:
        raise VoteInvalid("vote.error.option",
                          f"consultation '{consultation.id}' has no option {option!r}")
    text = (suggestion or "").strip() or None
    if text is not None and len(text) > MAX_SUGGESTION:
        raise VoteInvalid("vote.error.too_long",
                          f"the suggestion is longer than {MAX_SUGGESTION} characters")
    return option, text


# -- parsing (called by kiosk.domain.catalog.load_catalog)
# ---------------------------------------------

def _text(raw: Any, file: str, what: str, cid: str) -> LocalizedText:
    if not isinstance(raw, Mapping):
        raise CatalogError(file, f"consultation '{cid}': '{what}' must be a table with "
                                 f"{', '.join(LANGUAGES)}")
    for language in LANGUAGES:
        value = raw.get(language)
        if not isinstance(value, str) or not value.strip():
            raise CatalogError(file, f"consultation '{cid}': '{what}' has no {language} text")
    return {lang: str(raw[lang]).strip() for lang in LANGUAGES}


def parse_consultation(raw: Mapping[str, Any], file: str, expected_id: str) -> Consultation:
    """Check one consultation file; errors name the file, the consultation and the field."""
    cid = raw.get("id")
    if cid != expected_id:
        raise CatalogError(file, f"consultation '{expected_id}': 'id' is {cid!r} but the file "
                                 f"is for {expected_id!r}")
    known = {"id", "question", "options", "closes", "background"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise CatalogError(file, f"consultation '{cid}': unknown keys {unknown}")
    closes = raw.get("closes")
    if isinstance(closes, str):
        try:
            closes = dt.date.fromisoformat(closes)
        except ValueError:
            closes = None
    if not isinstance(closes, dt.date) or isinstance(closes, dt.datetime):
        raise CatalogError(file, f"consultation '{cid}': 'closes' must be a date (YYYY-MM-DD)")
    raw_options = raw.get("options")
    if not isinstance(raw_options, list) or not MIN_OPTIONS <= len(raw_options) <= MAX_OPTIONS:
        raise CatalogError(file, f"consultation '{cid}': 'options' needs {MIN_OPTIONS} to "
                                 f"{MAX_OPTIONS} [[options]] entries")
    options = []
    for index, item in enumerate(raw_options):
        value = item.get("value") if isinstance(item, Mapping) else None
        if not isinstance(value, str) or not _VALUE.match(value):
            raise CatalogError(file, f"consultation '{cid}': options[{index}] needs a 'value' of "
                                     "lower-case letters, digits, '_' or '-'")
        options.append(ConsultationOption(value, _text(item.get("label"), file,
                                                       f"option '{value}' label", cid)))
    if len({o.value for o in options}) != len(options):
        raise CatalogError(file, f"consultation '{cid}': two options share a value")
    background = raw.get("background")
    return Consultation(
        id=cid, question=_text(raw.get("question"), file, "question", cid),
        options=tuple(options), closes=closes,
        background=_text(background, file, "background", cid) if background is not None
        else None)


def valid_consultation_id(value: object) -> bool:
    return isinstance(value, str) and bool(_ID.match(value))


@dataclass(frozen=True)
class ConsultationResult:
    """A closed consultation's counts as the central last reported them (all kiosks)."""

    consultation_id: str
    closes: dt.date
    counts: Mapping[str, int]  # option value -> votes, every option present
    total: int
    pulled_at: str  # when this kiosk last received them

    def to_json(self) -> dict[str, Any]:
        return {"consultation_id": self.consultation_id, "closes": self.closes.isoformat(),
                "counts": dict(self.counts), "total": self.total, "pulled_at": self.pulled_at}
