"""`kiosk central ...`: run and administer the reference central server from the terminal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kiosk.logs import configure_logging
from kiosk.paths import ensure_data_dir, resolve_data_dir

if TYPE_CHECKING:
    from kiosk.central.storage import CentralStorage


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
    register_feedback(central)

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


def _storage(data_dir: str | None) -> CentralStorage:
    from kiosk.central.storage import CentralStorage

    return CentralStorage(central_dir(data_dir) / "central.sqlite3")


def register_feedback(central: click.Group) -> None:
    """Residents' feedback (ratings, consultations) and the notices the central publishes."""
    from kiosk.cli import data_dir_option, emit

    @central.command()
    @data_dir_option
    @click.option("--json", "as_json", is_flag=True)
    def ratings(data_dir: str | None, as_json: bool) -> None:
        """好差评 from every kiosk, per service: count per level (5 best), average, reasons.

        Example: kiosk central ratings --json
        """
        from kiosk.cli_feedback import _summary_text

        summary = _storage(data_dir).rating_summary()
        emit(as_json, summary, _summary_text(summary))

    @central.command("consultation-results")
    @data_dir_option
    @click.option("--all", "include_open", is_flag=True,
                  help="Also count consultations still open (kiosks see closed ones only).")
    @click.option("--json", "as_json", is_flag=True)
    def consultation_results(data_dir: str | None, include_open: bool, as_json: bool) -> None:
        """Votes per option of the consultations closed by now, from every kiosk.

        Example: kiosk central consultation-results --json
        """
        from kiosk.central.catalogs import CentralCatalogs
        from kiosk.central.feedback_rules import closed_results

        folder = central_dir(data_dir)
        results = closed_results(_storage(data_dir), CentralCatalogs(folder),
                                 include_open=include_open)
        rows = [r.model_dump() for r in results]
        text = "\n".join(f"{r['consultation_id']} (closes {r['closes']}): {r['total']} vote(s); "
                         + ", ".join(f"{k} {v}" for k, v in r["counts"].items())
                         for r in rows) or "no closed consultations"
        emit(as_json, rows, text)

    @central.command()
    @data_dir_option
    @click.option("--zh", "zh_cn", required=True, help="The notice in Chinese (spoken).")
    @click.option("--en", required=True, help="The notice in English.")
    @click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                  help="Last day to show it (YYYY-MM-DD, China time); default: until withdrawn.")
    @click.option("--json", "as_json", is_flag=True)
    def announce(data_dir: str | None, zh_cn: str, en: str, until: dt.datetime | None,
                 as_json: bool) -> None:
        """Publish a short notice for every kiosk's home screen (pulled at their next sync).

        Example: kiosk central announce --zh "本周六办事大厅照常开门" --en "Open this Saturday"
        """
        from kiosk.announcements import MAX_ANNOUNCEMENT

        texts = {"--zh": zh_cn.strip(), "--en": en.strip()}
        for option, text in texts.items():
            if not text or len(text) > MAX_ANNOUNCEMENT:
                raise click.BadParameter(f"give 1 to {MAX_ANNOUNCEMENT} characters",
                                         param_hint=option)
        item = _storage(data_dir).add_announcement(texts["--zh"], texts["--en"],
                                                   until.date() if until else None)
        emit(as_json, item.model_dump(), f"announcement {item.id} published")

    @central.command()
    @data_dir_option
    @click.option("--json", "as_json", is_flag=True)
    def announcements(data_dir: str | None, as_json: bool) -> None:
        """Every announcement published, newest first, withdrawn ones marked.

        Example: kiosk central announcements --json
        """
        rows = _storage(data_dir).list_announcements()
        text = "\n".join(
            f"{r['id']:>4}  {r['published_at'][:16]}  until {r['until'] or '-':<10}  "
            f"{'WITHDRAWN ' if r['withdrawn_at'] else ''}{r['zh_CN']}" for r in rows)
        emit(as_json, rows, text or "no announcements")

    @central.command()
    @data_dir_option
    @click.argument("announcement_id", type=int)
    def withdraw(data_dir: str | None, announcement_id: int) -> None:
        """Stop showing an announcement; kiosks drop it at their next sync.

        Example: kiosk central withdraw 3
        """
        _storage(data_dir).withdraw_announcement(announcement_id)
        click.echo(f"announcement {announcement_id} withdrawn")
