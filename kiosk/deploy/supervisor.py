"""A tiny watchdog: run a command, and start it again `delay` seconds after it ends.

systemd does this itself (Restart=always); Windows Task Scheduler cannot restart sooner than a
minute, so its tasks run `kiosk supervise -- run --kiosk-mode`. A stop request (SIGTERM, Ctrl+C,
or `stop` set by a test) ends the child politely and does not restart it.
"""

from __future__ import annotations

import logging
import subprocess
import threading
from collections.abc import Callable, Sequence

log = logging.getLogger(__name__)
DEFAULT_DELAY_S = 2.0
TECHNICIAN_LEFT = 64  # kiosk.ui.shell.kiosk_mode.EXIT_TECHNICIAN_LEFT (no Qt here)


def supervise(command: Sequence[str], stop: threading.Event, delay: float = DEFAULT_DELAY_S,
              on_start: Callable[[subprocess.Popen[bytes]], None] | None = None,
              max_starts: int | None = None) -> int:
    """Keep `command` running until `stop` is set; returns how many times it was started."""
    starts = 0
    while not stop.is_set() and (max_starts is None or starts < max_starts):
        child = subprocess.Popen(list(command))  # noqa: S603 - our own kiosk command
        starts += 1
        if on_start is not None:
            on_start(child)
        while child.poll() is None:
            if stop.wait(0.2):
                child.terminate()
                try:
                    child.wait(15)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
                return starts
        if child.returncode == TECHNICIAN_LEFT:  # left kiosk mode on purpose: stay stopped
            log.info("the technician left kiosk mode; not restarting")
            return starts
        log.warning("%s ended with status %s; starting it again in %.0f s",
                    command[-1] if command else "child", child.returncode, delay)
        stop.wait(delay)
    return starts
