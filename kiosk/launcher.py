"""The `kiosk` console script and `python -m kiosk`: `kiosk run` without the click layer.

Starting the kiosk window is the one command whose start-up time residents feel (issue 7, item 1;
docs/benchmarks.md). Importing click and building the whole command line costs ~25 ms before the
first screen, so the plain forms of `kiosk run` the services and technicians use,

    kiosk run [--data-dir DIR | --data-dir=DIR] [--kiosk-mode]

(options in any order, each at most once; `$KIOSK_DATA_DIR` as with click) are dispatched here,
doing exactly what `kiosk.cli.run` does. Anything else (help, group options, other commands,
an unknown or repeated option, a missing value, a data dir that is a file) goes to click
unchanged, so its usage messages, errors and exit codes stay the only ones.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

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


EXIT_FAILED = 1
EXIT_NO_DISPLAY = 3
# What the window imports that does not use Qt, imported before PySide6 is: PySide6's import hook
# reads the source of every module imported after it (to see whether it asks for __feature__
# options), ~0.1 ms a module, ~8 ms for these and the standard library they bring. Only speed
# depends on this list being complete.
BEFORE_QT = ("kiosk.deploy.crash_report", "kiosk.domain.active_catalog", "kiosk.domain.session",
             "kiosk.speech.api", "kiosk.settings", "kiosk.store.thread",
             "kiosk.privacy.secret_file", "concurrent.futures")


def no_display_message() -> str | None:
    """Why the kiosk window cannot open here (no screen on Linux), or None."""
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") \
            or os.environ.get("QT_QPA_PLATFORM"):
        return None
    return ("No screen found: DISPLAY is not set, so the kiosk window cannot open.\n"
            "On the kiosk, start it from the desktop session. To try it on a machine without "
            "a screen, run it under a virtual display:\n"
            + importlib.import_module("kiosk.run_hint").no_screen_hints())


def import_ui() -> ModuleType:
    """`kiosk.ui.app`, imported the quick way (the bench's start-up probe uses this too)."""
    # No cyclic garbage collection until the window is up (run_kiosk turns it back on at the
    # event loop's first turn): start-up creates ~10^5 long-lived objects (modules, classes,
    # Qt enums, widgets) and the collector kept walking them, ~12 ms for a few hundred freed.
    gc.disable()
    for name in BEFORE_QT:
        importlib.import_module(name)
    # PySide6 checks the source of every module imported after it; a cheaper check (same
    # answers) before the UI's ~80 modules come (kiosk/ui/import_check.py).
    importlib.import_module("kiosk.ui.import_check").install()
    return importlib.import_module("kiosk.ui.app")


def run(data_dir: str | None, kiosk_mode: bool) -> int:
    """What `kiosk.cli.run` does, with the same messages and exit codes."""
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
