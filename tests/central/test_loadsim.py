"""The load simulator against a real central process: every application stored once, also when
it is run again on the same database (as a PostgreSQL database is reused between runs)."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.central.loadsim import LoadConfig
from kiosk.central.loadsim_run import run_loadsim


def test_two_runs_on_one_database_each_deliver_exactly_once(tmp_path: Path) -> None:
    config = LoadConfig(kiosks=6, queue=5, batch=2, probe_interval=0.2)
    dsn = os.environ.get("KIOSK_CENTRAL_DSN")   # set by conftest for the PostgreSQL variant
    first = run_loadsim(config, workers=1, dsn=dsn, data_dir=tmp_path)
    second = run_loadsim(config, workers=1, dsn=dsn, data_dir=tmp_path)
    for report in (first, second):
        assert report.applications == 30
        assert (report.accepted, report.rejected, report.undelivered) == (30, 0, 0)
        assert report.stored == 30 and report.exactly_once
        assert sum(report.requests_per_second) == report.requests >= 15
