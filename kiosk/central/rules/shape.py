"""The checks every application must pass whatever the catalog says (`check_shape`).

They bound every field, so what the central stores (and later shows, exports or hands to the
office) has a known shape and size, and so a hostile item cannot make validation or hashing slow
or crash it. Each failure is one item's rejection with a reason naming the field; a reason never
quotes the value, which may be a resident's answer.

The limits are far above what a kiosk produces (short-text answers are at most a few hundred
characters, ids are UUIDs, versions are short) yet small enough that a 500-item batch stays well
inside the 5 MB body limit.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from kiosk.i18n import LANGUAGES
from kiosk.wire.protocol import ApplicationPayload

# A rule over one application: the reason to reject it, or None. The central's checks are these.
Validator = Callable[[ApplicationPayload], str | None]

MAX_SERVICE_ID = 64
MAX_CATALOG_VERSION = 32
MAX_CREATED_AT = 40
MAX_ANSWERS = 100
MAX_ANSWER_KEY = 64
MAX_ANSWER_TEXT = 2000
MAX_CONSENT_KEYS = 20
MAX_CONSENT_KEY = 64
MAX_CONSENT_TEXT = 500
MAX_CONSENT_DEPTH = 3
MAX_CONSENT_BYTES = 4096
# JSON numbers the office's tools can hold exactly: signed 64-bit integers.
MIN_INT, MAX_INT = -(2**63), 2**63 - 1

_TWELVE_DIGITS = re.compile(r"[0-9]{12}")  # not \d: that also matches fullwidth and other digits
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # ids and versions: no spaces, no "/", no ".."
_KEY = re.compile(r"[A-Za-z0-9_.-]+")


def check_shape(item: ApplicationPayload) -> str | None:
    """The reason the item is refused whatever the catalog says, or None if it passes."""
    return (_check_id(item.id) or _check_tracking(item.tracking_number)
            or _check_name("service id", item.service_id, MAX_SERVICE_ID)
            or _check_name("catalog_version", item.catalog_version, MAX_CATALOG_VERSION)
            or _check_created_at(item.created_at) or _check_language(item.language)
            or _check_answers(item.answers) or _check_consent(item.consent))


def _check_id(value: str) -> str | None:
    if len(value) > 64:  # uuid.UUID would strip and parse it; no reason to look at a long one
        return "id is not a UUID"
    try:
        canonical = str(uuid.UUID(value))
    except ValueError:
        return "id is not a UUID"
    if canonical != value:
        # Only the canonical lower-case form: "ABC…" and "abc…" would otherwise be two rows.
        return "id must be a UUID in canonical lower-case form"
    return None


def _check_tracking(value: str) -> str | None:
    if not _TWELVE_DIGITS.fullmatch(value):
        return "tracking number must be exactly 12 digits"
    return None


def _check_name(what: str, value: str, longest: int) -> str | None:
    if not value:
        return f"{what} is empty"
    if len(value) > longest:
        return f"{what} is longer than {longest} characters"
    if not _NAME.fullmatch(value) or ".." in value:
        return f"{what} may only hold letters, digits, '.', '_' and '-'"
    return None


def _check_created_at(value: str) -> str | None:
    if len(value) > MAX_CREATED_AT:
        return f"created_at is longer than {MAX_CREATED_AT} characters"
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return "created_at is not an ISO 8601 time"
    return None


def _check_language(value: str) -> str | None:
    if value not in LANGUAGES:
        return f"language must be one of {', '.join(LANGUAGES)}"
    return None


def _check_answers(answers: dict[str, Any]) -> str | None:
    if len(answers) > MAX_ANSWERS:
        return f"more than {MAX_ANSWERS} answers"
    for key, value in answers.items():
        if not key or len(key) > MAX_ANSWER_KEY or not _KEY.fullmatch(key):
            return (f"an answer key is empty, longer than {MAX_ANSWER_KEY} characters or not "
                    "made of letters, digits, '.', '_' and '-'")
        problem = _check_scalar(value, MAX_ANSWER_TEXT)
        if problem:
            return f"answers.{key}: {problem}"
    return None


def _check_consent(consent: dict[str, Any]) -> str | None:
    # The kiosk records when and to what the resident consented: a few short entries, perhaps
    # grouped one or two levels deep (general and sensitive-data consent).
    problem = _check_tree("consent", consent, depth=0)
    if problem:
        return problem
    if len(json.dumps(consent, ensure_ascii=False).encode("utf-8")) > MAX_CONSENT_BYTES:
        return f"consent is larger than {MAX_CONSENT_BYTES} bytes"
    return None


def _check_tree(where: str, value: Any, depth: int) -> str | None:
    if isinstance(value, dict | list):
        if depth >= MAX_CONSENT_DEPTH:
            return f"{where}: nested more than {MAX_CONSENT_DEPTH} levels deep"
        if len(value) > MAX_CONSENT_KEYS:
            return f"{where} has more than {MAX_CONSENT_KEYS} entries"
        pairs = value.items() if isinstance(value, dict) else enumerate(value)
        for key, sub in pairs:
            if isinstance(key, str) and (not key or len(key) > MAX_CONSENT_KEY
                                         or not _KEY.fullmatch(key)):
                return (f"{where}: a key is empty, longer than {MAX_CONSENT_KEY} characters or "
                        "not made of letters, digits, '.', '_' and '-'")
            problem = _check_tree(f"{where}.{key}", sub, depth + 1)
            if problem:
                return problem
        return None
    problem = _check_scalar(value, MAX_CONSENT_TEXT)
    return f"{where}: {problem}" if problem else None


def _check_scalar(value: Any, longest: int) -> str | None:
    if isinstance(value, str) and len(value) > longest:
        return f"text longer than {longest} characters"
    if isinstance(value, int) and not isinstance(value, bool) and not MIN_INT <= value <= MAX_INT:
        return "integer outside the signed 64-bit range"
    return None
