"""Process-tree memory and the central process the sync items run against."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from kiosk.bench.central_proc import CentralProcess
from kiosk.bench.procs import process_tree, tree_memory
from kiosk.wire.protocol import HEALTH_PATH


def test_tree_memory_counts_children_and_grandchildren() -> None:
    code = ("import subprocess, sys; p = subprocess.Popen([sys.executable, '-c', "
            "'import sys; sys.stdin.read()'], stdin=subprocess.PIPE); print(p.pid, flush=True); "
            "sys.stdin.read(); p.stdin.close(); p.wait()")
    parent = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        grandchild = int(parent.stdout.readline())
        assert process_tree(parent.pid) == [parent.pid, grandchild]
        memory = tree_memory(parent.pid)
        assert memory.rss_mib > 0 and len(memory.names) == 2
    finally:
        parent.communicate("", timeout=30)


def test_central_process_serves_and_keeps_its_token_after_a_restart(tmp_path: Path) -> None:
    with CentralProcess.start(tmp_path / "c") as central:
        assert central.token and central.listening_at > 0
        assert httpx.get(central.url + HEALTH_PATH).status_code == 200
        port = central.port
        central.kill()
        again = CentralProcess.start(tmp_path / "c", port=port)
        with again:
            assert again.port == port and again.token is None  # the kiosk's token still works
            assert httpx.get(again.url + HEALTH_PATH).status_code == 200
