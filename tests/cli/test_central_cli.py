"""`kiosk central serve` as its own process, administered and used only through the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from kiosk.domain.catalog import Catalog
from tests.helpers.answers import answers_json
from tests.helpers.central_server import free_port, wait_until_serving
from tests.helpers.kiosk_and_central import configure, kiosk, kiosk_json


def test_serve_add_kiosk_submit_sync_and_list(tmp_path: Path, data_dir: Path,
                                              catalog: Catalog) -> None:
    central_dir, port = tmp_path / "central", free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path / "unused")}
    server = subprocess.Popen([sys.executable, "-m", "kiosk", "central", "serve", "--port",
                               str(port), "--data-dir", str(central_dir)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_serving(server)
        spec = httpx.get(f"{url}/openapi.json", timeout=5).json()
        assert "/api/v1/applications/batch" in spec["paths"]
        creds = kiosk_json(data_dir, "central", "add-kiosk", "hall-07", "--data-dir",
                           str(central_dir))
        assert creds["kiosk_id"] == "hall-07" and creds["token"]
        configure(data_dir, url, creds["kiosk_id"], creds["token"])
        saved = kiosk_json(data_dir, "submit", "--service", "medical_insurance", "--answers",
                           "-", stdin=answers_json(catalog, "medical_insurance"))
        assert kiosk(data_dir, "sync").returncode == 0
        held = kiosk_json(data_dir, "central", "applications", "--data-dir", str(central_dir))
        assert [(a["id"], a["tracking_number"], a["kiosk_id"], a["service"]) for a in held] == [
            (saved[0]["id"], saved[0]["tracking_number"], "hall-07", "medical_insurance")]
        assert held[0]["received_at"]
    finally:
        server.terminate()
        server.wait(timeout=30)
