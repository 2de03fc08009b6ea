"""Pulling back from the central: the office's status changes and catalog updates.

Both are cheap when nothing changed (a cursor; an ETag answered with 304), so the runner does
them after every successful push.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from kiosk.catalog_cache import install_catalog
from kiosk.errors import CatalogError
from kiosk.store import Store
from kiosk.sync.client import CentralClient

log = logging.getLogger(__name__)
STATUS_CURSOR = "status_cursor"
CATALOG_ETAG = "catalog_etag"
CLOCK_SKEW = "clock_skew_seconds"


@dataclass
class PullReport:
    status_changes: int = 0
    catalog_version: str | None = None  # set when a new catalog was installed
    catalog_error: str | None = None


def record_clock_skew(store: Store, server_time: str) -> float | None:
    """Seconds this kiosk's clock is ahead of the central's (negative: behind)."""
    try:
        central = dt.datetime.fromisoformat(server_time)
    except ValueError:
        return None
    skew = (dt.datetime.now(dt.UTC) - central).total_seconds()
    store.set_meta({CLOCK_SKEW: f"{skew:.1f}"})
    return skew


def pull_status_changes(store: Store, client: CentralClient) -> int:
    total = 0
    while True:
        answer = client.status_changes(store.get_meta(STATUS_CURSOR) or "0")
        record_clock_skew(store, answer.server_time)
        total += store.record_office_status(
            [(c.application_id, c.status, c.message, c.changed_at) for c in answer.changes])
        store.set_meta({STATUS_CURSOR: answer.cursor})
        if not answer.more:
            return total


def pull_catalog(store: Store, client: CentralClient, data_dir: Path) -> PullReport:
    report = PullReport()
    document, etag = client.catalog(store.get_meta(CATALOG_ETAG))
    if document is None:
        return report
    try:
        installed = install_catalog(data_dir, document.files)
    except CatalogError as exc:
        # Keep using the catalog we have; tell the technician (status) instead of failing sync.
        report.catalog_error = f"the central's catalog was not installed: {exc}"
        log.warning("%s", report.catalog_error)
        store.set_meta({"catalog_error": report.catalog_error})
        return report
    store.set_meta({CATALOG_ETAG: etag, "catalog_version": installed.version,
                    "catalog_error": None})
    report.catalog_version = installed.version
    log.info("catalog %s installed", installed.version)
    return report


def pull_all(store: Store, client: CentralClient, data_dir: Path) -> PullReport:
    report = pull_catalog(store, client, data_dir)
    report.status_changes = pull_status_changes(store, client)
    return report
