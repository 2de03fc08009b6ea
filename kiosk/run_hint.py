"""Commands to suggest to someone at a terminal, written so they work exactly as printed.

Whoever started the demo with `scripts/demo.sh` has no `kiosk` on their PATH (it lives in the
checkout's .venv/bin), so a hint saying "kiosk tour" would fail. These give `kiosk` only when
the PATH finds this very program, else its full path; and the demo script by its full path.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import tempfile
from pathlib import Path


def kiosk_command() -> str:
    """How to type the `kiosk` command that is running now."""
    launched = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if launched is not None and launched.name in ("kiosk", "kiosk.exe") and launched.exists():
        found = shutil.which("kiosk")
        if found and os.path.samefile(found, launched):
            return "kiosk"
        return shlex.quote(str(launched.absolute()))
    return f"{shlex.quote(sys.executable)} -m kiosk"


def demo_script() -> str | None:
    """scripts/demo.sh of this checkout, by its full path (None when installed without it)."""
    script = Path(__file__).resolve().parent.parent / "scripts" / "demo.sh"
    return shlex.quote(str(script)) if script.is_file() else None


def no_screen_hints() -> str:
    """The two ways to try the kiosk without a screen, as commands that run as printed."""
    demo = demo_script() or f"{kiosk_command()} demo"
    tour = shlex.quote(os.path.join(tempfile.gettempdir(), "kiosk-tour"))
    return (f"  xvfb-run -a -s '-screen 0 1920x1080x24' {demo}\n"
            "or render every screen to pictures instead:\n"
            f"  {kiosk_command()} tour --out {tour} --no-matrix")
