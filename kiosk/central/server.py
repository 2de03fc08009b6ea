"""Running the central: blocking for `kiosk central serve`, in a thread for tests and demos."""

from __future__ import annotations

import errno
import logging
import os
import socket
import threading
from pathlib import Path
from types import TracebackType

import uvicorn
from fastapi import FastAPI

from kiosk.central.api.app import Validator, create_app
from kiosk.central.api.ratelimit import RateLimits
from kiosk.central.rules.catalogs import CentralCatalogs
from kiosk.central.storage.applications import CentralStorage
from kiosk.errors import KioskError

log = logging.getLogger(__name__)

DB_FILENAME = "central.sqlite3"
# The central's database: a PostgreSQL DSN here (or --dsn) instead of <data dir>/central.sqlite3.
DSN_ENV = "KIOSK_CENTRAL_DSN"
# Read by app_from_env in each uvicorn worker process (`kiosk central serve --workers N`).
DATA_DIR_ENV = "KIOSK_CENTRAL_DATA_DIR"
_STARTUP_TIMEOUT = 30.0
_SHUTDOWN_TIMEOUT = 30.0


def database_target(data_dir: Path, dsn: str | None = None) -> str | Path:
    """`dsn`, else $KIOSK_CENTRAL_DSN, else the SQLite file inside `data_dir`."""
    return dsn or os.environ.get(DSN_ENV) or Path(data_dir) / DB_FILENAME


def open_storage(data_dir: Path, dsn: str | None = None) -> CentralStorage:
    """The central database (created and migrated if needed): see `database_target`."""
    return CentralStorage(database_target(data_dir, dsn))


def app_from_env() -> FastAPI:
    """The app factory uvicorn's worker processes call: data folder and DSN from the
    environment, the catalog validator of `kiosk central serve`."""
    from kiosk.central.rules.validation import central_validator

    data_dir = Path(os.environ[DATA_DIR_ENV])
    storage = open_storage(data_dir)
    catalogs = CentralCatalogs(data_dir)
    return create_app(storage, central_validator(catalogs), catalogs)


def serve(host: str, port: int, data_dir: Path, *, ssl_certfile: Path | None = None,
          ssl_keyfile: Path | None = None, validator: Validator | None = None,
          rate_limits: RateLimits | None = None, dsn: str | None = None,
          workers: int = 1) -> None:
    """Serve until interrupted (Ctrl+C / SIGTERM). Logs never carry residents' answers.

    Without a certificate the central speaks plain HTTP: fine on loopback or behind a TLS proxy
    on the same machine, never across a network (docs/tls.md). With `workers` > 1, uvicorn
    runs that many processes over one socket; each builds its app with `app_from_env` (so
    `validator` and `rate_limits` are those of `kiosk central serve`; rate limits are per
    process).
    """
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Tried before uvicorn starts, so a busy port is one plain line (PortUnavailable), not
    # uvicorn's log and its exit code 3; uvicorn then binds it itself (and says where it
    # listens). The port's SO_REUSEADDR lets it bind again at once.
    listening_socket(host, port).close()
    storage = open_storage(data_dir, dsn)  # migrates once, before any worker starts
    if ssl_certfile is None and host not in ("127.0.0.1", "::1", "localhost"):
        log.warning("serving plain HTTP on %s: tokens and residents' data would cross the "
                    "network unencrypted; use a certificate (docs/tls.md)", host)
    log.info("central database %s holds %d application(s) from %d kiosk(s)",
             storage.describe(), storage.count_applications(), len(storage.list_kiosks()))
    if workers > 1:
        storage.close()
        os.environ[DATA_DIR_ENV] = str(Path(data_dir).resolve())
        if dsn:
            os.environ[DSN_ENV] = dsn
        uvicorn.run("kiosk.central.server:app_from_env", factory=True, workers=workers,
                    host=host, port=port, proxy_headers=False, server_header=False,
                    ssl_certfile=str(ssl_certfile) if ssl_certfile else None,
                    ssl_keyfile=str(ssl_keyfile) if ssl_keyfile else None)
        return
    try:
        app = create_app(storage, validator, CentralCatalogs(data_dir), rate_limits=rate_limits)
        config = uvicorn.Config(
            app, host=host, port=port, proxy_headers=False, server_header=False,
            ssl_certfile=str(ssl_certfile) if ssl_certfile else None,
            ssl_keyfile=str(ssl_keyfile) if ssl_keyfile else None)
        uvicorn.Server(config).run()
    finally:
        storage.close()


