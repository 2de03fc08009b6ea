"""The bench's result values: ratios, budgets in both directions, the table and the JSON."""

from __future__ import annotations

import json
import math
from pathlib import Path

from kiosk.bench.report import Item, all_passed, percentile, table, write_json

REQUIRED = {"name", "ours", "baseline", "ratio", "unit", "budget", "pass"}


def test_ratio_budget_lower_is_better_passes_at_the_limit_and_fails_above() -> None:
    assert Item("x", 3.0, 1.0, "ms", 3.0).passed is True
    assert Item("x", 3.1, 1.0, "ms", 3.0).passed is False


def test_higher_is_better_budget_on_our_own_figure() -> None:
    assert Item("t", 6000.0, None, "apps/s", 5000.0, budget_on="ours", better="higher").passed
    assert not Item("t", 4000.0, None, "apps/s", 5000.0, budget_on="ours",
                    better="higher").passed


def test_a_missing_or_broken_figure_fails_its_budget_instead_of_passing() -> None:
    assert Item("x", math.nan, 1.0, "ms", 3.0).passed is False
    assert Item("x", 1.0, None, "ms", 3.0).passed is False  # a ratio budget needs a baseline
    assert not all_passed([Item("ok", 1.0, 1.0, "ms", 2.0), Item("bad", 5.0, 1.0, "ms", 2.0)])
    assert all_passed([Item("info", 5.0, 1.0, "ms", None)])


def test_nearest_rank_percentile() -> None:
    values = list(range(1, 1001))
    assert percentile(values, 99) == 990
    assert percentile(values, 50) == 500
    assert percentile([7.0], 99) == 7.0


def test_json_has_every_field_the_issue_asks_for(tmp_path: Path) -> None:
    items = [Item("submit p99", 2.0, 1.0, "ms", 3.0), Item("bytes", 900.0, None, "bytes", None)]
    write_json(tmp_path / "r.json", items, {"quick": True})
    document = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert document["machine"]["cores"]
    first = document["items"][0]
    assert set(first) >= REQUIRED
    assert first["ratio"] == 2.0 and first["pass"] is True and first["budget"] == "ratio ≤ 3"
    assert document["items"][1]["pass"] is None


def test_table_has_a_row_per_item_and_marks_misses() -> None:
    text = table([Item("a", 1.0, 1.0, "ms", 2.0), Item("b", 9.0, 1.0, "ms", 2.0)])
    rows = [line for line in text.splitlines() if line.startswith("| a") or
            line.startswith("| b")]
    assert len(rows) == 2 and "✅" in rows[0] and "❌" in rows[1]
