"""Handwriting accuracy on stroke data independent of the recognizer (docs/benchmarks.md).

    npm pack hanzi-writer-data && tar xzf hanzi-writer-data-*.tgz
    python -m kiosk.bench.handwriting_accuracy --data package [--trials 3] [--json]

hanzi-writer-data (derived from Make Me a Hanzi) gives each character's stroke medians in a
1024 box with y upwards; they become points on our 1000 square, y downwards (y' = 900 - y),
resampled every 25 units. "Jittered" copies imitate a resident's hand: a smaller, off-centre,
slightly rotated character, shaky and unevenly sampled points, and now and then two
neighbouring strokes written in the other order. Each normalisation is measured separately so
docs/benchmarks.md can say what each step is worth.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kiosk.identity.handwriting import Recognizer
from kiosk.identity.stroke_shape import RAW, Normalisation, Point, Strokes

CHARACTERS = Path(__file__).parent / "data" / "name_characters.toml"
NORMALISATIONS = {
    "none": RAW,
    "resample": Normalisation(fit=False, smooth=False),
    "resample+fit": Normalisation(smooth=False),
    "resample+fit+smooth": Normalisation(),
}
SWAPS = "resample+fit+smooth+swaps"  # the same, with Recognizer(tolerate_order=True)


def medians(data: Path, character: str) -> Strokes | None:
    """The character's strokes on our square, or None if the data set lacks it."""
    path = data / f"{character}.json"
    if not path.is_file():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))["medians"]
    return [_even([(float(x), 900.0 - float(y)) for x, y in stroke], 25.0) for stroke in raw]


def _even(stroke: list[Point], spacing: float) -> list[Point]:
    out = [stroke[0]]
    for (x0, y0), (x1, y1) in itertools.pairwise(stroke):
        steps = max(1, round(math.hypot(x1 - x0, y1 - y0) / spacing))
        out += [(x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps)
                for k in range(1, steps + 1)]
    return out


def jitter(strokes: Strokes, rng: random.Random, swap_probability: float = 0.15) -> Strokes:
    """A plausible hand-written copy: size, place, slant, tremor, uneven sampling, order."""
    scale = rng.uniform(0.45, 0.95)
    angle = math.radians(rng.gauss(0, 4))
    dx, dy = rng.uniform(-150, 150), rng.uniform(-150, 150)
    cos, sin = math.cos(angle), math.sin(angle)
    out: Strokes = []
    for stroke in strokes:
        wobble_x, wobble_y = rng.gauss(0, 12), rng.gauss(0, 12)  # each stroke a little off
        moved = []
        for x, y in stroke:
            if len(stroke) > 2 and rng.random() < 0.2:
                continue  # the touch screen skipped a sample
            x, y = x - 500, y - 500
            x, y = x * cos - y * sin, x * sin + y * cos
            moved.append((500 + dx + scale * x + wobble_x + rng.gauss(0, 6),
                          500 + dy + scale * y + wobble_y + rng.gauss(0, 6)))
        out.append(moved or [stroke[0]])
    if len(out) > 2 and rng.random() < swap_probability:
        i = rng.randrange(len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
    return out


@dataclass
class Score:
    top1: int = 0
    top8: int = 0
    total: int = 0

    def add(self, character: str, candidates: list[str]) -> None:
        self.total += 1
        self.top1 += bool(candidates) and candidates[0] == character
        self.top8 += character in candidates[:8]

    def as_dict(self) -> dict[str, float | int]:
        n = max(1, self.total)
        return {"top1": round(100 * self.top1 / n, 1), "top8": round(100 * self.top8 / n, 1),
                "samples": self.total}


def measure(data: Path, trials: int, seed: int) -> dict[str, object]:
    lists = tomllib.loads(CHARACTERS.read_text(encoding="utf-8"))
    report: dict[str, object] = {}
    for list_name in ("surnames", "given_names"):
        characters = "".join(lists[list_name])
        shapes = {c: s for c in characters if (s := medians(data, c)) is not None}
        missing = [c for c in characters if c not in shapes]
        rows: dict[str, object] = {"characters": len(shapes), "missing": "".join(missing)}
        for how_name, how in [*NORMALISATIONS.items(), (SWAPS, Normalisation())]:
            clean, shaky = Score(), Score()
            rng = random.Random(seed)  # noqa: S311 - reproducible jitter, not secrets
            with Recognizer(normalisation=how, tolerate_order=how_name == SWAPS) as recognizer:
                for character, strokes in shapes.items():
                    clean.add(character, recognizer.classify(strokes, 10))
                    for _ in range(trials):
                        shaky.add(character, recognizer.classify(jitter(strokes, rng), 10))
            rows[how_name] = {"medians": clean.as_dict(), "jittered": shaky.as_dict()}
        report[list_name] = rows
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True,
                        help="hanzi-writer-data's folder of <character>.json files")
    parser.add_argument("--trials", type=int, default=3, help="jittered copies per character")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = measure(args.data, args.trials, args.seed)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    for list_name, rows in report.items():
        if not isinstance(rows, dict):
            continue
        print(f"{list_name}: {rows['characters']} characters"
              + (f" (not in the data: {rows['missing']})" if rows["missing"] else ""))
        for how_name in [*NORMALISATIONS, SWAPS]:
            r = rows[how_name]
            print(f"  {how_name:26} medians top-1 {r['medians']['top1']:5}% top-8 "
                  f"{r['medians']['top8']:5}%   jittered top-1 {r['jittered']['top1']:5}% "
                  f"top-8 {r['jittered']['top8']:5}% ({r['jittered']['samples']} samples)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
