"""The `kiosk` console script and `python -m kiosk`: `kiosk run` without the click layer.

Starting the kiosk window is the one command whose start-up time residents feel. Importing click
and building the command line would come before the first screen (cost: docs/benchmarks.md,
Findings, "`kiosk run` without click"), so the plain forms of `kiosk run` the services and
technicians use,

    kiosk run [--data-dir DIR | --data-dir=DIR] [--kiosk-mode]

(options in any order, each at most once; `$KIOSK_DATA_DIR` as with click) are dispatched here,
doing exactly what click's `kiosk run` (kiosk/cli/__init__.py) does. Anything else (help, group
options, other commands, an unknown or repeated option, a missing value, a data dir that is a
file) goes to click unchanged, so its usage messages, errors and exit codes stay the only ones.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from kiosk.exit_codes import EXIT_FAILED, EXIT_NO_DISPLAY, no_display_message

DATA_DIR_ENV = "KIOSK_DATA_DIR"  # as kiosk.paths.DATA_DIR_ENV (not imported: platformdirs)


def parse_run(argv: Sequence[str]) -> tuple[str | None, bool] | None:
    """(data dir option, kiosk mode) for a plain `run` command line, else None (click decides)."""
    if not argv or argv[0] != "run":
        return None
    data_dir: str | None = None
    kiosk_mode = False
    rest = list(argv[1:])
    seen: set[str] = set()
    while rest:
        word = rest.pop(0)
        if word == "--kiosk-mode" and word not in seen:
            seen.add(word)
            kiosk_mode = True
        elif word == "--data-dir" and word not in seen and rest and not rest[0].startswith("-"):
            seen.add(word)
            data_dir = rest.pop(0)
        elif word.startswith("--data-dir=") and "--data-dir" not in seen:
            seen.add("--data-dir")
            data_dir = word.removeprefix("--data-dir=")
        else:
            return None
    if data_dir is None:
        data_dir = os.environ.get(DATA_DIR_ENV) or None
    if data_dir == "":
        return None
    if data_dir is not None:
        path = os.path.expanduser(data_dir)
        if os.path.isfile(path) or (os.path.exists(path) and not os.access(path, os.R_OK)):
            return None  # click.Path's own message for these
    return data_dir, kiosk_mode


def import_ui() -> ModuleType:
    """`kiosk.ui.app`, imported the quick way (kiosk/ui/boot.py; the bench's probes share it)."""
    return importlib.import_module("kiosk.ui.boot").import_ui()


def run(data_dir: str | None, kiosk_mode: bool) -> int:
    """What the click `kiosk run` does, with the same messages and exit codes."""
    message = no_display_message()
    if message:
        print(message, file=sys.stderr, flush=True)
        return EXIT_NO_DISPLAY
    gc.disable()   # see import_ui
    from kiosk.errors import KioskError
    from kiosk.logs import configure_logging
    from kiosk.paths import ensure_data_dir, resolve_data_dir

    try:
        folder = ensure_data_dir(resolve_data_dir(data_dir))
        # rotation: run_kiosk turns it on; console: a service's warnings reach the journal
        configure_logging(folder, verbose=False, rotate=False, console=True)
        return int(import_ui().run_kiosk(folder, kiosk_mode=kiosk_mode))
    except KioskError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return EXIT_FAILED
    finally:
        gc.enable()   # run_kiosk did at its first turn; this is for the paths that never got there


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    plain = parse_run(args)
    if plain is not None:
        return run(*plain)
    from kiosk.cli import main as cli

    return int(cli.main(args=None if argv is None else args) or 0)
