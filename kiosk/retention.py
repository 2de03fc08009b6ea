"""How long personal answers stay on the kiosk after the central has them.

Each service's catalog entry says how many days (`retention_days`, 7 by default); the setting
`privacy.retention_days` covers services no longer in the catalog. Only delivered applications
are ever purged, never queued or quarantined ones.
"""

from __future__ import annotations

from kiosk.catalog import Catalog
from kiosk.store import Store


def purge_expired(store: Store, catalog: Catalog, default_days: int) -> int:
    days = {service.id: service.retention_days for service in catalog.services}
    return store.purge_personal_data(lambda service_id: days.get(service_id, default_days))
