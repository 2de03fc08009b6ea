"""`kiosk queue …` and `kiosk doctor`: what a technician needs to see and fix the queue."""

from __future__ import annotations

import sys

import click

from kiosk.cli.lazy_group import LazyGroup
from kiosk.cli.options import EXIT_FAILED, data_dir_from, data_dir_option, emit
from kiosk.cli.privacy import audit_cli_action
from kiosk.deploy.machine_check import machine_checks
from kiosk.errors import KioskError
from kiosk.paths import database_path
from kiosk.privacy.technician_pin import TechnicianPin
from kiosk.settings import Settings
from kiosk.store.store import STATES, Store
from kiosk.sync.diagnosis import diagnose


class NoSuchApplication(KioskError):
    pass


@click.group(cls=LazyGroup)
def queue() -> None:
    """Look at and retry the applications on this kiosk."""


@click.command("list")
@data_dir_option
@click.option("--state", type=click.Choice(STATES), default=None, help="Only this state.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def queue_list(ctx: click.Context, data_dir: str | None, state: str | None,
               as_json: bool) -> None:
    """List applications (no personal data).  Example: kiosk queue list --state quarantined"""
    with Store.open(database_path(data_dir_from(ctx, data_dir))) as store:
        apps = [a.summary() for a in store.list_applications(state, limit=100_000)]
    lines = [f"{a['tracking_number']}  {a['state']:<11} {a['service']:<20} "
             f"{a['created_at'][:19]}  {a['quarantine_reason'] or a['last_error'] or ''}"
             for a in apps]
    emit(as_json, apps, "\n".join(lines) or "no applications")


@click.command("show")
@data_dir_option
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def queue_show(ctx: click.Context, data_dir: str | None, ref: str, as_json: bool) -> None:
    """One application by id or tracking number, with its history (answers not shown).

    Example: kiosk queue show 6023-7217-4343
    """
    with Store.open(database_path(data_dir_from(ctx, data_dir))) as store:
        app = store.find(ref)
        if app is None:
            raise NoSuchApplication(f"no application with id or tracking number {ref}")
        data = {**app.summary(), "assisted_by": app.consent.get("assisted_by"),
                "fields_answered": sorted(app.answers),
                "events": store.events(app.id)}
    text = "\n".join([f"{k}: {v}" for k, v in data.items() if k != "events"]
                     + [f"  {e['at'][:19]}  {e['event']}  {e['detail'] or ''}"
                        for e in data["events"]])
    emit(as_json, data, text)


@click.command("retry")
@data_dir_option
@click.argument("refs", nargs=-1)
@click.option("--all-quarantined", is_flag=True, help="Retry every quarantined application.")
@click.pass_context
def queue_retry(ctx: click.Context, data_dir: str | None, refs: tuple[str, ...],
                all_quarantined: bool) -> None:
    """Put quarantined applications back in the queue (after fixing the cause).

    Example: kiosk queue retry 602372174343
    """
    folder = data_dir_from(ctx, data_dir)
    with Store.open(database_path(folder)) as store:
        targets = [a.id for a in store.list_applications("quarantined", limit=100_000)] \
            if all_quarantined else []
        for ref in refs:
            app = store.find(ref)
            if app is None:
                raise NoSuchApplication(f"no application with id or tracking number {ref}")
            targets.append(app.id)
        requeued = sum(store.requeue(app_id) for app_id in targets)
    audit_cli_action(folder, "queue.retry", applications=targets, requeued=requeued)
    click.echo(f"{requeued} application(s) back in the queue")
    if targets and not requeued:
        ctx.exit(EXIT_FAILED)


@click.group(cls=LazyGroup)
def technician() -> None:
    """The technician's own settings."""


@click.command("set-pin")
@data_dir_option
@click.option("--pin-stdin", is_flag=True, help="Read the PIN from standard input.")
@click.pass_context
def set_pin(ctx: click.Context, data_dir: str | None, pin_stdin: bool) -> None:
    """Set the PIN that opens the technician panel (4 to 8 digits).

    Example: kiosk technician set-pin
    """
    if pin_stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = str(click.prompt("New PIN", hide_input=True, confirmation_prompt=True))
    folder = data_dir_from(ctx, data_dir)
    TechnicianPin(folder).set_pin(pin)
    audit_cli_action(folder, "technician.set_pin")
    click.echo("technician PIN set")


@click.command()
@data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.option("--machine/--no-machine", default=True, show_default=True,
              help="Also check this computer: fonts, voice, sound, screen size, printer, "
                   "disk, clock, time zone.")
@click.option("--strict", is_flag=True, help="Exit 1 when a machine check fails too.")
@click.pass_context
def doctor(ctx: click.Context, data_dir: str | None, as_json: bool, machine: bool,
           strict: bool) -> None:
    """Check the way to the central (address, network, TLS, credentials, clock) and this
    machine (fonts, voice, sound, screen, printer, disk, clock, time zone).

    Exit 0 when every step to the central passes (with --strict: and no machine check
    fails).  Example: kiosk doctor --strict
    """
    folder = data_dir_from(ctx, data_dir)
    result = diagnose(Settings.load(folder))
    checks = machine_checks(folder) if machine else []
    machine_ok = all(c.verdict != "fail" for c in checks)
    marks = {"pass": "ok  ", "warn": "warn", "fail": "FAIL", "skipped": "--  "}
    lines = [f"[{marks[s.verdict]}] {s.step:<12} {s.message}" for s in result.steps]
    if checks:
        lines += ["", "this machine:"]
        lines += [f"[{marks[c.verdict]}] {c.check:<12} {c.message}" for c in checks]
    emit(as_json, {"ok": result.ok, "steps": [
        {"step": s.step, "verdict": s.verdict.value, "message": s.message}
        for s in result.steps], "machine_ok": machine_ok,
        "machine": [c.as_dict() for c in checks]}, "\n".join(lines))
    if not result.ok or (strict and not machine_ok):
        ctx.exit(EXIT_FAILED)