class PortUnavailable(KioskError):
    """The central cannot listen where it was asked to; the message says what to do."""


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to host:port, or PortUnavailable in one plain sentence."""
    try:
        sock = _bind(host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortUnavailable(f"port {port} on {host} is already in use (is another central "
                                  "running?); choose another with --port") from None
        if exc.errno == errno.EACCES:
            raise PortUnavailable(f"port {port} needs administrator rights; choose one above "
                                  "1023 with --port") from None
        raise PortUnavailable(f"cannot listen on {host}:{port} ({exc.strerror}); check --host "
                              "and --port") from None
    return sock


class _Server(uvicorn.Server):
    """uvicorn.Server that signals a threading.Event once it listens (or failed to start)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets=sockets)
        finally:
            self.ready.set()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY on accepted connections only when the
    # listening socket says it is TCP. Without it every answer written in two parts (headers,
    # body) waits for the client's delayed ACK (Nagle; docs/benchmarks.md).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    if os.name != "nt":
        # Lets a restarted central take the same port back while old connections sit in
        # TIME_WAIT. Not on Windows, where SO_REUSEADDR would let two servers share a port.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


class RunningCentral:
    """A central serving from a background thread; stop() (or leaving `with`) shuts it down."""

    def __init__(self, server: _Server, thread: threading.Thread, sock: socket.socket,
                 storage: CentralStorage, host: str, scheme: str = "http") -> None:
        self._server, self._thread, self._sock = server, thread, sock
        self.storage = storage
        self.host = host
        self.port: int = sock.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        self.url = f"{scheme}://{shown}:{self.port}"

    def stop(self) -> None:
        """Stop accepting, finish in-flight requests, wait for the thread, close the database."""
        self._server.should_exit = True
        self._thread.join(_SHUTDOWN_TIMEOUT)
        if self._thread.is_alive():
            # Open keep-alive connections are closed by now; only a stuck handler gets here.
            self._server.force_exit = True
            self._thread.join(_SHUTDOWN_TIMEOUT)
        self._sock.close()
        self.storage.close()

    def __enter__(self) -> RunningCentral:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def start_in_thread(data_dir: Path, host: str = "127.0.0.1", port: int = 0,
                    validator: Validator | None = None, *, ssl_certfile: Path | None = None,
                    ssl_keyfile: Path | None = None, rate_limits: RateLimits | None = None,
                    dsn: str | None = None) -> RunningCentral:
    """Start a central on `host:port` (0 = any free port) and return once it accepts connections.

    Passing the port of a stopped central starts a new one on the same port, with the same data.
    With `ssl_certfile` (PEM chain) and `ssl_keyfile` it speaks HTTPS and `url` says so.
    The database: `dsn`, else $KIOSK_CENTRAL_DSN, else SQLite in `data_dir`.
    """
    storage = open_storage(data_dir, dsn)
    try:
        sock = _bind(host, port)
    except OSError:
        storage.close()
        raise
    app = create_app(storage, validator, CentralCatalogs(data_dir), rate_limits=rate_limits)
    config = uvicorn.Config(app, log_level="warning", lifespan="off", server_header=False,
                            timeout_graceful_shutdown=5,
                            ssl_certfile=str(ssl_certfile) if ssl_certfile else None,
                            ssl_keyfile=str(ssl_keyfile) if ssl_keyfile else None)
    server = _Server(config)

    def run() -> None:
        try:
            server.run(sockets=[sock])
        finally:
            server.ready.set()  # so a central that died before listening is noticed at once

    thread = threading.Thread(target=run,
                              name=f"central-{sock.getsockname()[1]}", daemon=True)
    thread.start()
    # Wait on the event; a thread that died during startup never sets `started`.
    if not server.ready.wait(_STARTUP_TIMEOUT) or not server.started:
        server.should_exit = True
        thread.join(_SHUTDOWN_TIMEOUT)
        sock.close()
        storage.close()
        raise RuntimeError(f"central did not start on {host}:{port}")
    return RunningCentral(server, thread, sock, storage, host,
                          "https" if ssl_certfile else "http")
