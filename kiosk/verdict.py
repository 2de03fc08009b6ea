"""How a check came out, in the words the technician's tools use (`kiosk doctor`, the
connection test): pass, warn, fail, or skipped because an earlier step failed."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    PASS = "pass"  # noqa: S105 - a verdict, not a password
    WARN = "warn"
    FAIL = "fail"
    SKIPPED = "skipped"
