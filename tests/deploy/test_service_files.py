"""The autostart files: systemd user units and Task Scheduler XML, generated and checked here
(systemd itself is not needed: this container has no user service manager)."""

from __future__ import annotations

import configparser
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from kiosk.deploy.service_install import (
    RESTART_SEC,
    autostart_entry,
    linux_plan,
    systemd_sync_unit,
    systemd_ui_unit,
    windows_plan,
)
from tests.helpers.kiosk_and_central import kiosk

TASK_NS = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}


def unit(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    return parser


def test_units_restart_always_within_two_seconds_and_never_give_up(tmp_path: Path) -> None:
    for text in (systemd_sync_unit("/opt/k/python", tmp_path), systemd_ui_unit("/opt/k/python",
                                                                                tmp_path)):
        parsed = unit(text)
        assert parsed["Service"]["Restart"] == "always"
        assert int(parsed["Service"]["RestartSec"]) <= 2 == RESTART_SEC
        assert parsed["Unit"]["StartLimitIntervalSec"] == "0"
        assert f'"KIOSK_DATA_DIR={tmp_path}"' in text


def test_ui_unit_runs_kiosk_mode_in_the_graphical_session_without_a_forced_platform(
        tmp_path: Path) -> None:
    text = systemd_ui_unit("/opt/k/python", tmp_path)
    parsed = unit(text)
    assert parsed["Service"]["ExecStart"] == (f"/opt/k/python -m kiosk run --kiosk-mode "
                                              f"--data-dir {tmp_path}")
    assert parsed["Install"]["WantedBy"] == "graphical-session.target"
    assert not any(line.startswith("Environment=") and "QT_QPA_PLATFORM" in line
                   for line in text.splitlines())
    assert "QT_QPA_PLATFORM" in parsed["Service"]["UnsetEnvironment"]
    # the technician's way out (exit 64) is not a crash: no restart
    assert parsed["Service"]["RestartPreventExitStatus"] == "64"


def test_sync_unit_is_headless_and_starts_with_the_user_manager(tmp_path: Path) -> None:
    parsed = unit(systemd_sync_unit("/opt/k/python", tmp_path))
    assert parsed["Service"]["ExecStart"].endswith(f"-m kiosk sync-service --data-dir {tmp_path}")
    assert parsed["Install"]["WantedBy"] == "default.target"
    assert "DISPLAY" in parsed["Service"]["UnsetEnvironment"]


def test_paths_with_spaces_and_percent_are_quoted_for_systemd(tmp_path: Path) -> None:
    odd = tmp_path / "乡镇 100%"
    parsed = unit(systemd_ui_unit("/opt/k/python", odd))
    assert f'--data-dir "{tmp_path}/乡镇 100%%"' in parsed["Service"]["ExecStart"]


def test_autostart_entry_hands_the_display_to_systemd() -> None:
    entry = autostart_entry()
    assert "import-environment DISPLAY WAYLAND_DISPLAY" in entry
    assert "systemctl --user start kiosk-ui.service" in entry


def test_linux_plan_without_systemd_writes_files_and_says_what_to_run(tmp_path: Path) -> None:
    plan = linux_plan("/usr/bin/python3", tmp_path / "data", tmp_path / "units",
                      tmp_path / "autostart", manage=False)
    assert [f.path.name for f in plan.files] == ["kiosk-sync.service", "kiosk-ui.service",
                                                "township-kiosk.desktop"]
    assert not plan.commands and "systemctl --user daemon-reload" in plan.notes[0]


def test_windows_tasks_are_valid_xml_that_restart_on_failure(tmp_path: Path) -> None:
    plan = windows_plan(r"C:\Kiosk\venv\Scripts\python.exe", Path(r"C:\KioskData"), tmp_path,
                        "HALL\\kiosk")
    assert len(plan.files) == 2
    for planned in plan.files:
        assert planned.encoding == "utf-16"
        root = ET.fromstring(planned.text.encode("utf-16"))  # noqa: S314 - our own text
        settings = root.find("t:Settings", TASK_NS)
        assert settings is not None
        assert settings.findtext("t:RestartOnFailure/t:Interval", namespaces=TASK_NS) == "PT1M"
        assert int(settings.findtext("t:RestartOnFailure/t:Count", namespaces=TASK_NS) or 0) > 100
        assert settings.findtext("t:ExecutionTimeLimit", namespaces=TASK_NS) == "PT0S"
        assert root.find("t:Triggers/t:LogonTrigger", TASK_NS) is not None
        command = root.findtext("t:Actions/t:Exec/t:Command", namespaces=TASK_NS)
        arguments = root.findtext("t:Actions/t:Exec/t:Arguments", namespaces=TASK_NS) or ""
        assert command == r"C:\Kiosk\venv\Scripts\pythonw.exe"
        assert "-m kiosk supervise --data-dir C:\\KioskData --" in arguments
    assert ["schtasks", "/Create", "/TN", "TownshipKiosk\\UI", "/XML",
            str(tmp_path / "kiosk-ui-task.xml"), "/F"] in plan.commands


def test_install_service_dry_run_prints_and_changes_nothing(data_dir: Path,
                                                            tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = kiosk(data_dir, "install-service", "--dry-run",
                   env_extra={"XDG_CONFIG_HOME": str(home)})
    assert result.returncode == 0, result.stderr
    assert "Restart=always" in result.stdout and "kiosk-ui.service" in result.stdout
    assert not home.exists() and not (data_dir / "config.toml").exists()


def test_install_then_uninstall_switches_who_sends(data_dir: Path, tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "home")}
    result = kiosk(data_dir, "install-service", "--platform", "linux", env_extra=env)
    units = tmp_path / "home" / "systemd" / "user"
    assert (units / "kiosk-ui.service").exists() and (units / "kiosk-sync.service").exists()
    assert (tmp_path / "home" / "autostart" / "township-kiosk.desktop").exists()
    assert "sync.run_in_ui set to false" in result.stdout, result.stdout + result.stderr
    shown = kiosk(data_dir, "config", "show", check=True).stdout
    assert "sync.run_in_ui = False" in shown
    kiosk(data_dir, "uninstall-service", "--platform", "linux", env_extra=env, check=True)
    assert not (units / "kiosk-ui.service").exists()
    assert "sync.run_in_ui = True" in kiosk(data_dir, "config", "show", check=True).stdout


def test_windows_files_can_be_generated_on_linux(data_dir: Path, tmp_path: Path) -> None:
    kiosk(data_dir, "install-service", "--platform", "windows", "--out", str(tmp_path / "w"),
          check=True)
    assert (tmp_path / "w" / "kiosk-ui-task.xml").read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")


def test_new_commands_have_help_with_an_example(data_dir: Path) -> None:
    for command in (["install-service"], ["uninstall-service"], ["supervise"],
                    ["crashes", "list"], ["crashes", "show"], ["sync-service"]):
        result = kiosk(data_dir, *command, "--help", check=True)
        assert "Example:" in result.stdout and "--data-dir" in result.stdout, command


def test_headless_modules_load_no_qt() -> None:
    probe = ("import sys, kiosk.cli.deploy, kiosk.deploy.machine_check, kiosk.sync.service;"
             "print(any(m.startswith('PySide6') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
