"""Handwritten characters to candidate characters, locally, with Zinnia.

Strokes are lists of (x, y) points on a 1000 x 1000 square, y downwards, in writing order. The
model is big while open, so it is opened explicitly and released after: the handwriting screen
holds a `Recognizer` only while it is shown.

    with Recognizer() as recognizer:
        recognizer.classify(strokes)   # ["王", "玉", ...], best first

Before Zinnia sees them, strokes are normalised (stroke_shape.py): residents write small, off
centre or shakily, and Zinnia compares against templates that fill the box.
"""

from __future__ import annotations

import ctypes
import json
import math
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from kiosk.errors import KioskError
from kiosk.identity.stroke_shape import BOX, Normalisation, Point, Strokes, normalise
from kiosk.identity.zinnia import HandwritingUnavailable, load_library, model_path

__all__ = ["BOX", "DEFAULT_CANDIDATES", "BadStrokes", "HandwritingUnavailable", "NoStrokes",
           "Normalisation", "Point", "Recognizer", "Strokes", "normalise", "strokes_from_json"]

DEFAULT_CANDIDATES = 10
SWAP_PENALTY = 0.05


class NoStrokes(KioskError):
    """Nothing was written (no stroke with a point in it)."""


class BadStrokes(KioskError):
    """The strokes given are not a list of strokes of [x, y] points."""


def strokes_from_json(document: object) -> Strokes:
    """The strokes of a `{"strokes": [[[x, y], ...], ...]}` document, checked, or BadStrokes /
    NoStrokes with a plain reason."""
    strokes = document.get("strokes") if isinstance(document, dict) else None
    if not isinstance(strokes, list):
        raise BadStrokes('the input must be a JSON object with a "strokes" list: '
                         '{"strokes": [[[x, y], ...], ...]}')
    out: Strokes = []
    for number, stroke in enumerate(strokes, 1):
        if not isinstance(stroke, list):
            raise BadStrokes(f"stroke {number} is not a list of [x, y] points")
        points: list[Point] = []
        for point in stroke:
            if (not isinstance(point, list) or len(point) != 2
                    or not all(isinstance(v, int | float) and not isinstance(v, bool)
                               and math.isfinite(v) for v in point)):
                raise BadStrokes(f"stroke {number} has a point that is not [x, y] numbers: "
                                 f"{json.dumps(point)[:40]}")
            points.append((float(point[0]), float(point[1])))
        if points:
            out.append(points)
    if not out:
        raise NoStrokes("nothing was written: the input has no stroke with a point in it")
    return out


class Recognizer:
    """An open Zinnia model; a context manager, or open()/close() by hand. Not thread-safe:
    one recognizer per worker thread."""

    def __init__(self, model: Path | None = None,
                 normalisation: Normalisation | None = None,
                 tolerate_order: bool = False) -> None:
        self._model = model
        # Also try each pair of neighbouring strokes swapped (the commonest stroke-order slip)
        # and keep each candidate's best score: more accurate, one more classification per
        # stroke (docs/benchmarks.md has both figures).
        self.tolerate_order = tolerate_order
        self.normalisation = normalisation or Normalisation()
        self._lib: ctypes.CDLL | None = None
        self._recognizer: int | None = None
        self._character: int | None = None

    @property
    def is_open(self) -> bool:
        return self._recognizer is not None

    def open(self) -> Recognizer:
        if self.is_open:
            return self
        lib = load_library()
        path = self._model or model_path()
        recognizer = lib.zinnia_recognizer_new()
        if not recognizer or not lib.zinnia_recognizer_open(recognizer, str(path).encode()):
            if recognizer:
                lib.zinnia_recognizer_destroy(recognizer)
            raise HandwritingUnavailable(
                f"the handwriting model {path} could not be opened; reinstall the Debian "
                "package tegaki-zinnia-simplified-chinese")
        self._lib, self._recognizer = lib, recognizer
        self._character = lib.zinnia_character_new()
        return self

    def close(self) -> None:
        """Release the model's memory; safe to call twice."""
        lib, recognizer, character = self._lib, self._recognizer, self._character
        self._recognizer = self._character = None
        if lib is None:
            return
        if character:
            lib.zinnia_character_destroy(character)
        if recognizer:
            lib.zinnia_recognizer_close(recognizer)
            lib.zinnia_recognizer_destroy(recognizer)

    def __enter__(self) -> Recognizer:
        return self.open()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def classify(self, strokes: Sequence[Sequence[Sequence[float]]],
                 limit: int = DEFAULT_CANDIDATES) -> list[str]:
        """Candidate characters, best first (at most `limit`)."""
        return [value for value, _ in self.scored(strokes, limit)]

    def scored(self, strokes: Sequence[Sequence[Sequence[float]]],
               limit: int = DEFAULT_CANDIDATES) -> list[tuple[str, float]]:
        """Candidates with Zinnia's scores (higher is better), best first."""
        if self._lib is None or self._recognizer is None or self._character is None:
            raise RuntimeError("Recognizer.classify called before open()")
        shaped = normalise(strokes, self.normalisation)
        if not shaped:
            raise NoStrokes("nothing was written: the input has no stroke with a point in it")
        if not self.tolerate_order or len(shaped) < 2:
            return self._classify(shaped, limit)
        best: dict[str, float] = {}
        variants = [shaped, *([*shaped[:i], shaped[i + 1], shaped[i], *shaped[i + 2:]]
                               for i in range(len(shaped) - 1))]
        for number, variant in enumerate(variants):
            # A swapped order scores a little lower than the order as written, all else equal.
            penalty = 0.0 if number == 0 else SWAP_PENALTY
            for value, score in self._classify(variant, limit):
                best[value] = max(best.get(value, -math.inf), score - penalty)
        return sorted(best.items(), key=lambda item: -item[1])[:limit]

    def _classify(self, shaped: Strokes, limit: int) -> list[tuple[str, float]]:
        lib, character = self._lib, self._character
        if lib is None or character is None:
            raise RuntimeError("Recognizer used after close()")
        lib.zinnia_character_clear(character)
        lib.zinnia_character_set_width(character, BOX)
        lib.zinnia_character_set_height(character, BOX)
        for index, stroke in enumerate(shaped):
            for x, y in stroke:
                lib.zinnia_character_add(character, index, round(x), round(y))
        result = lib.zinnia_recognizer_classify(self._recognizer, character, max(1, limit))
        if not result:
            return []
        try:
            return [(lib.zinnia_result_value(result, i).decode("utf-8"),
                     float(lib.zinnia_result_score(result, i)))
                    for i in range(lib.zinnia_result_size(result))]
        finally:
            lib.zinnia_result_destroy(result)
