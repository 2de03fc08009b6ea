"""How the window's modules are imported before its first frame: the one sequence `kiosk run`
(kiosk/launcher.py) and the bench's start-up and memory probes (kiosk/bench/probes) share, so the
bench times exactly what residents wait for.

Not a composition root: it wires nothing, it only orders imports (and holds off the cyclic
garbage collector while they run).
"""

from __future__ import annotations

import gc
import importlib
from types import ModuleType

# What the window imports that does not use Qt, imported before PySide6 is: PySide6's import hook
# reads the source of every module imported after it (to see whether it asks for __feature__
# options), so each module imported first skips that read (cost: docs/benchmarks.md). Only speed
# depends on this list being complete.
BEFORE_QT = ("kiosk.deploy.crash_report", "kiosk.domain.active_catalog", "kiosk.domain.session",
             "kiosk.speech.api", "kiosk.settings", "kiosk.store.thread",
             "kiosk.privacy.secret_file", "concurrent.futures")


def import_ui() -> ModuleType:
    """`kiosk.ui.app`, imported the quick way."""
    # No cyclic garbage collection until the window is up (run_kiosk turns it back on at the
    # event loop's first turn): start-up creates ~10^5 long-lived objects (modules, classes,
    # Qt enums, widgets) and the collector kept walking them for a few hundred freed.
    gc.disable()
    for name in BEFORE_QT:
        importlib.import_module(name)
    # PySide6 checks the source of every module imported after it; a cheaper check (same
    # answers) before the UI's modules come (kiosk/ui/import_check.py).
    importlib.import_module("kiosk.ui.import_check").install()
    return importlib.import_module("kiosk.ui.app")
