"""Bench results as values: one `Item` per figure, printed as a table and written as JSON."""

from __future__ import annotations

import json
import math
import platform
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

Better = Literal["lower", "higher"]


@dataclass(frozen=True)
class Item:
    """One measured figure against its baseline; `ratio` is ours / baseline.

    `budget` bounds either the ratio (`budget_on="ratio"`) or our own figure (`"ours"`), from
    above when lower is better and from below when higher is better.
    """

    name: str
    ours: float
    baseline: float | None
    unit: str
    budget: float | None
    budget_on: Literal["ratio", "ours"] = "ratio"
    better: Better = "lower"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0 or math.isnan(self.baseline):
            return None
        return self.ours / self.baseline

    @property
    def passed(self) -> bool | None:
        if self.budget is None:
            return None
        value = self.ratio if self.budget_on == "ratio" else self.ours
        if value is None or math.isnan(value):
            return False
        return value <= self.budget if self.better == "lower" else value >= self.budget

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = None if self.ratio is None else round(self.ratio, 4)
        data["pass"] = self.passed
        word = "≤" if self.better == "lower" else "≥"
        data["budget"] = (None if self.budget is None
                          else f"{self.budget_on} {word} {self.budget:g}")
        return data


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (p99 of 1,000 values is the 990th smallest)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def machine() -> dict[str, Any]:
    """What the figures ran on: the README table names it."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib: float | None = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    import os

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem_gib,
            "os": platform.platform(), "python": platform.python_version()}


def _fmt(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "—"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"


def table(items: Sequence[Item]) -> str:
    """A Markdown table: pastes into the README as it is."""
    rows = ["| item | ours | baseline | ratio | unit | budget | pass |",
            "|---|---:|---:|---:|---|---|---|"]
    for item in items:
        data = item.as_json()
        verdict = {True: "✅", False: "❌", None: "—"}[item.passed]
        rows.append(f"| {item.name} | {_fmt(item.ours)} | {_fmt(item.baseline)} | "
                    f"{_fmt(item.ratio)} | {item.unit} | {data['budget'] or '—'} | {verdict} |")
    notes = [f"- {item.name}: {item.note}" for item in items if item.note]
    return "\n".join(rows + (["", *notes] if notes else []))


def write_json(path: Path, items: Sequence[Item], settings: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"machine": machine(), "settings": settings,
                "items": [item.as_json() for item in items]}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")


def all_passed(items: Sequence[Item]) -> bool:
    return all(item.passed is not False for item in items)
