"""Starting the central as `kiosk central serve` does, on a free loopback port."""

from __future__ import annotations

import socket
import subprocess


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_serving(server: subprocess.Popen[str]) -> None:
    """Read the server's log until uvicorn says it listens (or the process ends)."""
    assert server.stderr is not None
    for line in server.stderr:
        if "running on" in line.lower():
            return
    raise AssertionError(f"central exited during start-up ({server.wait()})")
