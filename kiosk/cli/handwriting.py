"""`kiosk handwriting recognize`: a written character's strokes to candidate characters, for
technicians and scripts (the same recognizer the writing pad uses, locally, offline)."""

from __future__ import annotations

import json
from typing import TextIO

import click

from kiosk.cli.lazy_group import LazyGroup
from kiosk.cli.options import data_dir_option, emit
from kiosk.errors import KioskError
from kiosk.identity.handwriting import DEFAULT_CANDIDATES, Recognizer, strokes_from_json


@click.group(cls=LazyGroup)
def handwriting() -> None:
    """Handwriting recognition (Zinnia, Simplified Chinese model), on this machine.

    Example: kiosk handwriting recognize strokes.json
    """


@click.command()
@data_dir_option
@click.argument("strokes_file", metavar="FILE|-", type=click.File("r", encoding="utf-8"))
@click.option("--limit", type=click.IntRange(1, 100), default=DEFAULT_CANDIDATES,
              show_default=True, help="How many candidates to print at most.")
@click.option("--json", "as_json", is_flag=True, help='Print {"candidates": [...]}.')
def recognize(data_dir: str | None, strokes_file: TextIO, limit: int,
              as_json: bool) -> None:
    """Print the candidates for one written character, best first, one per line.

    The input is JSON: {"strokes": [[[x, y], ...], ...]}, points on a 1000 x 1000 square, y
    downwards, strokes in writing order. Exits 1 with the reason for bad JSON, no strokes or a
    missing recognizer.  Example: echo '{"strokes": [[[100, 500], [900, 500]]]}' |
    kiosk handwriting recognize -
    """
    try:
        document = json.loads(strokes_file.read())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise KioskError(f"the input is not valid JSON ({exc})") from None
    strokes = strokes_from_json(document)
    with Recognizer() as recognizer:
        candidates = recognizer.classify(strokes, limit)
    emit(as_json, {"candidates": candidates}, "\n".join(candidates))
