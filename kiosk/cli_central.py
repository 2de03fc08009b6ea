"""`kiosk central ...`: run and administer the reference central server from the terminal."""

from __future__ import annotations

from pathlib import Path

import click

from kiosk.logs import configure_logging
from kiosk.paths import ensure_data_dir, resolve_data_dir


def central_dir(option: str | None) -> Path:
    """The central's own folder: --data-dir, else <kiosk data dir>/central."""
    if option:
        folder = ensure_data_dir(resolve_data_dir(option))
    else:
        folder = ensure_data_dir(resolve_data_dir(None) / "central")
    configure_logging(folder, name="central")
    return folder


def register(main: click.Group) -> None:
    from kiosk.cli import data_dir_option, emit

    @main.group()
    def central() -> None:
        """The reference central server (embedded SQLite)."""

    @central.command()
    @data_dir_option
    @click.option("--host", default="127.0.0.1", show_default=True)
    @click.option("--port", default=8765, show_default=True, type=int)
    @click.option("--certfile", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  default=None, help="TLS certificate (PEM); see docs/tls.md.")
    @click.option("--keyfile", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  default=None, help="TLS private key (PEM).")
    def serve(data_dir: str | None, host: str, port: int, certfile: Path | None,
              keyfile: Path | None) -> None:
        """Run the central server.  Example: kiosk central serve --port 8765"""
        if (certfile is None) != (keyfile is None):
            raise click.UsageError("give both --certfile and --keyfile, or neither")
        from kiosk.central.catalogs import CentralCatalogs
        from kiosk.central.server import serve as run_server
        from kiosk.central.validation import central_validator

        folder = central_dir(data_dir)
        run_server(host, port, folder, validator=central_validator(CentralCatalogs(folder)),
                   ssl_certfile=certfile, ssl_keyfile=keyfile)

    register_office(central)

    @central.command("add-kiosk")
    @data_dir_option
    @click.argument("kiosk_id")
    @click.option("--json", "as_json", is_flag=True)
    def add_kiosk(data_dir: str | None, kiosk_id: str, as_json: bool) -> None:
        """Register a kiosk (or give it a new token) and print its credentials.

        Example: kiosk central add-kiosk hall-01 --json
        """
        from kiosk.central.storage import CentralStorage

        storage = CentralStorage(central_dir(data_dir) / "central.sqlite3")
        token = storage.add_kiosk(kiosk_id)
        text = (f"kiosk_id: {kiosk_id}\ntoken: {token}\n\nOn the kiosk run:\n"
                f"  kiosk config set central.kiosk_id {kiosk_id}\n"
                f"  kiosk config set central.token {token}")
        emit(as_json, {"kiosk_id": kiosk_id, "token": token}, text)

    @central.command()
    @data_dir_option
    @click.option("--json", "as_json", is_flag=True)
    def applications(data_dir: str | None, as_json: bool) -> None:
        """List the applications the central holds.  Example: kiosk central applications --json"""
        from kiosk.central.storage import CentralStorage

        storage = CentralStorage(central_dir(data_dir) / "central.sqlite3")
        rows = storage.list_applications()
        text = "\n".join(f"{r['received_at']}  {r['tracking_number']}  {r['kiosk_id']:<12} "
                         f"{r['service_id']}  {r['id']}" for r in rows) or "no applications"
        emit(as_json, [{**r, "service": r["service_id"]} for r in rows], text)


def register_office(central: click.Group) -> None:
    """Commands the office uses: decisions and catalog publishing."""
    from kiosk.cli import data_dir_option, emit
    from kiosk.sync.protocol import OFFICE_STATUSES

    @central.command("set-status")
    @data_dir_option
    @click.argument("tracking_number")
    @click.argument("status", type=click.Choice(OFFICE_STATUSES))
    @click.option("--message", default=None, help="Words for the resident (shown and spoken).")
    @click.option("--kiosk", "kiosk_id", default=None,
                  help="Kiosk id, if two kiosks drew the same tracking number.")
    @click.option("--json", "as_json", is_flag=True)
    def set_status(data_dir: str | None, tracking_number: str, status: str,
                   message: str | None, kiosk_id: str | None, as_json: bool) -> None:
        """Record the office's decision; the kiosk pulls it at its next sync.

        Example: kiosk central set-status 602372174343 approved --message "下月起发放"
        """
        from kiosk.central.storage import CentralStorage
        from kiosk.tracking import normalize

        storage = CentralStorage(central_dir(data_dir) / "central.sqlite3")
        change = storage.set_status(normalize(tracking_number), status, message, kiosk_id)
        emit(as_json, change.model_dump(), f"{change.tracking_number}: {status}")

    @central.command("publish-catalog")
    @data_dir_option
    @click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
    def publish_catalog(data_dir: str | None, source: Path) -> None:
        """Check a catalog folder and publish it to every kiosk (version must be new).

        Example: kiosk central publish-catalog ./catalog-2026.12
        """
        from kiosk.central.catalogs import CentralCatalogs

        catalog = CentralCatalogs(central_dir(data_dir)).publish(source)
        click.echo(f"catalog {catalog.version} published: {len(catalog.services)} services")
