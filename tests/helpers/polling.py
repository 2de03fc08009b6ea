"""Waiting on a condition another process makes true (a file it writes, a row it commits).

The cross-process twin of qtbot.waitUntil: the condition decides, never the clock. There is no
signal to wait on across a process boundary, so the condition is re-checked on a short beat
until it holds, the process it depends on dies, or the deadline passes.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable

BEAT_S = 0.05  # how soon a condition that became true is seen; it never decides an outcome


def wait_for(condition: Callable[[], bool], timeout: float, what: str,
             process: subprocess.Popen[str] | None = None) -> None:
    """Return once `condition()` holds; fail if `process` exits first or `timeout` passes."""
    deadline = time.monotonic() + timeout
    beat = threading.Event()  # never set: its wait() is the beat between two checks
    while not condition():
        if process is not None and process.poll() is not None:
            raise AssertionError(f"waiting for {what}, the process exited: "
                                 f"{process.communicate()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        beat.wait(BEAT_S)
