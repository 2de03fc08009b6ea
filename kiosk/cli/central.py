"""`kiosk central ...`: run and administer the reference central server from the terminal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kiosk.cli.lazy_group import LazyGroup
from kiosk.cli.options import data_dir_option, emit, verbose
from kiosk.logs import configure_logging
from kiosk.paths import ensure_data_dir, resolve_data_dir
from kiosk.wire.protocol import OFFICE_STATUSES

if TYPE_CHECKING:
    from kiosk.central.storage.applications import CentralStorage


def central_dir(option: str | None, *, console: bool = False) -> Path:
    """The central's own folder: --data-dir, else <kiosk data dir>/central. `console`: the
    server's warnings also on stderr (`serve` runs in a terminal; other commands print only
    their answer)."""
    if option:
        folder = ensure_data_dir(resolve_data_dir(option))
    else:
        folder = ensure_data_dir(resolve_data_dir(None) / "central")
    ctx = click.get_current_context(silent=True)
    configure_logging(folder, name="central", verbose=verbose(ctx), console=console)
    return folder


dsn_option = click.option(
    "--dsn", envvar="KIOSK_CENTRAL_DSN", default=None,
    help="PostgreSQL database (postgresql://user@host/db); default: SQLite in the data dir. "
         "Also read from $KIOSK_CENTRAL_DSN.")


@click.group(cls=LazyGroup)
def central() -> None:
    """The reference central server (embedded SQLite)."""


@click.command()
@data_dir_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, show_default=True, type=int)
@click.option("--certfile", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="TLS certificate (PEM); see docs/tls.md.")
@click.option("--keyfile", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="TLS private key (PEM).")
@dsn_option
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes sharing the port (use PostgreSQL beyond a township).")
def serve(data_dir: str | None, host: str, port: int, certfile: Path | None,
          keyfile: Path | None, dsn: str | None, workers: int) -> None:
    """Run the central server.  Example: kiosk central serve --port 8765 --workers 4

    The database is <data dir>/central.sqlite3 unless --dsn (or $KIOSK_CENTRAL_DSN) names
    a PostgreSQL database; see docs/central-scale.md.
    """
    if (certfile is None) != (keyfile is None):
        raise click.UsageError("give both --certfile and --keyfile, or neither")
    from kiosk.central.rules.catalogs import CentralCatalogs
    from kiosk.central.rules.validation import central_validator
    from kiosk.central.server import serve as run_server

    folder = central_dir(data_dir, console=True)
    run_server(host, port, folder, validator=central_validator(CentralCatalogs(folder)),
               ssl_certfile=certfile, ssl_keyfile=keyfile, dsn=dsn, workers=workers)


@click.command("add-kiosk")
@data_dir_option
@click.argument("kiosk_id")
@click.option("--json", "as_json", is_flag=True)
def add_kiosk(data_dir: str | None, kiosk_id: str, as_json: bool) -> None:
    """Register a kiosk (or give it a new token) and print its credentials.

    Example: kiosk central add-kiosk hall-01 --json
    """
    token = _storage(data_dir).add_kiosk(kiosk_id)
    text = (f"kiosk_id: {kiosk_id}\ntoken: {token}\n\nOn the kiosk run:\n"
            f"  kiosk config set central.kiosk_id {kiosk_id}\n"
            f"  kiosk config set central.token {token}")
    emit(as_json, {"kiosk_id": kiosk_id, "token": token}, text)


@click.command()
@data_dir_option
@click.option("--json", "as_json", is_flag=True)
def applications(data_dir: str | None, as_json: bool) -> None:
    """List the applications the central holds.  Example: kiosk central applications --json"""
    rows = _storage(data_dir).list_applications()
    text = "\n".join(f"{r['received_at']}  {r['tracking_number']}  {r['kiosk_id']:<12} "
                     f"{r['service_id']}  {r['id']}" for r in rows) or "no applications"
    emit(as_json, [{**r, "service": r["service_id"]} for r in rows], text)


# -- the office: its decisions and catalog publishing

@click.command("set-status")
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
    from kiosk.domain.tracking import normalize

    change = _storage(data_dir).set_status(normalize(tracking_number), status, message,
                                           kiosk_id)
    emit(as_json, change.model_dump(), f"{change.tracking_number}: {status}")


@click.command("publish-catalog")
@data_dir_option
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
def publish_catalog(data_dir: str | None, source: Path) -> None:
    """Check a catalog folder and publish it to every kiosk (version must be new).

    Example: kiosk central publish-catalog ./catalog-2026.12
    """
    from kiosk.central.rules.catalogs import CentralCatalogs

    catalog = CentralCatalogs(central_dir(data_dir)).publish(source)
    click.echo(f"catalog {catalog.version} published: {len(catalog.services)} services")


def _storage(data_dir: str | None, dsn: str | None = None) -> CentralStorage:
    """The central database: --dsn, else $KIOSK_CENTRAL_DSN, else <data dir>/central.sqlite3."""
    from kiosk.central.server import open_storage

    return open_storage(central_dir(data_dir), dsn)




# -- residents' ratings and consultations, and the notices the central publishes

@click.command()
@data_dir_option
@click.option("--json", "as_json", is_flag=True)
def ratings(data_dir: str | None, as_json: bool) -> None:
    """好差评 from every kiosk, per service: count per level (5 best), average, reasons.

    Example: kiosk central ratings --json
    """
    from kiosk.cli.lookup_ratings import _summary_text

    summary = _storage(data_dir).rating_summary()
    emit(as_json, summary, _summary_text(summary))


@click.command("consultation-results")
@data_dir_option
@click.option("--all", "include_open", is_flag=True,
              help="Also count consultations still open (kiosks see closed ones only).")
@click.option("--json", "as_json", is_flag=True)
def consultation_results(data_dir: str | None, include_open: bool, as_json: bool) -> None:
    """Votes per option of the consultations closed by now, from every kiosk.

    Example: kiosk central consultation-results --json
    """
    from kiosk.central.rules.catalogs import CentralCatalogs
    from kiosk.central.rules.ratings_votes import closed_results

    folder = central_dir(data_dir)
    results = closed_results(_storage(data_dir), CentralCatalogs(folder),
                             include_open=include_open)
    rows = [r.model_dump() for r in results]
    text = "\n".join(f"{r['consultation_id']} (closes {r['closes']}): {r['total']} vote(s); "
                     + ", ".join(f"{k} {v}" for k, v in r["counts"].items())
                     for r in rows) or "no closed consultations"
    emit(as_json, rows, text)


@click.command()
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
    from kiosk.domain.announcements import MAX_ANNOUNCEMENT

    texts = {"--zh": zh_cn.strip(), "--en": en.strip()}
    for option, text in texts.items():
        if not text or len(text) > MAX_ANNOUNCEMENT:
            raise click.BadParameter(f"give 1 to {MAX_ANNOUNCEMENT} characters",
                                     param_hint=option)
    item = _storage(data_dir).add_announcement(texts["--zh"], texts["--en"],
                                               until.date() if until else None)
    emit(as_json, item.model_dump(), f"announcement {item.id} published")


@click.command()
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


@click.command()
@data_dir_option
@click.argument("announcement_id", type=int)
def withdraw(data_dir: str | None, announcement_id: int) -> None:
    """Stop showing an announcement; kiosks drop it at their next sync.

    Example: kiosk central withdraw 3
    """
    _storage(data_dir).withdraw_announcement(announcement_id)
    click.echo(f"announcement {announcement_id} withdrawn")


# -- back-office operators, schema migrations and the load simulator

@click.command("add-operator")
@data_dir_option
@click.argument("operator_id")
@click.option("--json", "as_json", is_flag=True)
def add_operator(data_dir: str | None, operator_id: str, as_json: bool) -> None:
    """Register a back-office operator (or give it a new token) for the office API.

    Example: kiosk central add-operator records-office --json
    """
    token = _storage(data_dir).add_operator(operator_id)
    text = (f"operator_id: {operator_id}\ntoken: {token}\n\nSend with every office request:"
            f"\n  Authorization: Bearer {token}\n  X-Operator-Id: {operator_id}")
    emit(as_json, {"operator_id": operator_id, "token": token}, text)


@click.command()
@data_dir_option
@dsn_option
def migrate(data_dir: str | None, dsn: str | None) -> None:
    """Bring the central database to the newest schema (serve also does it on start).

    Example: kiosk central migrate --dsn postgresql://kiosk@db/central
    """
    from kiosk.central.storage.migrate import current_revision

    storage = _storage(data_dir, dsn)
    click.echo(f"{storage.describe()}: schema revision {current_revision(storage.db)}")
    storage.close()


@click.command()
@data_dir_option
@dsn_option
@click.option("--kiosks", default=500, show_default=True, type=click.IntRange(1, 10000))
@click.option("--queue", default=20, show_default=True, type=click.IntRange(1, 100000),
              help="Applications waiting on each kiosk.")
@click.option("--batch", default=50, show_default=True, type=click.IntRange(1, 500))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--probe-interval", default=1.0, show_default=True, type=float,
              help="Kiosks notice the central within this many seconds (0: all at once).")
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--json", "as_json", is_flag=True)
def loadsim(data_dir: str | None, dsn: str | None, kiosks: int, queue: int, batch: int,
            workers: int, probe_interval: float, seed: int, as_json: bool) -> None:
    """Simulate N kiosks reconnecting at once after an outage, against a fresh central.

    Starts `kiosk central serve --workers W` on a free loopback port (SQLite in a new
    folder, or --data-dir; PostgreSQL with --dsn), reports throughput, p50/p99 batch
    latency, errors and requests per second, and checks every application was stored
    exactly once.  Example: kiosk central loadsim --kiosks 500 --workers 2 --json
    """
    from kiosk.central.loadsim import LoadConfig, render
    from kiosk.central.loadsim_run import run_loadsim

    config = LoadConfig(kiosks=kiosks, queue=queue, batch=batch,
                        probe_interval=probe_interval, seed=seed)
    folder = Path(resolve_data_dir(data_dir)) if data_dir else None
    report = run_loadsim(config, workers=workers, dsn=dsn, data_dir=folder)
    emit(as_json, report.as_dict(), render(report))
    if not report.exactly_once:
        raise SystemExit(1)
