"""Exit codes and the no-screen message shared by the launcher and the click CLI.

A foundation module: both `kiosk.launcher` (plain `kiosk run`, without click) and `kiosk.cli`
import it, so neither imports the other for these (no import circle). Standard library only:
the launcher's path to the first frame must stay light.
"""

from __future__ import annotations

import importlib
import os
import sys

EXIT_FAILED = 1
EXIT_NO_DISPLAY = 3


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
