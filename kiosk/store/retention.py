"""How long personal answers stay on the kiosk after the central has them.

Each service's catalog entry says how many days (`retention_days`, 7 by default); the setting
`privacy.retention_days` covers services no longer in the catalog. Only delivered applications
are ever purged, never queued or quarantined ones.

The kiosk purges after each sync (docs/privacy.md): `kiosk sync` and the background sender
(kiosk.sync.runner, also run by `kiosk sync-service`) call `purge_after_sync` once a round is
over, whether or not the central could be reached, since answers delivered earlier may have
come due meanwhile.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.domain.catalog import Catalog
from kiosk.errors import KioskError
from kiosk.store.store import Store

log = logging.getLogger(__name__)


def purge_expired(store: Store, catalog: Catalog, default_days: int) -> int:
    days = {service.id: service.retention_days for service in catalog.services}
    return store.purge_personal_data(lambda service_id: days.get(service_id, default_days))


def purge_after_sync(store: Store, data_dir: Path, default_days: int) -> int:
    """`purge_expired` with the active catalog; a failure is logged, never raised, so that a
    purge problem (a full disk, say) cannot stop sending. Returns how many were purged."""
    from kiosk.domain.active_catalog import load_active_catalog

    try:
        purged = purge_expired(store, load_active_catalog(data_dir), default_days)
    except KioskError as exc:
        log.warning("personal answers not purged after the sync: %s", exc)
        return 0
    if purged:
        log.info("personal answers of %d record(s) deleted (retention)", purged)
    return purged
