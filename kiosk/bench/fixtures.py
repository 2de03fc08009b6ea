"""Bench data built fast: many applications in one transaction through the Store's own schema.

The kiosk saves one application per call (and per fsync); a bench that needs 10,000 queued or
1,000,000 past applications writes them with `executemany` instead, encrypted the same way and in
the same tables, so the database looks exactly like one a busy kiosk would have after years.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.domain import tracking
from kiosk.domain.catalog import Catalog, Service, load_catalog
from kiosk.domain.ids import time_ordered_id
from kiosk.domain.samples import sample_answers
from kiosk.paths import database_path
from kiosk.store.store import Store

BENCH_SERVICE = "elderly_allowance"
CHUNK = 20_000
CONSENT = {"method": "bench", "recorded_at": "2026-01-01T00:00:00+00:00"}
_INSERT_APP = (
    "INSERT INTO applications (id, tracking_number, service_id, catalog_version, language, "
    "answers_json, consent_json, created_at, state, updated_at, delivered_at, "
    "central_received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_INSERT_EVENT = ("INSERT INTO application_events (application_id, at, event, detail) "
                 "VALUES (?, ?, ?, ?)")


@dataclass(frozen=True)
class BenchService:
    catalog: Catalog
    service: Service
    answers: dict[str, Any]


def bench_service(service_id: str = BENCH_SERVICE) -> BenchService:
    """The service every bench submits to, with valid sample answers."""
    catalog = load_catalog()
    ids = [s.id for s in catalog.services]
    service = catalog.service(service_id if service_id in ids else ids[0])
    return BenchService(catalog, service, dict(sample_answers(service)))


def tracking_number_for(index: int) -> str:
    """Unique and valid; starts with 9 so random live numbers rarely meet them."""
    body = f"9{index:010d}"
    return body + tracking.check_digit(body)


def _rows(store: Store, bench: BenchService, start: int, count: int, state: str
          ) -> Iterator[tuple[Any, ...]]:
    answers = json.dumps(bench.answers, ensure_ascii=False, sort_keys=True)
    consent = json.dumps(CONSENT, ensure_ascii=False, sort_keys=True)
    base = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    for index in range(start, start + count):
        app_id = time_ordered_id()
        at = (base + dt.timedelta(seconds=index)).isoformat()
        delivered = at if state == "delivered" else None
        yield (app_id, tracking_number_for(index), bench.service.id, bench.catalog.version,
               "zh_CN", store.cipher.encrypt(answers, app_id), consent, at, state, at,
               delivered, delivered)


def add_applications(store: Store, count: int, state: str = "queued", start: int = 0,
                     bench: BenchService | None = None) -> None:
    """Insert `count` applications (and their 'saved' events) in chunks of one transaction."""
    bench = bench or bench_service()
    done = 0
    while done < count:
        size = min(CHUNK, count - done)
        rows = list(_rows(store, bench, start + done, size, state))
        with store.transaction() as conn:
            conn.executemany(_INSERT_APP, rows)
            conn.executemany(_INSERT_EVENT, [(r[0], r[7], "saved", None) for r in rows])
        done += size


def build_data_dir(folder: Path, count: int, state: str = "queued") -> Path:
    """A kiosk data dir (database + keys) holding `count` applications in `state`."""
    folder.mkdir(parents=True, exist_ok=True)
    with Store.open(database_path(folder)) as store:
        add_applications(store, count, state)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    Store.open(database_path(folder)).close()  # as the kiosk would: checks them once, at open
    return folder


def cached_data_dir(cache: Path, count: int, state: str, target: Path) -> Path:
    """A copy of a data dir with `count` applications, built once and kept under `cache`.

    The million-row database takes a while to build; later runs copy it instead.
    """
    source = cache / f"{state}-{count}"
    marker = source / "complete"
    if not marker.exists():
        shutil.rmtree(source, ignore_errors=True)
        build_data_dir(source, count, state)
        marker.write_text("ok\n")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("complete"))
    # Building and copying leave gigabytes of dirty pages; their writeback would run through the
    # timings that follow (fsyncs and reads queue behind it and skew the look-up's p99:
    # docs/benchmarks.md). Written out before anything is timed.
    if hasattr(os, "sync"):
        os.sync()
    return target


def bytes_per_application(folder: Path, count: int) -> float:
    """Size of the database files (main + WAL) divided by the number of applications."""
    files = [p for p in folder.iterdir() if p.name.startswith(database_path(folder).name)]
    return sum(p.stat().st_size for p in files) / max(1, count)
