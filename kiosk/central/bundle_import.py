"""Importing a USB bundle at the central and writing the acknowledgement the kiosk takes back.

The bundle is verified as a whole before anything is stored, so a changed, truncated or foreign
bundle imports nothing. Storing then goes through `CentralStorage.store_items`, the same code as
an HTTP batch, so the same rules hold: idempotent on the application id (importing a bundle twice,
or importing one whose records also came over the network, only yields `duplicate`), conflicting
content is rejected, and one bad record never blocks the others.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.central.api.app import check_shape
from kiosk.central.rules.shape import Validator
from kiosk.central.storage.applications import CentralStorage
from kiosk.errors import KioskError
from kiosk.wire.bundle import (
    Ack,
    BundleError,
    BundleHeader,
    ack_path_for,
    encode_ack,
    open_bundle,
    parse_item,
    read_file,
    read_header,
    utc_now,
    write_atomically,
)
from kiosk.wire.protocol import ApplicationPayload, ItemResult

log = logging.getLogger(__name__)
# One transaction per chunk: short write locks, so a central that also serves HTTP stays
# responsive during a big import, and well under the HTTP batch limit the storage is tuned for.
CHUNK = 200

Progress = Callable[[int, int], None]


class UnknownKiosk(BundleError):
    def __init__(self, kiosk_id: str) -> None:
        super().__init__(f"this bundle comes from kiosk {kiosk_id}, which is not registered at "
                         "this central; nothing was imported")


class KioskWithoutBundleKey(BundleError):
    def __init__(self, kiosk_id: str) -> None:
        super().__init__(
            f"kiosk {kiosk_id} was registered before USB bundles existed, so this central has no "
            f"bundle key for it: issue a new token with `kiosk central add-kiosk {kiosk_id}`, set "
            "it on the kiosk and export again; nothing was imported")


@dataclass(frozen=True)
class ImportReport:
    header: BundleHeader
    results: list[ItemResult]
    ack_path: Path

    def counts(self) -> dict[str, int]:
        found = Counter(r.status for r in self.results)
        return {s: found[s] for s in ("accepted", "duplicate", "rejected")}


def _with_shape(validator: Validator | None) -> Validator:
    # The HTTP API always runs check_shape before the catalog; a bundle must meet the same bar.
    def combined(item: ApplicationPayload) -> str | None:
        return check_shape(item) or (validator(item) if validator else None)
    return combined


def import_bundle(storage: CentralStorage, bundle_path: Path, validator: Validator | None,
                  ack_dir: Path | None = None, progress: Progress | None = None) -> ImportReport:
    """Verify, store and acknowledge one bundle; raises a BundleError before storing anything
    if the bundle is not exactly what a registered kiosk wrote."""
    data = read_file(bundle_path)
    header, _ = read_header(data)
    key = storage.bundle_key(header.kiosk_id)
    if key is None:
        if header.kiosk_id in storage.list_kiosks():
            raise KioskWithoutBundleKey(header.kiosk_id)
        raise UnknownKiosk(header.kiosk_id)
    opened = open_bundle(data, key)
    ack_path = ack_path_for(bundle_path, ack_dir)
    if ack_dir is not None and not ack_dir.is_dir():
        raise KioskError(f"folder {ack_dir} does not exist; nothing was imported")

    validate = _with_shape(validator)
    parsed = [parse_item(line) for line in opened.lines]
    results: list[ItemResult] = []
    total = len(parsed)
    for start in range(0, total, CHUNK):
        chunk = parsed[start:start + CHUNK]
        payloads = [p for p in chunk if isinstance(p, ApplicationPayload)]
        stored = iter(storage.store_items(header.kiosk_id, payloads, validate))
        # Put the storage's verdicts back in bundle order, between the unreadable records.
        results += [next(stored) if isinstance(p, ApplicationPayload) else p for p in chunk]
        if progress:
            progress(len(results), total)

    ack = Ack(kiosk_id=header.kiosk_id, bundle_id=header.bundle_id, created_at=utc_now(),
              results=results)
    try:
        write_atomically(ack_path, encode_ack(key, ack))
    except OSError as exc:
        # The applications are stored; importing the bundle again rewrites the same ack.
        raise KioskError(f"the applications were imported but the acknowledgement could not be "
                         f"written to {ack_path}: {exc.strerror or exc}; fix that and import "
                         "the bundle again (nothing will be stored twice)") from None
    report = ImportReport(header, results, ack_path)
    log.info("bundle %s from kiosk %s imported: %s", header.bundle_id, header.kiosk_id,
             report.counts())
    return report
