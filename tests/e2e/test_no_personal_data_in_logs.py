"""A full application and its sync leave no personal value in any log file, kiosk or central."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.domain.catalog import Catalog
from kiosk.domain.samples import sample_answers
from tests.helpers.central_server import free_port, wait_until_serving
from tests.helpers.kiosk_and_central import configure, kiosk, kiosk_json
from tests.helpers.personal_data import (
    KNOWN_ID,
    KNOWN_NAME,
    KNOWN_PHONE,
    files_containing_personal_data,
    needles,
)

pytestmark = pytest.mark.e2e


def log_files(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in folder.rglob("*.log*") if p.is_file()]


def test_full_application_and_sync_log_nothing_personal(tmp_path: Path, data_dir: Path,
                                                       catalog: Catalog) -> None:
    central_dir, port = tmp_path / "central", free_port()
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path / "unused")}
    server = subprocess.Popen([sys.executable, "-m", "kiosk", "-v", "central", "serve",
                               "--port", str(port), "--data-dir", str(central_dir)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_serving(server)
        creds = kiosk_json(data_dir, "central", "add-kiosk", "hall-31", "--data-dir",
                           str(central_dir))
        configure(data_dir, f"http://127.0.0.1:{port}", "hall-31", creds["token"])
        answers = {**sample_answers(catalog.service("elderly_allowance")),
                   "id_number": KNOWN_ID, "phone": KNOWN_PHONE, "full_name": KNOWN_NAME}
        saved = kiosk_json(data_dir, "-v", "submit", "--service", "elderly_allowance",
                           "--answers", "-", stdin=json.dumps(answers, ensure_ascii=False))
        bad = kiosk(data_dir, "-v", "submit", "--service", "elderly_allowance", "--answers",
                    "-", stdin=json.dumps({**answers, "birth_date": "2999-01-01"},
                                          ensure_ascii=False))
        assert bad.returncode != 0
        assert kiosk(data_dir, "-v", "sync").returncode == 0
        kiosk(data_dir, "central", "set-status", saved[0]["tracking_number"], "approved",
              "--data-dir", str(central_dir), check=True)
        assert kiosk(data_dir, "-v", "sync").returncode == 0
        assert kiosk(data_dir, "-v", "queue", "show", saved[0]["tracking_number"]).returncode == 0
    finally:
        server.terminate()
        server.wait(timeout=30)
    logs = log_files(data_dir, central_dir)
    assert {p.parent.name for p in logs} == {"logs"} and len(logs) >= 2
    assert any("pushed 1 item" in p.read_text(encoding="utf-8") for p in logs)  # logs do work
    for path in logs:
        content = path.read_bytes()
        assert not [n for n in needles() if n in content], path
    assert files_containing_personal_data(data_dir / "logs") == []
