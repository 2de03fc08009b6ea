"""The technician panel's work, as plain functions run on a worker thread (tasks.TaskRunner).

Each job opens what it needs (settings file, its own database connection) and returns plain data;
no job sees a widget. The panel renders what comes back on the main thread.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.domain.active_catalog import load_active_catalog
from kiosk.errors import ConfigError, KioskError
from kiosk.paths import database_path
from kiosk.settings import Settings
from kiosk.store.store import Store
from kiosk.sync.control import pause_sync, paused_since, resume_sync
from kiosk.sync.diagnosis import Diagnosis, diagnose
from kiosk.sync.status import SyncState, read_status

CONNECTION_KEYS = ("central.url", "central.kiosk_id", "central.token", "central.ca_bundle",
                   "sync.interval_seconds")
QUARANTINE_LIST_LIMIT = 200


# -- connection settings ---------------------------------------------------------------------
class _DryRun(Settings):
    """Settings.set's own checks, without writing anything."""

    def save(self) -> None:
        return None


@dataclass(frozen=True)
class FieldProblem:
    kind: str    # "invalid" (Settings refused it) or "missing_file"
    detail: str  # the reason, in the words of the check


def load_connection(data_dir: Path) -> dict[str, str]:
    settings = Settings.load(data_dir)
    shown: dict[str, str] = {}
    for key in CONNECTION_KEYS:
        value = settings.get(key)
        shown[key] = f"{value:g}" if isinstance(value, float) else str(value)
    return shown


def _reason(error: ConfigError) -> str:
    text = str(error)
    marker = "is not valid: "
    return text.split(marker, 1)[1] if marker in text else text


def check_connection(data_dir: Path, values: dict[str, str]) -> dict[str, FieldProblem]:
    """What is wrong with each value (empty: all acceptable). Writes nothing."""
    trial = _DryRun(Settings.load(data_dir).path, {})
    problems: dict[str, FieldProblem] = {}
    for key, value in values.items():
        try:
            trial.set(key, value)
        except ConfigError as exc:
            problems[key] = FieldProblem("invalid", _reason(exc))
    ca_bundle = values.get("central.ca_bundle", "").strip()
    if ca_bundle and "central.ca_bundle" not in problems and not Path(ca_bundle).is_file():
        problems["central.ca_bundle"] = FieldProblem("missing_file", ca_bundle)
    return problems


def save_connection(data_dir: Path, values: dict[str, str]) -> dict[str, FieldProblem]:
    """Save every value if all are acceptable, else nothing; returns the problems found."""
    problems = check_connection(data_dir, values)
    if problems:
        return problems
    settings = Settings.load(data_dir)
    for key, value in values.items():
        settings.set(key, value)
    return {}


def run_diagnosis(data_dir: Path) -> Diagnosis:
    return diagnose(Settings.load(data_dir))


# -- queue -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class QuarantinedRecord:
    id: str
    tracking_number: str
    service: str
    reason: str


@dataclass(frozen=True)
class QueueSnapshot:
    counts: dict[str, int]
    oldest_pending_at: dt.datetime | None
    last_error: str | None
    last_success_at: dt.datetime | None
    catalog_version: str
    catalog_error: str | None
    quarantined: tuple[QuarantinedRecord, ...] = field(default_factory=tuple)


def _catalog_titles(data_dir: Path, language: str) -> tuple[str, dict[str, str]]:
    try:
        catalog = load_active_catalog(data_dir)
    except KioskError:
        return "?", {}
    titles = {s.id: s.title.get(language) or s.title.get("zh_CN") or s.id
              for s in catalog.services}
    return catalog.version, titles


def read_queue(data_dir: Path, language: str) -> QueueSnapshot:
    version, titles = _catalog_titles(data_dir, language)
    with Store.open(database_path(data_dir)) as store:
        status = read_status(store, SyncState.IDLE)
        records = tuple(
            QuarantinedRecord(a.id, a.tracking_number, titles.get(a.service_id, a.service_id),
                              a.quarantine_reason or "")
            for a in store.list_applications("quarantined", limit=QUARANTINE_LIST_LIMIT))
        return QueueSnapshot(store.counts(), status.oldest_pending_at, status.last_error,
                             status.last_success_at, version, store.get_meta("catalog_error"),
                             records)


@dataclass(frozen=True)
class RecordDetails:
    summary: dict[str, Any]   # StoredApplication.summary(): never the resident's answers
    events: list[dict[str, Any]]


def inspect_record(data_dir: Path, app_id: str) -> RecordDetails | None:
    with Store.open(database_path(data_dir)) as store:
        app = store.get(app_id)
        return None if app is None else RecordDetails(app.summary(), store.events(app_id))


def retry_record(data_dir: Path, app_id: str) -> bool:
    with Store.open(database_path(data_dir)) as store:
        return store.requeue(app_id)


# -- sync control ----------------------------------------------------------------------------
def read_paused(data_dir: Path) -> dt.datetime | None:
    with Store.open(database_path(data_dir)) as store:
        return paused_since(store)


def set_paused(data_dir: Path, paused: bool) -> dt.datetime | None:
    with Store.open(database_path(data_dir)) as store:
        (pause_sync if paused else resume_sync)(store)
        return paused_since(store)


# -- health ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class DiskAndCatalog:
    free_bytes: int
    total_bytes: int
    catalog_version: str


def read_health(data_dir: Path) -> DiskAndCatalog:
    usage = shutil.disk_usage(data_dir)
    version, _titles = _catalog_titles(data_dir, "zh_CN")
    return DiskAndCatalog(usage.free, usage.total, version)
