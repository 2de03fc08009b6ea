"""`kiosk bench` as a command: table or JSON, the file written, the exit code."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kiosk.cli import main


def test_bench_json_has_the_items_and_exit_code_follows_the_budgets(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = CliRunner().invoke(main, ["bench", "--quick", "--only", "submit", "--json",
                                       "--no-fail", "--work-dir", str(tmp_path / "w"),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    names = [item["name"] for item in document["items"]]
    assert "submit p99" in names and document["settings"]["quick"] is True
    assert all({"ours", "baseline", "ratio", "pass"} <= set(i) for i in document["items"])


def test_bench_table_says_when_the_outage_was_shortened(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["bench", "--quick", "--only", "submit", "--no-fail",
                                       "--work-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "outage shortened to 3 s" in result.output and "| submit p99 |" in result.output
