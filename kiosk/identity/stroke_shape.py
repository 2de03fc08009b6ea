"""Normalising written strokes before recognition: pure geometry, no Zinnia.

A resident's character may be small, off centre, shaky and sampled unevenly (a finger that
pauses leaves a cluster of points). Each step can be switched off so the accuracy benchmark
(kiosk/bench/handwriting_accuracy.py) measures what it is worth.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

BOX = 1000
Point = tuple[float, float]
Strokes = list[list[Point]]


@dataclass(frozen=True)
class Normalisation:
    """fit: scale and centre the bounding box into the square, keeping the aspect ratio
    (`margin` of the side left free on each side); spacing: resample each stroke to points this
    far apart (0: keep the points); smooth: a 3-point moving average, ends kept."""

    fit: bool = True
    margin: float = 0.1
    spacing: float = 25.0
    smooth: bool = True


RAW = Normalisation(fit=False, spacing=0.0, smooth=False)


def normalise(strokes: Sequence[Sequence[Sequence[float]]],
              how: Normalisation = Normalisation()) -> Strokes:
    """Strokes ready for the recognizer; empty strokes dropped, a dot kept as one point."""
    shaped: Strokes = [[(float(p[0]), float(p[1])) for p in s] for s in strokes]
    shaped = [s for s in shaped if s]
    if not shaped:
        return []
    if how.smooth:
        shaped = [_smooth(s) for s in shaped]
    if how.fit:
        shaped = _fit(shaped, how.margin)
    if how.spacing > 0:
        shaped = [_resample(s, how.spacing) for s in shaped]
    return shaped


def _fit(strokes: Strokes, margin: float) -> Strokes:
    xs = [x for s in strokes for x, _ in s]
    ys = [y for s in strokes for _, y in s]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    side = max(width, height)
    if side < 1e-6:  # one dot: put it in the middle
        return [[(BOX / 2, BOX / 2)] * len(s) for s in strokes]
    # One scale for both axes: a flat 一 stays flat instead of being stretched into a square.
    scale = BOX * (1 - 2 * margin) / side
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return [[(BOX / 2 + (x - cx) * scale, BOX / 2 + (y - cy) * scale) for x, y in s]
            for s in strokes]


def _smooth(stroke: list[Point]) -> list[Point]:
    if len(stroke) < 3:
        return stroke
    middle = [((a[0] + b[0] + c[0]) / 3, (a[1] + b[1] + c[1]) / 3)
              for a, b, c in zip(stroke, stroke[1:], stroke[2:], strict=False)]
    return [stroke[0], *middle, stroke[-1]]


def _resample(stroke: list[Point], spacing: float) -> list[Point]:
    """Points evenly spaced along the stroke's path, first and last kept."""
    if len(stroke) < 2:
        return stroke
    out = [stroke[0]]
    left = spacing  # distance still to travel before the next point
    for (x0, y0), (x1, y1) in itertools.pairwise(stroke):
        segment = math.hypot(x1 - x0, y1 - y0)
        walked = 0.0
        while segment - walked >= left:
            walked += left
            t = walked / segment
            out.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t))
            left = spacing
        left -= segment - walked
    if math.hypot(out[-1][0] - stroke[-1][0], out[-1][1] - stroke[-1][1]) > 1e-6:
        out.append(stroke[-1])
    return out
