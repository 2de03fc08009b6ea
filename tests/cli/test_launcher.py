"""`kiosk run` without click (kiosk/launcher.py): the same command, help and errors via click."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from kiosk import launcher
from kiosk.errors import KioskError
from kiosk.launcher import parse_run

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_env_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_DATA_DIR", raising=False)


@pytest.mark.parametrize(("argv", "expected"), [
    (["run"], (None, False)),
    (["run", "--kiosk-mode"], (None, True)),
    (["run", "--data-dir", "/tmp/k"], ("/tmp/k", False)),
    (["run", "--data-dir=/tmp/k", "--kiosk-mode"], ("/tmp/k", True)),
    (["run", "--kiosk-mode", "--data-dir", "/tmp/k"], ("/tmp/k", True)),
])
def test_plain_run_command_lines_are_taken(argv: list[str], expected: tuple[Any, bool]) -> None:
    assert parse_run(argv) == expected


@pytest.mark.parametrize("argv", [
    [], ["status"], ["--help"], ["run", "--help"], ["-v", "run"], ["--data-dir", "/x", "run"],
    ["run", "--kiosk-mode", "--kiosk-mode"], ["run", "--data-dir"], ["run", "--data-dir", "-v"],
    ["run", "--data-dir", "/a", "--data-dir", "/b"], ["run", "--bogus"], ["run", "extra"],
    ["run", "--data-dir="],
])
def test_anything_else_is_left_to_click(argv: list[str]) -> None:
    assert parse_run(argv) is None


def test_the_data_dir_comes_from_the_environment_as_with_click(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "env"))
    assert parse_run(["run"]) == (str(tmp_path / "env"), False)
    assert parse_run(["run", "--data-dir", "/opt"]) == ("/opt", False)


def test_a_data_dir_that_is_a_file_gets_clicks_message(tmp_path: Path) -> None:
    file = tmp_path / "file"
    file.write_text("x", encoding="utf-8")
    assert parse_run(["run", "--data-dir", str(file)]) is None


def test_other_commands_and_help_go_through_click(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        launcher.main(["--help"])
    assert exited.value.code == 0
    assert "Township Kiosk" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exited:
        launcher.main(["run", "--bogus"])
    assert exited.value.code == 2
    assert "No such option" in capsys.readouterr().err


def test_without_a_screen_run_says_so_with_status_3(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert launcher.main(["run", "--data-dir", "/nonexistent/never-made"]) == 3
    assert "No screen found" in capsys.readouterr().err
    assert not Path("/nonexistent/never-made").exists()


def _fake_ui(monkeypatch: pytest.MonkeyPatch, run_kiosk: Any) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(launcher, "import_ui", lambda: SimpleNamespace(run_kiosk=run_kiosk))


def test_run_starts_the_kiosk_in_the_data_dir(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    calls: list[tuple[Path, bool]] = []

    def run_kiosk(folder: Path, *, kiosk_mode: bool) -> int:
        calls.append((folder, kiosk_mode))
        return 64

    _fake_ui(monkeypatch, run_kiosk)
    folder = tmp_path / "data"
    assert launcher.main(["run", "--kiosk-mode", f"--data-dir={folder}"]) == 64
    assert calls == [(folder.resolve(), True)]
    assert gc.isenabled()   # off while the window is built, never left off
    assert folder.is_dir() and (folder / "logs" / "kiosk.log").exists()


def test_a_kiosk_error_is_one_plain_line_and_status_1(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    def run_kiosk(folder: Path, *, kiosk_mode: bool) -> int:
        raise KioskError("the screen is broken")

    _fake_ui(monkeypatch, run_kiosk)
    assert launcher.main(["run", "--data-dir", str(tmp_path)]) == 1
    assert capsys.readouterr().err == "error: the screen is broken\n"


def test_the_console_script_and_python_m_kiosk_use_the_launcher() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert scripts["project"]["scripts"]["kiosk"] == "kiosk.launcher:main"
    assert "from kiosk.launcher import main" in (ROOT / "kiosk" / "__main__.py").read_text(
        encoding="utf-8")
    # The bench's start-up probe times the same import sequence as the launcher's `kiosk run`.
    probe = (ROOT / "kiosk" / "bench" / "probes" / "startup_memory.py").read_text(
        encoding="utf-8")
    assert "from kiosk.ui.boot import import_ui" in probe
    assert '"kiosk.ui.boot").import_ui()' in (ROOT / "kiosk" / "launcher.py").read_text(
        encoding="utf-8")


def test_the_plain_run_path_imports_neither_click_nor_the_cli() -> None:
    code = ("import sys\nimport kiosk.launcher as l\n"
            "assert l.parse_run(['run', '--kiosk-mode']) == (None, True)\n"
            "assert 'click' not in sys.modules and 'kiosk.cli' not in sys.modules\n")
    env = {k: v for k, v in os.environ.items() if k != "KIOSK_DATA_DIR"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_the_window_imports_no_heavy_modules_before_its_first_frame() -> None:
    # Each of these cost milliseconds of start-up or MiB of memory (docs/benchmarks.md) and is
    # needed only later: the store (sqlite-utils, cryptography), log rotation (socket, pickle),
    # hashing (OpenSSL), reading or writing TOML, the sync client.
    later = ["sqlite_utils", "cryptography", "logging.handlers", "socket", "_hashlib", "hmac",
             "tomllib", "tomli_w", "httpx", "pydantic", "qrcode", "PIL", "click"]
    code = ("import sys\nimport kiosk.launcher as l\nl.import_ui()\n"
            f"print([m for m in {later!r} if m in sys.modules])\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
