"""Rough edges a newcomer met: each answer is one plain line that says what
to do, and the CLI speaks about the CLI."""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import httpx

from tests.helpers.central_server import free_port, wait_until_serving
from tests.helpers.consultation_catalog import catalog_with_road
from tests.helpers.kiosk_and_central import configure, kiosk, start_central


def run_kiosk(*args: str, data_dir: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIOSK_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, env=env, timeout=timeout)


def test_a_busy_port_is_one_plain_line(tmp_path: Path) -> None:
    port = free_port()
    first = subprocess.Popen([sys.executable, "-m", "kiosk", "--data-dir", str(tmp_path / "a"),
                              "central", "serve", "--port", str(port)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_serving(first)
        for workers in ("1", "2"):
            second = run_kiosk("central", "serve", "--port", str(port), "--workers", workers,
                               data_dir=tmp_path / "b")
            assert second.returncode == 1
            assert second.stderr.splitlines() == [
                f"error: port {port} on 127.0.0.1 is already in use (is another central "
                "running?); choose another with --port"]
        # The first one still serves: the socket it listens on is its own.
        assert httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5).status_code == 200
    finally:
        first.terminate()
        first.wait(timeout=30)


def test_warnings_stay_in_the_log_file(data_dir: Path, tmp_path: Path) -> None:
    """A vote the central turns down is quarantined with a logged warning: in the log file,
    not on the terminal, where the command's own answer is all that shows."""
    soon = dt.date.today() + dt.timedelta(days=30)
    source = catalog_with_road(tmp_path / "catalog-next", soon)
    with start_central(tmp_path / "central-1") as first:
        configure(data_dir, first.url, "hall-41", first.storage.add_kiosk("hall-41"))
        kiosk(data_dir, "central", "publish-catalog", str(source), "--data-dir",
              str(tmp_path / "central-1"), check=True)
        kiosk(data_dir, "sync", check=True)
    kiosk(data_dir, "vote", "--file", "-", check=True, stdin=json.dumps(
        {"consultation": "village_road", "option": "east", "cast_on": dt.date.today().isoformat()}))
    with start_central(tmp_path / "central-2") as second:  # never heard of village_road
        configure(data_dir, second.url, "hall-41", second.storage.add_kiosk("hall-41"))
        result = kiosk(data_dir, "sync", "--json", check=True)
    assert json.loads(result.stdout)["votes"]["rejected"] == 1
    assert "WARNING" not in result.stderr and "quarantined" not in result.stderr
    logged = (data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "unknown consultation" in logged and '"level": "WARNING"' in logged


def test_install_service_dry_run_says_what_would_be_written(tmp_path: Path) -> None:
    home = tmp_path / "config-home"
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(home)}
    for platform in ("linux", "windows"):
        result = subprocess.run([sys.executable, "-m", "kiosk", "install-service", "--dry-run",
                                 "--platform", platform], capture_output=True, text=True,
                                env=env, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "nothing has been written or run" in result.stdout
        assert "would write" in result.stdout
        assert "files are written" not in result.stdout and "wrote" not in result.stdout
    assert not home.exists()
    removal = run_kiosk("uninstall-service", "--dry-run", "--platform", "linux",
                        data_dir=tmp_path / "data")
    assert removal.returncode == 0 and "nothing has been removed or run" in removal.stdout


def test_the_printer_test_has_real_help() -> None:
    def printing(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk.printing", *args],
                              capture_output=True, text=True, timeout=60)

    for flag in ("--help", "-h"):
        shown = printing(flag)
        assert shown.returncode == 0 and shown.stderr == ""
        assert shown.stdout.startswith("usage: python -m kiosk.printing CONNECTION [58|80]")
        assert "network:HOST:PORT" in shown.stdout
        assert "not a printer connection" not in shown.stdout
    wrong = printing("--widht", "80")
    assert wrong.returncode == 2 and "--help" in wrong.stderr
    assert "not a printer connection" not in wrong.stdout + wrong.stderr


def test_the_no_screen_hint_runs_as_printed_and_the_tour_is_quiet(tmp_path: Path) -> None:
    """Someone who ran scripts/demo.sh has no `kiosk` on their PATH: the hint's commands must
    work as printed, from anywhere. The tour it suggests prints only the pictures' paths (no
    "propagateSizeHints()" lines, no log lines)."""
    kiosk_script = Path(sys.executable).parent / "kiosk"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "KIOSK_DATA_DIR")}
    env.update(PATH="/usr/bin:/bin", TMPDIR=str(tmp_path), HOME=str(tmp_path / "home"))
    shown = subprocess.run([str(kiosk_script), "demo"], capture_output=True, text=True,
                           env=env, cwd=tmp_path, timeout=60)
    assert shown.returncode == 3
    hint = shown.stderr.splitlines()
    xvfb = shlex.split(hint[hint.index("or render every screen to pictures instead:") - 1])
    assert xvfb[:4] == ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24"]
    assert Path(xvfb[4]).is_absolute() and os.access(xvfb[4], os.X_OK)
    tour_line = hint[hint.index("or render every screen to pictures instead:") + 1].strip()
    assert not tour_line.startswith("kiosk ")         # not on this PATH
    toured = subprocess.run(["bash", "-c", tour_line], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=300)
    assert toured.returncode == 0, toured.stderr
    assert toured.stderr == ""
    pictures = sorted((tmp_path / "kiosk-tour").glob("*.png"))
    assert len(pictures) > 20 and (tmp_path / "kiosk-tour" / "01-home.png") in pictures


def test_submit_speaks_of_the_terminal_not_of_tapping(data_dir: Path) -> None:
    from click.testing import CliRunner

    from kiosk.cli import main
    from kiosk.i18n import Translator, load_messages

    bad = {"full_name": "张三", "id_number": "110105194912310021", "birth_date": "31/12/1949",
           "household_village": "nowhere", "living_status": "alone",
           "receives_other_pension": "maybe", "phone": "13800138000", "extra": 1}
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), "submit", "--service",
                                       "elderly_allowance", "--answers", "-"],
                                input=json.dumps(bad, ensure_ascii=False))
    assert result.exit_code == 1
    said = dict(line.split(": ", 2)[1:] for line in result.stderr.splitlines()
                if line.startswith("record 1: "))
    assert said["receives_other_pension"] == 'answer "yes" or "no" (true and false work too).'
    assert said["birth_date"].startswith("not a date; give it as YYYY-MM-DD")
    assert said["household_village"].startswith("not one of the choices; answer one of: "
                                                 "dongwan, ")
    assert "kiosk catalog" in said["extra"]
    for words in said.values():
        for screen_word in ("tap", "press", "Next", "choose"):
            assert screen_word not in words, words
    assert Translator("en").t("error.yes_no.format") == "Please tap Yes or No."  # the screen's
    import re

    import kiosk.domain.fields

    # Every message an answer check can give (the keys kiosk/domain/fields.py raises) has CLI words.
    checks = set(re.findall(r'"(error\.[a-z_.]+)"',
                            Path(kiosk.domain.fields.__file__).read_text(encoding="utf-8")))
    assert len(checks) > 15
    for language in ("en", "zh_CN"):
        messages = load_messages(language)
        assert {f"cli.{k}" for k in checks} <= set(messages), language
