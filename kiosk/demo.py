"""The demo: a reference central on loopback, the sample catalog, a kiosk pointed at it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.catalog import load_catalog
from kiosk.central.server import start_in_thread
from kiosk.central.validation import catalog_validator
from kiosk.paths import ensure_data_dir
from kiosk.settings import Settings

DEMO_KIOSK_ID = "demo-hall-01"


def run_demo(data_dir: Path, port: int, run_kiosk: Callable[[Path], int]) -> int:
    central_dir = ensure_data_dir(data_dir / "demo-central")
    with start_in_thread(central_dir, port=port,
                         validator=catalog_validator(load_catalog())) as central:
        token = central.storage.add_kiosk(DEMO_KIOSK_ID)
        settings = Settings.load(data_dir)
        settings.set("central.url", central.url)
        settings.set("central.kiosk_id", DEMO_KIOSK_ID)
        settings.set("central.token", token)
        print(f"demo central running at {central.url} (data in {central_dir})", flush=True)
        return run_kiosk(data_dir)
