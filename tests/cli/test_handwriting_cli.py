"""`kiosk handwriting recognize`: real characters' strokes in, candidates out (plain and JSON,
with --limit, from a file and from stdin), and one plain line with exit 1 for every bad input
and for a missing library or model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.identity.zinnia import LIBRARY_ENV, MODEL_ENV
from tests.helpers.handwriting_data import needs_zinnia, vendored_characters, zinnia_installed

CHARACTERS = vendored_characters()


def strokes_json(character: str) -> str:
    return json.dumps({"strokes": [[list(p) for p in s] for s in CHARACTERS[character]]})


def recognize(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["handwriting", "recognize", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


@needs_zinnia
def test_candidates_one_per_line_best_first_at_least_eight(tmp_path: Path) -> None:
    found = 0
    for character in CHARACTERS:
        path = tmp_path / f"{character}.json"
        path.write_text(strokes_json(character), encoding="utf-8")
        code, out, err = recognize(str(path))
        lines = out.splitlines()
        assert code == 0 and err == ""
        assert len(lines) >= 8 and all(len(line) == 1 for line in lines)
        found += character in lines[:8]
    assert found >= 17   # as through the library: measured 18 of 20


@needs_zinnia
def test_json_and_limit_from_stdin() -> None:
    code, out, _ = recognize("-", "--json", "--limit", "3", stdin=strokes_json("国"))
    assert code == 0
    document = json.loads(out)
    assert list(document) == ["candidates"] and len(document["candidates"]) == 3
    assert document["candidates"][0] == "国"
    code, out, _ = recognize("-", stdin=strokes_json("国"))
    assert out.splitlines()[:3] == document["candidates"]


@needs_zinnia
def test_runs_as_a_real_process(tmp_path: Path) -> None:
    # As a technician runs it: `python -m kiosk`, strokes on stdin.
    run = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(tmp_path),
                          "handwriting", "recognize", "-"], input=strokes_json("李"),
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "李" in run.stdout.splitlines()[:8]


@pytest.mark.parametrize(("given", "reason"), [
    ("{not json", "error: the input is not valid JSON (Expecting property name"),
    ("", "error: the input is not valid JSON"),
    ('["strokes"]', 'error: the input must be a JSON object with a "strokes" list'),
    ('{"strokes": []}', "error: nothing was written: the input has no stroke with a point"),
    ('{"strokes": [[], []]}', "error: nothing was written"),
    ('{"strokes": [[[1, "a"]]]}', "error: stroke 1 has a point that is not [x, y] numbers"),
    ('{"strokes": [5]}', "error: stroke 1 is not a list of [x, y] points"),
])
def test_bad_input_is_one_plain_line_and_exit_1(given: str, reason: str) -> None:
    code, out, err = recognize("-", "--json", stdin=given)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith(reason), err


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = recognize(str(tmp_path / "nowhere.json"))
    assert code == 2 and "No such file or directory" in err


def test_missing_library_or_model_names_the_debian_package(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(LIBRARY_ENV, str(tmp_path / "libzinnia.so.0"))
    code, out, err = recognize("-", stdin=strokes_json("王"))
    assert (code, out) == (1, "")
    assert err == ("error: the handwriting library (libzinnia.so.0) is not installed; "
                   "install the Debian package libzinnia0\n")
    monkeypatch.delenv(LIBRARY_ENV)
    if zinnia_installed():   # the model check needs the library itself
        monkeypatch.setenv(MODEL_ENV, str(tmp_path / "gone.model"))
        code, out, err = recognize("-", stdin=strokes_json("王"))
        assert (code, out) == (1, "")
        assert err.splitlines() == [f"error: the handwriting model {tmp_path / 'gone.model'} "
                                    "is missing; install the Debian package "
                                    "tegaki-zinnia-simplified-chinese"]
