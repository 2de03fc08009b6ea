"""`kiosk sync` and the sync service purge as docs/privacy.md says, and say what they did:
a real central on loopback, the `kiosk` CLI, the real SQLite file.

The central publishes a catalog whose 意见建议 service keeps answers for 0 days; the kiosk pulls
it with a sync that has nothing to send (a successful sync all the same), then an application
submitted on paper is delivered and its answers are gone from the file after that same sync,
while its envelope (tracking number, service, state) stays for 查进度.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kiosk.central.rules.catalogs import CentralCatalogs
from kiosk.central.server import RunningCentral
from kiosk.cli import main
from kiosk.domain.catalog import Catalog, default_catalog_dir
from kiosk.domain.samples import sample_answers
from kiosk.settings import Settings
from kiosk.store.store import Store
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import SyncEngine
from tests.helpers.kiosk_and_central import start_central
from tests.helpers.polling import wait_for

KIOSK = "hall-14"
ZERO_DAY_VERSION = "2026.12.14"


def cli(data_dir: Path, *args: str, stdin: str | None = None) -> Result:
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), *args], input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def cli_json(data_dir: Path, *args: str, stdin: str | None = None) -> Any:
    result = cli(data_dir, *args, "--json", stdin=stdin)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def zero_day_catalog(folder: Path) -> Path:
    """The shipped catalog, newer, with 意见建议 kept 0 days after delivery."""
    shutil.copytree(default_catalog_dir(), folder)
    index = folder / "catalog.toml"
    text = index.read_text(encoding="utf-8")
    old_version = text.split('version = "', 1)[1].split('"', 1)[0]
    index.write_text(text.replace(f'version = "{old_version}"', f'version = "{ZERO_DAY_VERSION}"',
                                  1), encoding="utf-8")
    service = folder / "services" / "suggestion.toml"
    service.write_text(service.read_text(encoding="utf-8").replace(
        "retention_days = 7", "retention_days = 0", 1), encoding="utf-8")
    return folder


@pytest.fixture
def central(tmp_path: Path) -> Iterator[RunningCentral]:
    folder = tmp_path / "central"
    folder.mkdir()
    CentralCatalogs(folder).publish(zero_day_catalog(tmp_path / "catalog-src"))
    with start_central(folder) as running:
        yield running


@pytest.fixture
def configured(data_dir: Path, central: RunningCentral) -> Path:
    token = central.storage.add_kiosk(KIOSK)
    for key, value in (("central.url", central.url), ("central.kiosk_id", KIOSK),
                       ("central.token", token)):
        assert cli(data_dir, "config", "set", "--", key, value).exit_code == 0
    return data_dir


def submit(data_dir: Path, catalog: Catalog) -> dict[str, str]:
    answers = json.dumps(sample_answers(catalog.service("suggestion")), ensure_ascii=False)
    (saved,) = cli_json(data_dir, "submit", "--service", "suggestion", "--answers", "-",
                        stdin=answers)
    return dict(saved)


def row(data_dir: Path, app_id: str) -> sqlite3.Row:
    """The application's row as it is in the kiosk's SQLite file (not through the store)."""
    with sqlite3.connect(data_dir / "kiosk.sqlite3") as conn:
        conn.row_factory = sqlite3.Row
        found = conn.execute("SELECT * FROM applications WHERE id = ?", (app_id,)).fetchone()
    assert found is not None
    return found


def file_bytes(data_dir: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(data_dir.glob("kiosk.sqlite3*")))


def test_a_sync_with_nothing_to_send_is_a_successful_sync(configured: Path) -> None:
    data_dir = configured
    assert "last successful sync: never" in cli(data_dir, "status").stdout
    assert cli(data_dir, "sync").exit_code == 0
    status = cli(data_dir, "status")
    assert "last successful sync: never" not in status.stdout
    assert "last successful sync: 20" in status.stdout  # a date
    assert cli_json(data_dir, "status")["last_successful_sync"]


def test_kiosk_sync_says_in_words_which_catalog_it_installed(configured: Path) -> None:
    first = cli(configured, "sync")
    assert first.exit_code == 0, first.output
    assert f"catalog {ZERO_DAY_VERSION} installed from the central" in first.stdout
    again = cli(configured, "sync")  # unchanged (ETag): nothing installed, nothing said
    assert again.exit_code == 0 and "installed" not in again.stdout


def test_kiosk_sync_purges_due_answers_from_the_file_and_keeps_the_envelope(
        configured: Path, central: RunningCentral, catalog: Catalog) -> None:
    data_dir = configured
    assert cli(data_dir, "sync").exit_code == 0  # installs the 0-day catalog
    saved = submit(data_dir, catalog)
    before = row(data_dir, saved["id"])
    ciphertext = before["answers_json"]
    assert before["state"] == "queued" and ciphertext.encode() in file_bytes(data_dir)
    shown = cli_json(data_dir, "queue", "show", saved["tracking_number"])
    assert shown["fields_answered"]

    second = cli(data_dir, "sync")
    assert second.exit_code == 0, second.output
    assert "personal answers deleted (retention): 1 record" in second.stdout
    assert central.storage.count_applications() == 1

    after = row(data_dir, saved["id"])
    assert after["purged_at"] is not None
    assert after["answers_json"] != ciphertext
    assert ciphertext.encode() not in file_bytes(data_dir)  # not lingering in free pages/WAL
    # The envelope stays (docs/privacy.md): tracking number, service, state.
    assert (after["tracking_number"], after["service_id"], after["state"]) == \
        (saved["tracking_number"], "suggestion", "delivered")
    shown = cli_json(data_dir, "queue", "show", saved["tracking_number"])
    assert shown["fields_answered"] == [] and shown["state"] == "delivered"
    assert cli_json(data_dir, "lookup", saved["tracking_number"])["status"] == "sent"


def test_kiosk_sync_json_reports_what_it_purged(
        configured: Path, central: RunningCentral, catalog: Catalog) -> None:
    data_dir = configured
    assert cli_json(data_dir, "sync")["catalog_installed"] == ZERO_DAY_VERSION
    submit(data_dir, catalog)
    report = cli_json(data_dir, "sync")
    assert report["accepted"] == 1 and report["purged"] == 1


def test_the_sync_service_purges_after_its_rounds(
        configured: Path, central: RunningCentral, catalog: Catalog) -> None:
    data_dir = configured
    cli(data_dir, "sync")  # installs the 0-day catalog
    saved = submit(data_dir, catalog)
    env = {**os.environ, "KIOSK_DATA_DIR": str(data_dir)}
    service = subprocess.Popen([sys.executable, "-m", "kiosk", "sync-service"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: row(data_dir, saved["id"])["purged_at"] is not None, 60,
                 "the service to deliver and purge", service)
    finally:
        service.terminate()
        service.wait(20)
    after = row(data_dir, saved["id"])
    assert after["state"] == "delivered" and after["tracking_number"] == saved["tracking_number"]
    assert central.storage.count_applications() == 1
    assert cli_json(data_dir, "queue", "show", saved["tracking_number"])["fields_answered"] == []


def test_the_sync_service_purges_even_while_the_central_is_unreachable(
        configured: Path, central: RunningCentral, catalog: Catalog) -> None:
    """Answers delivered earlier come due whether or not the central answers this round."""
    data_dir = configured
    cli(data_dir, "sync")  # installs the 0-day catalog
    saved = submit(data_dir, catalog)
    # Delivered by a sender that does not purge (an older kiosk's, say), then the line drops.
    settings = Settings.load(data_dir)
    with Store.open(data_dir / "kiosk.sqlite3") as store, \
            CentralClient(central.url, KIOSK, settings.get("central.token")) as client:
        SyncEngine(store, client, "older-sender").push_pending()
    assert row(data_dir, saved["id"])["state"] == "delivered"
    assert row(data_dir, saved["id"])["purged_at"] is None
    central.stop()
    env = {**os.environ, "KIOSK_DATA_DIR": str(data_dir)}
    service = subprocess.Popen([sys.executable, "-m", "kiosk", "sync-service"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: row(data_dir, saved["id"])["purged_at"] is not None, 60,
                 "the service to purge while offline", service)
    finally:
        service.terminate()
        service.wait(20)
    assert cli_json(data_dir, "queue", "show", saved["tracking_number"])["fields_answered"] == []
    assert "cannot reach" in (cli_json(data_dir, "status")["last_error"] or "")
