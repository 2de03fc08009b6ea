"""Running the real kiosk in child processes and waiting on real conditions (never a sleep)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kiosk.domain.catalog import Catalog
from kiosk.domain.samples import sample_answers

RESIDENT_ID = "110101194501010019"
RESIDENT_PHONE = "13812345678"
RESIDENT_NAME = "王秀英"


def resident_answers(catalog: Catalog) -> dict[str, object]:
    answers: dict[str, object] = dict(sample_answers(catalog.service("elderly_allowance")))
    answers.update(full_name=RESIDENT_NAME, id_number=RESIDENT_ID, phone=RESIDENT_PHONE)
    return answers


def ui_env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_DATA_DIR": str(data_dir)}


def start_kiosk_run(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "kiosk", "run", *args], env=ui_env(data_dir),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def windows_shown(data_dir: Path) -> int:
    log = data_dir / "logs" / "kiosk.log"
    if not log.exists():
        return 0
    return log.read_text(encoding="utf-8").count("kiosk window shown")
