"""Bench item 9: a 12-stroke character's strokes to candidates, through the recognizer the pad
uses (normalise, classify, decode), against the bare Zinnia call on the same prepared points.

The writing pad's own share (pen-up to tiles on screen, pause timer excluded) adds a queued
signal and the tiles' repaint; this item is the recognizer's part of the 150 ms budget.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from kiosk.bench.report import Item
from kiosk.identity.handwriting import BOX, Recognizer
from kiosk.identity.stroke_shape import Strokes, normalise
from kiosk.identity.zinnia import load_library, model_path

BUDGET_MS = 150.0


def twelve_strokes() -> Strokes:
    """A synthetic character of 12 strokes (six across, six down, as a finger writes them with
    a point every few pixels): recognition time depends on the stroke and point count, not on
    which character it is."""
    strokes: Strokes = []
    for row in range(6):
        y = 200 + row * 120
        strokes.append([(150 + k * 14.0, y + (k % 3)) for k in range(50)])
        x = 200 + row * 120
        strokes.append([(x + (k % 3), 150 + k * 14.0) for k in range(50)])
    return strokes


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _timed(call: Callable[[], object], trials: int) -> list[float]:
    call()  # warm: the first classification touches the model's pages
    out = []
    for _ in range(trials):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def handwriting_items(trials: int) -> list[Item]:
    strokes = twelve_strokes()
    with Recognizer() as recognizer:
        ours = _timed(lambda: recognizer.classify(strokes, 10), trials)
    bare = _bare_zinnia(normalise(strokes), trials)
    return [Item("handwriting: 12 strokes to candidates (p95)", _p95(ours), _p95(bare), "ms",
                 BUDGET_MS, budget_on="ours",
                 note="baseline: the bare Zinnia call on already normalised points")]


def _bare_zinnia(points: Strokes, trials: int) -> list[float]:
    lib = load_library()
    recognizer = lib.zinnia_recognizer_new()
    character = lib.zinnia_character_new()
    try:
        lib.zinnia_recognizer_open(recognizer, str(model_path()).encode())

        def call() -> None:
            lib.zinnia_character_clear(character)
            lib.zinnia_character_set_width(character, BOX)
            lib.zinnia_character_set_height(character, BOX)
            for index, stroke in enumerate(points):
                for x, y in stroke:
                    lib.zinnia_character_add(character, index, round(x), round(y))
            lib.zinnia_result_destroy(lib.zinnia_recognizer_classify(recognizer, character, 10))

        return _timed(call, trials)
    finally:
        lib.zinnia_character_destroy(character)
        lib.zinnia_recognizer_destroy(recognizer)
