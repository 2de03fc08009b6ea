"""`kiosk central ...`: run and administer the reference central server from the terminal."""

from __future__ import annotations

from pathlib import Path

import click

from kiosk.paths import ensure_data_dir, resolve_data_dir


def central_dir(option: str | None) -> Path:
    """The central's own folder: --data-dir, else <kiosk data dir>/central."""
    if option:
        return ensure_data_dir(resolve_data_dir(option))
    return ensure_data_dir(resolve_data_dir(None) / "central")


def register(main: click.Group) -> None:
    from kiosk.cli import data_dir_option, emit

    @main.group()
    def central() -> None:
        """The reference central server (embedded SQLite)."""

    @central.command()
    @data_dir_option
    @click.option("--host", default="127.0.0.1", show_default=True)
    @click.option("--port", default=8765, show_default=True, type=int)
    def serve(data_dir: str | None, host: str, port: int) -> None:
        """Run the central server.  Example: kiosk central serve --port 8765"""
        from kiosk.catalog import load_catalog
        from kiosk.central.server import serve as run_server
        from kiosk.central.validation import catalog_validator

        run_server(host, port, central_dir(data_dir),
                   validator=catalog_validator(load_catalog()))

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
