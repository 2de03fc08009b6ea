"""The reference central in its own process, for the sync benches.

Why a process and not `start_in_thread`: the central and the kiosk would then share one GIL, so
the central's request handling would be charged to the kiosk's throughput (and the baselines'),
and two cores could not work at once as a kiosk and a central on different machines do. A process
can also be killed and restarted for the reconnect bench, which is what an outage looks like from
the kiosk: connection refused, then a fresh server on the same port.

The server is run as `kiosk central serve` runs it (`kiosk.central.server.serve`: uvicorn binds
the port itself, access log on), with the catalog validator.

Run as `python -m kiosk.bench.central_proc --data-dir D [--port P] [--kiosk-id K]`: prints one
JSON line {"url", "port", "kiosk_id", "token", "listening_at"} once it accepts
connections, serves until stdin closes. A token is issued only when the kiosk id is new, so a
restarted central keeps it.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from kiosk.central.api.ratelimit import RateLimits

BENCH_KIOSK_ID = "bench-hall-01"


@dataclass
class CentralProcess:
    """A running central subprocess; `stop()` (or leaving `with`) ends it cleanly."""

    proc: subprocess.Popen[str]
    url: str
    port: int
    kiosk_id: str
    token: str | None
    listening_at: float = 0.0  # CLOCK_MONOTONIC when it first accepted a connection

    @classmethod
    def start(cls, data_dir: Path, port: int = 0, kiosk_id: str = BENCH_KIOSK_ID
              ) -> CentralProcess:
        data_dir.mkdir(parents=True, exist_ok=True)
        # The central's own log (an access line per request, as in production) goes to a file.
        with open(data_dir.parent / f"{data_dir.name}.log", "a", encoding="utf-8") as log:
            proc = subprocess.Popen(  # noqa: S603 - our own module, our own interpreter
                [sys.executable, "-m", "kiosk.bench.central_proc", "--data-dir", str(data_dir),
                 "--port", str(port), "--kiosk-id", kiosk_id],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True)
        assert proc.stdout is not None  # noqa: S101 - stdout=PIPE
        line = proc.stdout.readline()
        if not line:
            proc.wait(10)
            raise RuntimeError(f"the bench central did not start (exit {proc.returncode})")
        info = json.loads(line)
        return cls(proc, info["url"], info["port"], kiosk_id, info["token"],
                   info["listening_at"])

    def kill(self) -> None:
        """An outage: the process dies at once, connections are refused from now on."""
        self.proc.kill()
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None  # noqa: S101 - stdin=PIPE
            self.proc.stdin.close()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> CentralProcess:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _announce_when_listening(host: str, port: int, info: dict[str, object],
                             out: TextIO) -> None:
    """Print the JSON line once the port accepts connections (serve() gives no signal)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=1).close()
        except OSError:
            time.sleep(0.01)  # the server is starting: there is no event to wait on
            continue
        out.write(json.dumps({**info, "listening_at": time.monotonic()}) + "\n")
        out.flush()
        return
    os.kill(os.getpid(), signal.SIGTERM)


def _stop_when_stdin_closes() -> None:
    sys.stdin.read()
    os.kill(os.getpid(), signal.SIGINT)  # uvicorn shuts down gracefully


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Reference central for `kiosk bench`")
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--kiosk-id", default=BENCH_KIOSK_ID)
    args = parser.parse_args(argv)
    from kiosk.central.rules.catalogs import CentralCatalogs
    from kiosk.central.rules.validation import central_validator
    from kiosk.central.server import open_storage, serve

    faulthandler.register(signal.SIGUSR1, all_threads=True)  # stacks to the log, if it hangs
    host = "127.0.0.1"
    args.data_dir.mkdir(parents=True, exist_ok=True)
    storage = open_storage(args.data_dir)
    try:
        token = None
        if args.kiosk_id not in storage.list_kiosks():
            token = storage.add_kiosk(args.kiosk_id)
    finally:
        storage.close()
    port = args.port or _free_port(host)
    info = {"url": f"http://{host}:{port}", "port": port, "kiosk_id": args.kiosk_id,
            "token": token}
    # uvicorn's access log writes to stdout, which the bench stops reading after our line: a
    # full pipe would block the server. Keep a private copy for the line, send fd 1 to the log.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    threading.Thread(target=_announce_when_listening, args=(host, port, info, out),
                     daemon=True).start()
    threading.Thread(target=_stop_when_stdin_closes, daemon=True).start()
    # uvicorn re-raises the SIGINT we sent once it has shut down cleanly.
    with contextlib.suppress(KeyboardInterrupt):
        serve(host, port, args.data_dir,
              validator=central_validator(CentralCatalogs(args.data_dir)),
              rate_limits=_no_rate_limits())
    return 0


def _no_rate_limits() -> RateLimits:
    """The bench measures the client and the server, not the central's rate-limit policy
    (10 requests/s per kiosk by default, which would cap the one-per-request baseline at 10/s);
    docs/benchmarks.md says what the default limits mean for a drain."""
    from kiosk.central.api.ratelimit import Limit, RateLimits

    huge = Limit(rate=1e9, burst=1e9)
    return RateLimits(health_per_ip=huge, kiosk=huge, failed_auth_per_ip=huge)


if __name__ == "__main__":
    sys.exit(main())
