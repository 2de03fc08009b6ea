"""End-to-end helpers: the real `kiosk` CLI in subprocesses, a real central on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from kiosk.central.rules.catalogs import CentralCatalogs
from kiosk.central.rules.validation import central_validator
from kiosk.central.server import RunningCentral, start_in_thread


def kiosk(data_dir: Path, *args: str, stdin: str | None = None, check: bool = False,
          timeout: float = 120, env_extra: dict[str, str] | None = None
          ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIOSK_DATA_DIR": str(data_dir), **(env_extra or {})}
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run([sys.executable, "-m", "kiosk", *args], input=stdin,
                            capture_output=True, text=True, env=env, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"kiosk {' '.join(args)} failed ({result.returncode}):\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


def kiosk_json(data_dir: Path, *args: str, stdin: str | None = None) -> Any:
    return json.loads(kiosk(data_dir, *args, "--json", stdin=stdin, check=True).stdout)


def start_central(folder: Path, port: int = 0) -> RunningCentral:
    return start_in_thread(folder, port=port,
                           validator=central_validator(CentralCatalogs(folder)))


def configure(data_dir: Path, url: str, kiosk_id: str, token: str) -> None:
    kiosk(data_dir, "config", "set", "central.url", url, check=True)
    kiosk(data_dir, "config", "set", "central.kiosk_id", kiosk_id, check=True)
    kiosk(data_dir, "config", "set", "--", "central.token", token, check=True)
