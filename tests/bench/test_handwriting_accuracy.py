"""The handwriting accuracy benchmark reads hanzi-writer-data's layout (one <character>.json per
character), reports the characters the data lacks, and scores each normalisation; `kiosk bench`
times the recognizer on a 12-stroke character."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.bench.handwriting_accuracy import main
from kiosk.cli import main as main_cli
from tests.helpers.handwriting_data import MEDIANS, needs_zinnia


@needs_zinnia
def test_reports_top1_top8_per_normalisation_and_the_missing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for character, medians in json.loads(MEDIANS.read_text(encoding="utf-8")).items():
        (tmp_path / f"{character}.json").write_text(json.dumps({"medians": medians}),
                                                    encoding="utf-8")
    assert main(["--data", str(tmp_path), "--trials", "1", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    surnames = report["surnames"]
    assert surnames["characters"] == 15 and len(surnames["missing"]) == 85
    assert "王" not in surnames["missing"] and "曾" in surnames["missing"]
    default = surnames["resample+fit+smooth"]
    assert default["medians"]["samples"] == 15 and default["jittered"]["samples"] == 15
    assert default["medians"]["top8"] >= 73.0      # measured 80.0 (12 of 15)
    assert report["given_names"]["characters"] == 5   # 秀英华明国


@needs_zinnia
def test_bench_item_times_twelve_strokes_against_the_bare_zinnia_call(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = CliRunner().invoke(main_cli, ["bench", "--quick", "--only", "handwriting",
                                           "--json", "--work-dir", str(tmp_path / "w"),
                                           "--out", str(out)])
    assert result.exit_code == 0, result.output   # within the 150 ms budget
    [item] = json.loads(out.read_text(encoding="utf-8"))["items"]
    assert item["name"] == "handwriting: 12 strokes to candidates (p95)"
    assert 0 < item["baseline"] <= item["ours"] * 1.5 and item["pass"] is True
