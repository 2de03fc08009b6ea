"""`kiosk keys`, `kiosk purge`, `kiosk audit`, `kiosk volunteer`: privacy and accountability."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

import click

from kiosk.cli.lazy_group import LazyGroup
from kiosk.cli.options import EXIT_FAILED, data_dir_from, data_dir_option, emit
from kiosk.domain.active_catalog import load_active_catalog
from kiosk.paths import database_path
from kiosk.privacy.audit import AuditLog
from kiosk.privacy.volunteers import VolunteerRegistry
from kiosk.settings import Settings
from kiosk.store.retention import purge_expired
from kiosk.store.store import Store


def audit_cli_action(folder: Path, action: str, **detail: Any) -> None:
    """Every technician action from the command line is recorded with the OS user who ran it."""
    with Store.open(database_path(folder)) as store:
        AuditLog(folder, store).record("technician", f"cli:{getpass.getuser()}", action,
                                       **detail)


@click.group(cls=LazyGroup)
def keys() -> None:
    """The keys that encrypt residents' data on this kiosk."""


@click.command("rotate")
@data_dir_option
@click.pass_context
def rotate(ctx: click.Context, data_dir: str | None) -> None:
    """Make a new data key, re-encrypt everything with it, then drop the old key.

    Safe to interrupt: the old key is removed only after every row uses the new one.
    Example: kiosk keys rotate
    """
    folder = data_dir_from(ctx, data_dir)
    with Store.open(database_path(folder)) as store:
        new = store.cipher.add_new_current_key()
        rewritten = store.reencrypt()
        dropped = store.cipher.drop_keys_except(store.key_ids_in_use())
    audit_cli_action(folder, "keys.rotate", new_key=new, dropped=dropped)
    click.echo(f"new key {new}: {rewritten} application(s) re-encrypted, "
               f"old key(s) {', '.join(dropped) or 'none'} removed")


@click.command()
@data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def purge(ctx: click.Context, data_dir: str | None, as_json: bool) -> None:
    """Delete personal answers of applications delivered longer ago than their retention.

    The kiosk does this by itself after each sync.  Example: kiosk purge
    """
    folder = data_dir_from(ctx, data_dir)
    with Store.open(database_path(folder)) as store:
        count = purge_expired(store, load_active_catalog(folder),
                              Settings.load(folder).get("privacy.retention_days"))
    emit(as_json, {"purged": count}, f"{count} application(s) purged")


@click.group(cls=LazyGroup)
def audit() -> None:
    """The append-only log of what volunteers and technicians did."""


@click.command("verify")
@data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def audit_verify(ctx: click.Context, data_dir: str | None, as_json: bool) -> None:
    """Check that no audit entry was edited, removed or inserted (exit 1 if one was).

    Example: kiosk audit verify
    """
    folder = data_dir_from(ctx, data_dir)
    with Store.open(database_path(folder)) as store:
        log = AuditLog(folder, store)
        problems, count = log.verify(), len(log.entries())
    emit(as_json, {"ok": not problems, "entries": count,
                   "problems": [{"line": p.line, "problem": p.problem} for p in problems]},
         "\n".join(f"line {p.line}: {p.problem}" for p in problems)
         or f"audit log intact: {count} entries")
    if problems:
        ctx.exit(EXIT_FAILED)


@click.command("list")
@data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def audit_list(ctx: click.Context, data_dir: str | None, as_json: bool) -> None:
    """Show the audit entries.  Example: kiosk audit list"""
    folder = data_dir_from(ctx, data_dir)
    with Store.open(database_path(folder)) as store:
        entries = AuditLog(folder, store).entries()
    emit(as_json, entries, "\n".join(
        f"{e['seq']:>5} {e['at'][:19]} {e['role']:<10} {e['actor']:<16} {e['action']} "
        f"{e['detail'] or ''}" for e in entries) or "no entries")


@click.group(cls=LazyGroup)
def volunteer() -> None:
    """Volunteers' badge codes for assisted mode."""


@click.command("add")
@data_dir_option
@click.argument("volunteer_id")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def volunteer_add(ctx: click.Context, data_dir: str | None, volunteer_id: str, name: str,
                  as_json: bool) -> None:
    """Register a volunteer (or issue a new badge code) and print the code once.

    Example: kiosk volunteer add li-ming 李明
    """
    folder = data_dir_from(ctx, data_dir)
    code = VolunteerRegistry(folder).add(volunteer_id, name)
    audit_cli_action(folder, "volunteer.add", volunteer=volunteer_id)
    emit(as_json, {"id": volunteer_id, "name": name, "badge_code": code},
         f"badge code for {name} ({volunteer_id}): {code}")


@click.command("remove")
@data_dir_option
@click.argument("volunteer_id")
@click.pass_context
def volunteer_remove(ctx: click.Context, data_dir: str | None, volunteer_id: str) -> None:
    """Withdraw a volunteer's badge.  Example: kiosk volunteer remove li-ming"""
    folder = data_dir_from(ctx, data_dir)
    if not VolunteerRegistry(folder).remove(volunteer_id):
        click.echo(f"error: no volunteer {volunteer_id}", err=True)
        ctx.exit(EXIT_FAILED)
    audit_cli_action(folder, "volunteer.remove", volunteer=volunteer_id)
    click.echo(f"{volunteer_id} removed")


@click.command("list")
@data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def volunteer_list(ctx: click.Context, data_dir: str | None, as_json: bool) -> None:
    """List registered volunteers (never their codes).  Example: kiosk volunteer list"""
    people = VolunteerRegistry(data_dir_from(ctx, data_dir)).list()
    emit(as_json, [{"id": v.id, "name": v.name} for v in people],
         "\n".join(f"{v.id}  {v.name}" for v in people) or "no volunteers")
