"""Items 1 and 7 (start-up, memory), run through the Qt probes of kiosk/bench/probes/
(kiosk/bench/probes/startup_memory.py).

Each figure comes from a fresh process started here; the probe reports CLOCK_MONOTONIC moments,
which on Linux are comparable across processes, so start-up runs from just before `Popen` to the
probe's zero-timer firing after show. Baseline: the same probe's bare PySide6 window (one label).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.bench.procs import tree_memory
from kiosk.bench.report import Item, median
from kiosk.paths import database_path
from kiosk.store.store import Store

PROBE = "kiosk.bench.probes"


def probe_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The probes' environment: offscreen Qt, and bytecode caching on even if the caller's shell
    turned it off (PYTHONDONTWRITEBYTECODE): an installed kiosk has its .pyc files (pip compiles
    on install), so the dropped first round writes them and the measured rounds use them, for
    the kiosk's modules as for the baseline's site-packages."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    return {**env, **(extra or {})}


@dataclass
class Probe:
    """A running probe process and the first JSON line it printed."""

    proc: subprocess.Popen[str]
    started_at: float
    first: dict[str, Any]

    @classmethod
    def run(cls, args: list[str], env: dict[str, str] | None = None,
            timeout: float = 120.0) -> Probe:
        started = time.monotonic()
        proc = subprocess.Popen(  # noqa: S603 - our own module, our own interpreter
            [sys.executable, "-m", PROBE, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, env=env or probe_env())
        assert proc.stdout is not None  # noqa: S101 - stdout=PIPE
        line = _readline(proc, timeout)
        if not line:
            _, err = proc.communicate(timeout=30)
            raise RuntimeError(f"probe {args[0]} printed nothing (exit {proc.returncode}): "
                               f"{err.strip().splitlines()[-1:] or ''}")
        return cls(proc, started, json.loads(line))

    def finish(self, timeout: float = 60.0) -> None:
        try:
            self.proc.communicate(timeout=timeout)  # closes stdin: the probe's cue to quit
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate()


def _readline(proc: subprocess.Popen[str], timeout: float) -> str:
    import threading

    assert proc.stdout is not None  # noqa: S101
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(proc.stdout.readline()  # type: ignore[union-attr]
                                                        ), daemon=True)
    reader.start()
    reader.join(timeout)
    if reader.is_alive():
        proc.kill()
        return ""
    return got[0] if got else ""


def kiosk_data_dir(work: Path) -> Path:
    """A kiosk data dir that has started once (database created and migrated)."""
    folder = work / "ui-kiosk"
    folder.mkdir(parents=True, exist_ok=True)
    Store.open(database_path(folder)).close()
    return folder


def startup_items(work: Path, trials: int) -> list[Item]:
    folder = kiosk_data_dir(work)
    ours: list[float] = []
    bare: list[float] = []
    for trial in range(trials + 1):  # the first round warms the page cache and is dropped
        kiosk = Probe.run(["startup", "--data-dir", str(folder)])
        kiosk.finish()
        if kiosk.first.get("tiles", 0) < 1:
            raise RuntimeError("the kiosk's home screen showed no service tiles")
        base = Probe.run(["bare-startup"])
        base.finish()
        if trial:
            ours.append((kiosk.first["ready_at"] - kiosk.started_at) * 1000)
            bare.append((base.first["ready_at"] - base.started_at) * 1000)
    return [Item("start-up to interactive home screen", median(ours), median(bare), "ms", 1.5,
                 note=f"median of {trials}; `kiosk run` path vs bare PySide6 window with one "
                      "label, process start to zero-timer after show")]


def memory_items(work: Path, settle_s: float) -> list[Item]:
    folder = kiosk_data_dir(work)
    base = Probe.run(["bare-memory"])
    bare = tree_memory(base.proc.pid)
    base.finish()
    kiosk = Probe.run(["memory", "--data-dir", str(folder), "--seconds", str(settle_s)])
    ours = tree_memory(kiosk.proc.pid)
    kiosk.finish()
    if not kiosk.first.get("served") or kiosk.first.get("step") != "home":
        raise RuntimeError(f"the application did not go through to home: {kiosk.first}")
    return [Item("idle memory, all kiosk processes", ours.rss_mib, bare.rss_mib, "MiB RSS", 2.0,
                 note="idle at home after one full application (saved, receipt, rated); "
                      f"RSS by process: {ours.describe()}; "
                      f"PSS {ours.pss_mib:.0f} MiB vs {bare.pss_mib:.0f} MiB")]
