"""A receipt scanned on 查进度 with real X key events: twelve digits and Return, 20 ms apart, as a
USB scanner types them (`xdotool key --delay 20`), into a real kiosk window on Xvfb
(tests/helpers/scanner_window.py, its own process on the xcb platform). The number looked up must
be the one scanned, once. Skipped only where Xvfb or xdotool is missing or Xvfb cannot start."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.paths import database_path, ensure_data_dir
from kiosk.store.store import Store

ROOT = Path(__file__).resolve().parents[2]
START_S = 60.0     # an X server and a kiosk window, on a busy 2-core machine
KEY_DELAY_MS = 20


class Lines:
    """A child's output, line by line, each waited for up to a deadline (no fixed sleeps)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        self._fd, self._buffer = process.stdout.fileno(), b""
        self.seen: list[str] = []

    def next(self, timeout_s: float) -> str:
        deadline = time.monotonic() + timeout_s
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._fd], [], [], left)[0]:
                raise AssertionError(f"no line within {timeout_s} s; so far {self.seen}")
            chunk = os.read(self._fd, 4096)
            if not chunk:
                raise AssertionError(f"the process ended; it said {self.seen}")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        text = line.decode("utf-8", "replace").strip()
        self.seen.append(text)
        return text


@pytest.fixture
def display() -> Iterator[str]:
    if shutil.which("Xvfb") is None or shutil.which("xdotool") is None:
        pytest.skip("needs Xvfb and xdotool (scripts/bootstrap.sh installs them)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        ready = select.select([read], [], [], START_S)[0]
        number = os.read(read, 64).decode().strip() if ready else ""
        if not number.isdigit():
            pytest.skip("Xvfb could not start")
        yield f":{number}"
    finally:
        os.close(read)
        server.terminate()
        server.wait(timeout=10)


def test_a_scanned_receipt_is_looked_up_as_printed(display: str, tmp_path: Path) -> None:
    data_dir = ensure_data_dir(tmp_path / "data")
    with Store.open(database_path(data_dir)) as store:
        number = store.save_answers("elderly_allowance", "scan", {"full_name": "王"}, {},
                                    "zh_CN").tracking_number
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "KIOSK_DATA_DIR": str(data_dir)}
    env.pop("WAYLAND_DISPLAY", None)
    window = subprocess.Popen([sys.executable, "-m", "tests.helpers.scanner_window", str(data_dir)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
    try:
        lines = Lines(window)
        assert lines.next(START_S) == "READY"
        subprocess.run(["xdotool", "key", "--delay", str(KEY_DELAY_MS), *number, "Return"],
                       env=env, check=True, timeout=30)
        said = [lines.next(30.0)]
        while not said[-1].startswith("RESULT"):
            said.append(lines.next(30.0))
        assert said == [f"SUBMITTED {number}", f"RESULT {number}"]
        assert window.wait(timeout=30) == 0
    finally:
        if window.poll() is None:
            window.terminate()
            window.wait(timeout=10)
