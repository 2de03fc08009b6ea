"""The demo: a reference central on loopback, the sample catalog, a kiosk pointed at it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.central.rules.catalogs import CentralCatalogs
from kiosk.central.rules.validation import central_validator
from kiosk.central.server import start_in_thread
from kiosk.paths import ensure_data_dir
from kiosk.privacy.technician_pin import TechnicianPin
from kiosk.settings import Settings

DEMO_KIOSK_ID = "demo-hall-01"
DEMO_PIN = "2468"  # demo only; a real kiosk's PIN is set with `kiosk technician set-pin`


def run_demo(data_dir: Path, port: int, run_kiosk: Callable[[Path], int]) -> int:
    central_dir = ensure_data_dir(data_dir / "demo-central")
    validator = central_validator(CentralCatalogs(central_dir))
    with start_in_thread(central_dir, port=port, validator=validator) as central:
        token = central.storage.add_kiosk(DEMO_KIOSK_ID)
        settings = Settings.load(data_dir)
        settings.set("central.url", central.url)
        settings.set("central.kiosk_id", DEMO_KIOSK_ID)
        settings.set("central.token", token)
        pin = TechnicianPin(data_dir)
        if not pin.is_set():
            pin.set_pin(DEMO_PIN)
        print(f"demo central running at {central.url} (data in {central_dir}); "
              f"technician PIN {DEMO_PIN} unless you changed it", flush=True)
        return run_kiosk(data_dir)
