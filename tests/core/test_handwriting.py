"""The handwriting recognizer: real characters' strokes through the real Zinnia model, the
normalisation that makes small off-centre writing readable, the model released on close, and
plain errors when the library or the model is missing."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.bench.handwriting_accuracy import jitter
from kiosk.identity.handwriting import (
    BadStrokes,
    HandwritingUnavailable,
    NoStrokes,
    Recognizer,
    strokes_from_json,
)
from kiosk.identity.stroke_shape import RAW
from kiosk.identity.zinnia import LIBRARY_ENV, MODEL_ENV
from tests.helpers.handwriting_data import needs_zinnia, vendored_characters

CHARACTERS = vendored_characters()


def top8_hits(recognizer: Recognizer, samples: list[tuple[str, list[list[tuple[float, float]]]]]
              ) -> int:
    return sum(character in recognizer.classify(strokes)[:8] for character, strokes in samples)


@needs_zinnia
def test_real_characters_are_among_the_first_eight_candidates() -> None:
    samples = list(CHARACTERS.items())
    with Recognizer() as recognizer:
        lengths = {len(recognizer.classify(strokes)) for _, strokes in samples}
        hits = top8_hits(recognizer, samples)
    assert min(lengths) >= 8, "the pad shows at least eight tiles"
    # Measured: 18 of the 20 vendored characters (王 and 刘 are written in an order the model
    # does not expect); a regression in the binding or the normalisation drops far below.
    assert hits >= 17, f"only {hits} of {len(samples)} characters in the top 8"


@needs_zinnia
def test_shaky_hand_written_copies_are_still_recognised() -> None:
    rng = random.Random(16)  # noqa: S311 - reproducible jitter
    samples = [(c, jitter(s, rng)) for c, s in CHARACTERS.items() for _ in range(3)]
    with Recognizer() as plain:
        plain_hits = top8_hits(plain, samples)
    with Recognizer(tolerate_order=True) as tolerant:
        tolerant_hits = top8_hits(tolerant, samples)
    assert plain_hits >= 48, f"{plain_hits} of {len(samples)}"   # measured 52 of 60
    assert tolerant_hits >= plain_hits and tolerant_hits >= 52   # measured 56 of 60


@needs_zinnia
def test_normalisation_reads_a_small_character_written_off_centre() -> None:
    # A resident writes at a third of the size, low and to the left of the pad.
    small = [(c, [[(100 + 0.3 * x, 550 + 0.3 * y) for x, y in stroke] for stroke in strokes])
             for c, strokes in CHARACTERS.items()]
    with Recognizer() as normalised:
        fitted = top8_hits(normalised, small)
    with Recognizer(normalisation=RAW) as raw:
        unfitted = top8_hits(raw, small)
    assert fitted >= 17          # measured 18 of 20, as at full size
    assert unfitted <= 5         # measured 1 of 20: Zinnia alone does not rescale


@needs_zinnia
def test_candidates_come_best_first_with_the_limit() -> None:
    with Recognizer() as recognizer:
        scored = recognizer.scored(CHARACTERS["国"], 12)
        three = recognizer.classify(CHARACTERS["国"], 3)
    scores = [score for _, score in scored]
    assert scores == sorted(scores, reverse=True) and len(scored) == 12
    assert three == [value for value, _ in scored[:3]] and three[0] == "国"


@needs_zinnia
def test_closing_releases_the_model() -> None:
    # In a fresh process, so nothing else in the test run moves the resident set size.
    script = textwrap.dedent("""
        from kiosk.identity.handwriting import Recognizer
        def rss():
            return int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20
        before = rss()
        recognizer = Recognizer().open()
        recognizer.classify([[(100, 500), (900, 500)]])
        opened = rss()
        recognizer.close()
        recognizer.close()
        print(before, opened, rss(), recognizer.is_open)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, timeout=60).stdout.split()
    before, opened, closed = map(float, out[:3])
    assert opened - before > 15, "the open model should cost tens of MiB"
    assert closed - before < 5, f"close() kept {closed - before:.1f} MiB"
    assert out[3] == "False"


@needs_zinnia
def test_a_closed_recognizer_refuses_to_classify() -> None:
    recognizer = Recognizer()
    with recognizer:
        assert recognizer.is_open
    assert not recognizer.is_open
    with pytest.raises(RuntimeError, match="before open"):
        recognizer.classify(CHARACTERS["王"])


def test_a_missing_library_names_its_debian_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LIBRARY_ENV, "/nonexistent/libzinnia.so.0")
    with pytest.raises(HandwritingUnavailable, match="install the Debian package libzinnia0"):
        Recognizer().open()


@needs_zinnia
def test_a_missing_or_broken_model_names_its_debian_package(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(MODEL_ENV, str(tmp_path / "none.model"))
    with pytest.raises(HandwritingUnavailable,
                       match="missing; install the Debian package tegaki-zinnia-simplified"):
        Recognizer().open()
    broken = tmp_path / "broken.model"
    broken.write_bytes(os.urandom(64))
    monkeypatch.setenv(MODEL_ENV, str(broken))
    with pytest.raises(HandwritingUnavailable, match="could not be opened; reinstall"):
        Recognizer().open()


@pytest.mark.parametrize(("document", "error", "words"), [
    ([], BadStrokes, 'a JSON object with a "strokes" list'),
    ({"lines": []}, BadStrokes, 'a JSON object with a "strokes" list'),
    ({"strokes": [[[1, 2]], "x"]}, BadStrokes, "stroke 2 is not a list"),
    ({"strokes": [[[1, 2, 3]]]}, BadStrokes, "stroke 1 has a point that is not"),
    ({"strokes": [[[True, 2]]]}, BadStrokes, "stroke 1 has a point that is not"),
    ({"strokes": []}, NoStrokes, "nothing was written"),
    ({"strokes": [[], []]}, NoStrokes, "nothing was written"),
])
def test_bad_strokes_get_a_plain_reason(document: object, error: type[Exception],
                                        words: str) -> None:
    with pytest.raises(error, match=words):
        strokes_from_json(json.loads(json.dumps(document)))


def test_good_strokes_are_read_and_empty_ones_dropped() -> None:
    assert strokes_from_json({"strokes": [[[1, 2], [3.5, 4]], [], [[5, 6]]]}) == [
        [(1.0, 2.0), (3.5, 4.0)], [(5.0, 6.0)]]
