"""The house rules of ARCHITECTURE.md, checked: Qt stays in kiosk/ui, core stays below sync."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kiosk"
QT_MODULES = ("PySide6", "shiboken6", "kiosk.ui")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def offenders(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in files:
        for name in imported_modules(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    return found


def test_no_qt_outside_kiosk_ui() -> None:
    outside_ui = [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts
                  and "probes" not in p.relative_to(PACKAGE).parts]
    assert outside_ui, "found no modules to check"
    assert offenders(outside_ui, QT_MODULES) == []


def test_core_does_not_import_sync_or_central() -> None:
    core = [p for p in PACKAGE.glob("*.py")
            if p.name not in {"cli.py", "cli_sync.py", "cli_central.py", "cli_queue.py",
                              "cli_bundle.py", "cli_bench.py", "demo.py"}]
    assert offenders(core, ("kiosk.sync", "kiosk.central")) == []


def test_bench_is_headless_and_drives_qt_only_through_probe_processes() -> None:
    # kiosk/bench may import kiosk.sync and kiosk.central (a composition root, like cli_*.py);
    # its Qt side lives in kiosk/ui/bench_probe*.py and runs as subprocesses.
    bench = [p for p in (PACKAGE / "bench").rglob("*.py") if "probes" not in p.parts]
    assert bench, "found no bench modules to check"
    assert offenders(bench, QT_MODULES) == []


def test_sync_does_not_import_central() -> None:
    assert offenders(list((PACKAGE / "sync").rglob("*.py")), ("kiosk.central",)) == []


def test_headless_entry_points_load_no_qt_at_run_time() -> None:
    probe = ("import sys, kiosk.cli, kiosk.central.api.app, kiosk.sync.runner, kiosk.store.store, "
             "kiosk.bench.run, kiosk.bench.throughput, kiosk.bench.qt_items;"
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6'"
             " or m.startswith('kiosk.ui')))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
