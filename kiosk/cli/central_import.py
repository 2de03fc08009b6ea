"""`kiosk central import`: the central's side of the USB route (kiosk/cli/bundle.py is the
kiosk's side; docs/usb-transfer.md the technician's guide).

A subcommand of `kiosk central`, registered by the command table in kiosk/cli/__init__.py.
"""

from __future__ import annotations

from pathlib import Path

import click

from kiosk.cli.central import central_dir
from kiosk.cli.options import data_dir_option, emit, progress_printer


@click.command("import")
@data_dir_option
@click.argument("bundle", type=click.Path(dir_okay=False))
@click.option("--ack-dir", type=click.Path(file_okay=False), default=None,
              help="Folder for the acknowledgement (default: next to the bundle).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def central_import(data_dir: str | None, bundle: str, ack_dir: str | None,
                   as_json: bool) -> None:
    """Import a kiosk's USB bundle and write the acknowledgement to take back.

    Example: kiosk central import /media/usb/kiosk-hall-01-20240501T080000Z-1a2b3c4d.tkb
    """
    from kiosk.central.bundle_import import import_bundle
    from kiosk.central.rules.catalogs import CentralCatalogs
    from kiosk.central.rules.validation import central_validator
    from kiosk.central.server import open_storage

    folder = central_dir(data_dir)
    # The same validator as `kiosk central serve`: a record must not be judged differently
    # because it travelled by stick (each against the catalog version it was made with).
    validator = central_validator(CentralCatalogs(folder))
    storage = open_storage(folder)
    try:
        report = import_bundle(storage, Path(bundle), validator,
                               Path(ack_dir) if ack_dir else None, progress_printer("imported"))
    finally:
        storage.close()
    counts = report.counts()
    rejected = [{"id": r.id, "reason": r.reason} for r in report.results
                if r.status == "rejected"]
    text = (f"{report.header.count} application(s) from kiosk {report.header.kiosk_id}: "
            f"{counts['accepted']} accepted, {counts['duplicate']} already here, "
            f"{counts['rejected']} rejected\n"
            + "".join(f"rejected {r['id']}: {r['reason']}\n" for r in rejected)
            + f"acknowledgement: {report.ack_path}")
    emit(as_json, {"kiosk_id": report.header.kiosk_id, "bundle_id": report.header.bundle_id,
                   "count": report.header.count, **counts, "rejected_items": rejected,
                   "ack_path": str(report.ack_path)}, text)
