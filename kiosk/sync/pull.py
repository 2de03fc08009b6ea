"""Pulling back from the central: the office's status changes, catalog updates, announcements
and the results of closed consultations.

All are cheap when nothing changed (a cursor; an ETag answered with 304), so the runner does
them after every successful push.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from kiosk.domain.active_catalog import install_catalog
from kiosk.domain.announcements import Announcement
from kiosk.domain.consultations import ConsultationResult
from kiosk.domain.status_words import LAST_PULL_META
from kiosk.errors import CatalogError
from kiosk.store.store import Store
from kiosk.sync.client import CentralClient, CentralMisconfigured

log = logging.getLogger(__name__)
STATUS_CURSOR = "status_cursor"
CATALOG_ETAG = "catalog_etag"
CLOCK_SKEW = "clock_skew_seconds"
ANNOUNCEMENTS_ETAG = "announcements_etag"
RESULTS_ETAG = "consultation_results_etag"
NOTICES_ERROR = "notices_error"


@dataclass
class PullReport:
    status_changes: int = 0
    catalog_version: str | None = None  # set when a new catalog was installed
    catalog_error: str | None = None
    announcements: int | None = None  # how many are current, when the list changed
    consultation_results: int | None = None  # how many were recorded, when they changed


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
            store.set_meta({LAST_PULL_META: answer.server_time})
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


def pull_announcements(store: Store, client: CentralClient) -> int | None:
    """Replace the kiosk's announcements by the central's list; None when unchanged (304)."""
    document, etag = client.announcements(store.get_meta(ANNOUNCEMENTS_ETAG))
    if document is None:
        return None
    store.replace_announcements(
        Announcement(id=a.id, text={"zh_CN": a.zh_CN, "en": a.en}, published_at=a.published_at,
                     until=dt.date.fromisoformat(a.until) if a.until else None)
        for a in document.announcements)
    store.set_meta({ANNOUNCEMENTS_ETAG: etag})
    return len(document.announcements)


def pull_consultation_results(store: Store, client: CentralClient) -> int | None:
    """Record the results of closed consultations; None when unchanged (304)."""
    document, etag = client.consultation_results(store.get_meta(RESULTS_ETAG))
    if document is None:
        return None
    pulled_at = document.server_time
    count = store.record_consultation_results(
        ConsultationResult(consultation_id=r.consultation_id,
                           closes=dt.date.fromisoformat(r.closes), counts=r.counts,
                           total=r.total, pulled_at=pulled_at)
        for r in document.results)
    store.set_meta({RESULTS_ETAG: etag})
    return count


def pull_notices(store: Store, client: CentralClient, report: PullReport) -> None:
    """Announcements and results. A central without these endpoints (older than this kiosk)
    answers 404: noted for the technician, never a reason to stop sending applications."""
    try:
        report.announcements = pull_announcements(store, client)
        report.consultation_results = pull_consultation_results(store, client)
    except (CentralMisconfigured, ValueError) as exc:
        store.set_meta({NOTICES_ERROR: f"announcements/results not pulled: {exc}"})
        log.warning("announcements/results not pulled: %s", exc)
        return
    if store.get_meta(NOTICES_ERROR) is not None:
        store.set_meta({NOTICES_ERROR: None})


def pull_all(store: Store, client: CentralClient, data_dir: Path) -> PullReport:
    report = pull_catalog(store, client, data_dir)
    report.status_changes = pull_status_changes(store, client)
    pull_notices(store, client, report)
    return report
