"""`kiosk export` and `kiosk import-ack`: the queue on a USB stick (the kiosk's side).

For halls with no network at all: the kiosk writes its pending applications into one encrypted,
authenticated bundle; the central imports it and writes an acknowledgement; back on the kiosk the
acknowledgement marks them delivered. Until then they stay queued, so nothing is lost if the
stick never comes back, and a later network sync only meets `duplicate` at the central.
docs/usb-transfer.md is the technician's guide; `kiosk central import` is in
kiosk/cli/central_import.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click

from kiosk.cli.options import data_dir_from, data_dir_option, emit, progress_printer
from kiosk.errors import ConfigError, KioskError
from kiosk.paths import database_path
from kiosk.settings import Settings
from kiosk.store.store import PENDING_STATES, Store, StoredApplication
from kiosk.sync.engine import to_payload
from kiosk.wire.bundle import (
    Ack,
    AckDamaged,
    encode_bundle,
    peek_ack,
    read_file,
    verify_ack,
    write_atomically,
)
from kiosk.wire.protocol import derive_bundle_key

_ALL = 1 << 62  # list_applications has a limit; an export wants every pending record


def _credentials(folder: Path) -> tuple[str, bytes]:
    settings = Settings.load(folder)
    kiosk_id, token = settings.get("central.kiosk_id"), settings.get("central.token")
    if not kiosk_id or not token:
        raise ConfigError("this kiosk has no central credentials: set central.kiosk_id and "
                          "central.token (from `kiosk central add-kiosk`) with `kiosk config set`")
    return kiosk_id, derive_bundle_key(token)


def pending_applications(store: Store) -> list[StoredApplication]:
    """Every application not yet acknowledged, read WITHOUT claiming it.

    Claiming (even claim + release) would hold records away from the network sender while the
    stick is written, bump their attempt counters and overwrite their last error. Reading is
    enough because nothing changes state here: the records stay queued until an ack comes back,
    and if the network delivers some meanwhile, the central answers `duplicate` for them. For the
    same reason records in 'sending' are included even while their lease runs: the send in
    flight may well fail (that is why a stick is being used), and a copy costs nothing.
    """
    found = store.list_applications("queued", _ALL) + store.list_applications("sending", _ALL)
    return sorted(found, key=lambda a: (a.created_at, a.id))


@dataclass
class AckOutcome:
    delivered: int = 0
    quarantined: int = 0
    already: int = 0
    unknown_ids: list[str] = field(default_factory=list)


def apply_ack(store: Store, ack: Ack) -> AckOutcome:
    """Record a verified acknowledgement; changes only what is still pending, so it is
    idempotent and an old ack cannot undo a later decision (delivered stays delivered)."""
    outcome = AckOutcome()
    received: dict[str, str | None] = {}
    for result in ack.results:
        app = store.get(result.id) if result.id else None
        if app is None:
            outcome.unknown_ids.append(result.id)
        elif app.state not in PENDING_STATES:
            outcome.already += 1
        elif result.status == "rejected":
            store.quarantine(app.id, result.reason or "rejected by the central")
            outcome.quarantined += 1
        else:
            received[app.id] = result.received_at
    # Ack wins over a network sender's claim, exactly as for an HTTP answer: the central has it.
    outcome.delivered = store.mark_delivered(f"usb-ack:{ack.bundle_id}", received)
    outcome.already += len(received) - outcome.delivered
    return outcome


@click.command("export")
@data_dir_option
@click.option("--to", "to_dir", required=True, type=click.Path(file_okay=False),
              help="Folder to write the bundle into (the mounted USB stick).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def export(ctx: click.Context, data_dir: str | None, to_dir: str, as_json: bool) -> None:
    """Write all pending applications into one encrypted bundle for the central.

    Exit 0 with no file when nothing is pending.  Example: kiosk export --to /media/usb
    """
    folder = data_dir_from(ctx, data_dir)
    kiosk_id, key = _credentials(folder)
    target = Path(to_dir)
    if not target.is_dir():  # never create it: a missing mount point would hide the stick
        raise KioskError(f"folder {target} does not exist: is the USB stick plugged in?")
    with Store.open(database_path(folder)) as store:
        pending = pending_applications(store)
    if not pending:
        emit(as_json, {"path": None, "count": 0, "bundle_id": None},
             "nothing to export: no application is waiting to be sent")
        return
    header, data = encode_bundle(key, kiosk_id, [to_payload(a) for a in pending],
                                 progress=progress_printer("exported"))
    path = target / header.file_name
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise KioskError(f"could not write the bundle to {target}: {exc.strerror or exc}; "
                         "nothing was exported, the applications stay queued") from None
    emit(as_json, {"path": str(path), "count": header.count, "bundle_id": header.bundle_id},
         str(path))


@click.command("import-ack")
@data_dir_option
@click.argument("ack_file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def import_ack(ctx: click.Context, data_dir: str | None, ack_file: str,
               as_json: bool) -> None:
    """Mark the applications the central acknowledged as delivered.

    Example: kiosk import-ack /media/usb/kiosk-hall-01-20240501T080000Z-1a2b3c4d.ack
    """
    folder = data_dir_from(ctx, data_dir)
    kiosk_id, key = _credentials(folder)
    data = read_file(Path(ack_file), "acknowledgement")
    claimed = peek_ack(data)
    if claimed.kiosk_id != kiosk_id:
        raise AckDamaged(f"this acknowledgement is for kiosk {claimed.kiosk_id}, but this "
                         f"kiosk is {kiosk_id}; nothing was changed")
    ack = verify_ack(data, key)
    with Store.open(database_path(folder)) as store:
        outcome = apply_ack(store, ack)
    text = f"{outcome.delivered} delivered, {outcome.quarantined} quarantined"
    if outcome.already:
        text += f", {outcome.already} already recorded"
    if outcome.unknown_ids:
        text += (f"\n{len(outcome.unknown_ids)} application(s) in the acknowledgement are "
                 "not on this kiosk: " + ", ".join(outcome.unknown_ids))
    emit(as_json, {"bundle_id": ack.bundle_id, "delivered": outcome.delivered,
                   "quarantined": outcome.quarantined, "already_recorded": outcome.already,
                   "unknown_ids": outcome.unknown_ids}, text)

