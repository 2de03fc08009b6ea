"""Real characters' strokes for the handwriting tests: the vendored hanzi-writer-data medians
(tests/data/handwriting/README.md), on the kiosk's 1000 square with y downwards."""

from __future__ import annotations

import ctypes
import json
from pathlib import Path

import pytest

MEDIANS = Path(__file__).resolve().parent.parent / "data" / "handwriting" / "medians.json"

Strokes = list[list[tuple[float, float]]]


def vendored_characters() -> dict[str, Strokes]:
    raw = json.loads(MEDIANS.read_text(encoding="utf-8"))
    # hanzi-writer-data: a 1024 box, y upwards, baseline at 900.
    return {character: [[(float(x), 900.0 - float(y)) for x, y in stroke] for stroke in strokes]
            for character, strokes in raw.items()}


def zinnia_installed() -> bool:
    try:
        ctypes.CDLL("libzinnia.so.0")
    except OSError:
        return False
    return True


# Skip only when the library itself is absent; scripts/bootstrap.sh installs it, so in CI these
# tests run. A missing model with the library present is a failure, not a skip.
needs_zinnia = pytest.mark.skipif(not zinnia_installed(),
                                  reason="libzinnia0 is not installed (scripts/bootstrap.sh does)")
