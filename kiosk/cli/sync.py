"""`kiosk sync`, `kiosk status` and `kiosk sync-service`: the technician's view of the queue from a
terminal, and the background sender the kiosk-sync service runs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from kiosk.cli.options import EXIT_FAILED, data_dir_from, data_dir_option, emit
from kiosk.domain.active_catalog import load_active_catalog
from kiosk.errors import ConfigError
from kiosk.logs import configure_logging
from kiosk.paths import database_path
from kiosk.settings import Settings
from kiosk.store.outbox import OUTBOX_KINDS
from kiosk.store.retention import purge_after_sync
from kiosk.store.store import Store
from kiosk.sync.client import CentralUnavailable
from kiosk.sync.engine import PushReport, SyncEngine, sender_id
from kiosk.sync.pull import CLOCK_SKEW, NOTICES_ERROR, PullReport, pull_all
from kiosk.sync.ratings_votes import RATINGS_VOTES_ERROR_META, OutboxReport
from kiosk.sync.runner import client_from_settings, is_configured
from kiosk.sync.service import run_sync_service
from kiosk.sync.status import SyncState, read_status, record_success


def _age(since: dt.datetime | None) -> float | None:
    return None if since is None else round((dt.datetime.now(dt.UTC) - since).total_seconds(), 1)


def _human_age(seconds: float | None) -> str:
    if seconds is None:
        return "none"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m" if hours else f"{minutes}m {secs}s"


def _records(count: int) -> str:
    return f"{count} record" if count == 1 else f"{count} records"


def _pending(counts: dict[str, int]) -> int:
    return counts["queued"] + counts["sending"]


def _feedback(report: OutboxReport, pending: int) -> dict[str, Any]:
    return {"delivered": report.delivered, "rejected": report.rejected,
            "quarantined_ids": report.rejected_ids, "pending": pending}


@click.command()
@data_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def sync(ctx: click.Context, data_dir: str | None, as_json: bool) -> None:
    """Send queued applications now; exit 0 only when nothing is left pending.

    Example: kiosk sync --json
    """
    folder = data_dir_from(ctx, data_dir)
    settings = Settings.load(folder)
    if not is_configured(settings):
        raise ConfigError("the central is not configured: set central.url, "
                          "central.kiosk_id and central.token with `kiosk config set`")
    report = PushReport()
    pulled = PullReport()
    error: str | None = None
    with Store.open(database_path(folder)) as store, client_from_settings(settings) as client:
        total = store.pending_count()

        def progress(done: PushReport) -> None:
            click.echo(f"sent {done.delivered + done.rejected}/{total}", err=True)

        engine = SyncEngine(store, client, sender_id("cli"),
                            batch_size=settings.get("sync.batch_size"), on_progress=progress)
        purged = 0
        try:
            engine.push_pending(report)
            pulled = pull_all(store, client, folder)
            record_success(store)  # nothing to send is a successful sync too
        except CentralUnavailable as exc:  # other sync errors propagate as plain messages
            error = str(exc)
            store.set_meta({"last_error": error})
        finally:  # the kiosk purges after each sync (docs/privacy.md)
            purged = purge_after_sync(store, folder, settings.get("privacy.retention_days"))
        counts = store.counts()
        ratings_left = _pending(store.outbox_counts("ratings"))
        votes_left = _pending(store.outbox_counts("votes"))
    pending = counts["queued"] + counts["sending"]
    result: dict[str, Any] = {
        "status_changes": pulled.status_changes,
        "catalog_installed": pulled.catalog_version,
        "accepted": report.accepted, "duplicate": report.duplicate,
        "rejected": report.rejected, "quarantined_ids": report.rejected_ids,
        "pending": pending, "error": error,
        "ratings": _feedback(report.ratings_votes.ratings, ratings_left),
        "votes": _feedback(report.ratings_votes.votes, votes_left),
        "feedback_error": report.ratings_votes.error,
        "announcements": pulled.announcements,
        "consultation_results": pulled.consultation_results,
        "purged": purged,
    }
    text = (f"sent {report.delivered} (new {report.accepted}, already there "
            f"{report.duplicate}), quarantined {report.rejected}, still pending {pending}")
    if pulled.catalog_version:
        text += f"\ncatalog {pulled.catalog_version} installed from the central"
    if pulled.catalog_error:
        text += f"\n{pulled.catalog_error}"
    if purged:
        text += f"\npersonal answers deleted (retention): {_records(purged)}"
    if error:
        text += f"\nerror: {error}"
    elif counts["sending"]:
        text += "\n(another sender is sending some of them right now)"
    emit(as_json, result, text)
    if pending:
        ctx.exit(EXIT_FAILED)


@click.command()
@data_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def status(ctx: click.Context, data_dir: str | None, as_json: bool) -> None:
    """Counts per state, oldest pending age, last successful sync, central URL.

    Example: kiosk status --json
    """
    folder = data_dir_from(ctx, data_dir)
    settings = Settings.load(folder)
    with Store.open(database_path(folder)) as store:
        counts = store.counts()
        state = SyncState.IDLE if is_configured(settings) else SyncState.NOT_CONFIGURED
        snapshot = read_status(store, state, settings.get("central.url"))
        office = store.office_status_counts()
        skew = store.get_meta(CLOCK_SKEW)
        catalog_error = store.get_meta("catalog_error")
        feedback = {kind: store.outbox_counts(kind) for kind in OUTBOX_KINDS}
        feedback_error = store.get_meta(RATINGS_VOTES_ERROR_META) or store.get_meta(NOTICES_ERROR)
        announcements = len(store.current_announcements())
    catalog = load_active_catalog(folder)
    oldest_age = _age(snapshot.oldest_pending_at)
    data = {
        "counts": counts,
        "pending": snapshot.pending,
        "oldest_pending_age_seconds": oldest_age,
        "last_successful_sync": snapshot.last_success_at,
        "last_error": snapshot.last_error,
        "central_url": snapshot.central_url,
        "configured": state is SyncState.IDLE,
        "office_status": office,
        "clock_skew_seconds": float(skew) if skew else None,
        "catalog_version": catalog.version,
        "catalog_error": catalog_error,
        "ratings": feedback["ratings"],
        "votes": feedback["votes"],
        "queued_ratings": _pending(feedback["ratings"]),
        "queued_votes": _pending(feedback["votes"]),
        "feedback_error": feedback_error,
        "announcements": announcements,
    }
    text = "\n".join([
        "applications: " + ", ".join(f"{k} {v}" for k, v in counts.items()),
        f"oldest pending: {_human_age(oldest_age)}",
        f"last successful sync: {snapshot.last_success_at or 'never'}",
        f"last error: {snapshot.last_error or 'none'}",
        f"central: {snapshot.central_url or 'not configured'}",
        "office decisions: " + (", ".join(f"{k} {v}" for k, v in office.items()) or "none"),
        f"catalog: {catalog.version}" + (f" ({catalog_error})" if catalog_error else ""),
        *(f"{kind}: " + ", ".join(f"{k} {v}" for k, v in feedback[kind].items())
          for kind in OUTBOX_KINDS),
        *([f"feedback: {feedback_error}"] if feedback_error else []),
        f"announcements shown: {announcements}",
    ])
    emit(as_json, data, text)


@click.command("sync-service")
@data_dir_option
@click.pass_context
def sync_service(ctx: click.Context, data_dir: str | None) -> None:
    """Keep sending in the background until stopped (the kiosk-sync service runs this).

    Example: kiosk sync-service
    """
    folder = data_dir_from(ctx, data_dir)
    configure_logging(folder, console=True)  # a service: its warnings reach the journal too
    ctx.exit(run_sync_service(folder))
