"""Setting up a load simulation: a fresh central in its own processes, kiosks registered.

`run_loadsim` registers N kiosks (loadsim-0000…) in the central's database, starts `kiosk central
serve --workers W` on a free loopback port, runs the simulation (kiosk/central/loadsim.py), stops
the central and counts what the database gained.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from kiosk.central.loadsim import KIOSK_PREFIX, LoadConfig, LoadReport, build_report, simulate
from kiosk.central.server import DSN_ENV, open_storage
from kiosk.wire.protocol import HEALTH_PATH

_READY_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_serving(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Return once GET /health answers; raise if the process exits or time runs out."""
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=url, timeout=2.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the central exited with status {process.returncode}")
            try:
                if client.get(HEALTH_PATH).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)  # polling a starting server: there is no event to wait on
    raise RuntimeError(f"the central at {url} did not answer within {timeout:.0f} s")


def start_central(folder: Path, port: int, workers: int, dsn: str | None
                  ) -> subprocess.Popen[bytes]:
    """The central as `kiosk central serve` runs it (catalog validator, default rate limits,
    `workers` uvicorn processes), in a process of its own; its output in <folder>/serve.log."""
    env = {key: value for key, value in os.environ.items() if key != DSN_ENV}
    if dsn:
        env[DSN_ENV] = dsn
    command = [sys.executable, "-m", "kiosk.central.loadsim_run", str(folder), str(port),
               str(workers)]
    with open(folder / "serve.log", "ab") as output:
        # Our own interpreter and arguments: nothing untrusted reaches the command line.
        return subprocess.Popen(command, env=env, stdout=output,  # noqa: S603
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def stop_central(process: subprocess.Popen[bytes]) -> None:
    process.terminate()  # uvicorn shuts down gracefully on SIGTERM, workers included
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(30)


def run_loadsim(config: LoadConfig, *, workers: int = 1, dsn: str | None = None,
                data_dir: Path | None = None) -> LoadReport:
    folder = Path(data_dir or tempfile.mkdtemp(prefix="kiosk-loadsim-"))
    folder.mkdir(parents=True, exist_ok=True)
    storage = open_storage(folder, dsn)
    try:
        backend = "PostgreSQL" if storage.db.dialect == "postgresql" else "SQLite"
        before = storage.count_applications()
        credentials = [(f"{KIOSK_PREFIX}{index:04d}", "") for index in range(config.kiosks)]
        credentials = [(kiosk_id, storage.add_kiosk(kiosk_id)) for kiosk_id, _ in credentials]
    finally:
        storage.close()
    port = free_port()
    process = start_central(folder, port, workers, dsn)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process, _READY_TIMEOUT)
        log, duration = asyncio.run(simulate(url, credentials, config))
    finally:
        stop_central(process)
    storage = open_storage(folder, dsn)
    try:
        stored = storage.count_applications() - before
    finally:
        storage.close()
    return build_report(log, duration, config, backend, workers, stored)


def _serve(argv: list[str]) -> None:
    from kiosk.central.rules.catalogs import CentralCatalogs
    from kiosk.central.rules.validation import central_validator
    from kiosk.central.server import serve

    folder, port, workers = Path(argv[0]), int(argv[1]), int(argv[2])
    serve("127.0.0.1", port, folder, validator=central_validator(CentralCatalogs(folder)),
          workers=workers)


if __name__ == "__main__":
    _serve(sys.argv[1:])
