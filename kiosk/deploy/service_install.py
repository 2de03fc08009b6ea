"""Autostart and watchdog: the files that make the kiosk start by itself and come back after a
crash, for Linux (systemd user units, also on UOS and Kylin) and Windows (Task Scheduler).

Two services (docs/deployment.md explains why):
- `kiosk-sync`: the background sender, `kiosk sync-service`, from boot (with lingering) or login;
- `kiosk-ui`: the resident screen, `kiosk run --kiosk-mode`, in the graphical session.

Both restart 2 s after any exit, forever. Everything here only *generates* text and commands;
`apply_plan` writes and runs them, so the files can be checked where systemd does not exist.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from xml.sax.saxutils import escape

RESTART_SEC = 2
UNITS = ("kiosk-sync.service", "kiosk-ui.service")
TASKS = ("TownshipKiosk\\Sync", "TownshipKiosk\\UI")
AUTOSTART_NAME = "township-kiosk.desktop"
# Variables a desktop session may not have handed to the user manager (DDE on UOS, UKUI on Kylin).
SESSION_VARIABLES = "DISPLAY WAYLAND_DISPLAY XAUTHORITY XDG_SESSION_TYPE XDG_CURRENT_DESKTOP"


# The note of a plan whose commands are left to the technician, and its dry-run wording.
WRITTEN = "the files are written but not enabled"
WOULD_BE_WRITTEN = "the files would be written but not enabled"


@dataclass(frozen=True)
class PlannedFile:
    path: Path
    text: str
    encoding: str = "utf-8"


@dataclass
class Plan:
    platform: str
    files: list[PlannedFile] = field(default_factory=list)
    commands: list[list[str]] = field(default_factory=list)  # run in order after writing
    notes: list[str] = field(default_factory=list)

    def describe(self, *, dry_run: bool = False) -> str:
        """The files and commands; `dry_run`: worded as what would happen, since nothing has."""
        lines = [f"# platform: {self.platform}"]
        if dry_run:
            lines.append("# dry run: nothing has been written or run. Without --dry-run this "
                         "would write the files below" + (" and then run:" if self.commands
                                                           else "."))
            lines += [f"$ {shlex.join(c)}" for c in self.commands]
        for planned in self.files:
            head = "would write " if dry_run else ""
            lines += [f"# --- {head}{planned.path} ---", planned.text.rstrip(), ""]
        if not dry_run:
            lines += [f"$ {shlex.join(c)}" for c in self.commands]
        notes = [n.replace(WRITTEN, WOULD_BE_WRITTEN) if dry_run else n for n in self.notes]
        lines += [f"note: {n}" for n in notes]
        return "\n".join(lines)


def kiosk_command(python: str, data_dir: Path, *args: str) -> list[str]:
    return [python, "-m", "kiosk", *args, "--data-dir", str(data_dir)]


def _exec(argv: list[str]) -> str:
    # systemd's own quoting: double quotes, backslash escapes; `%` must be doubled.
    def quote(arg: str) -> str:
        arg = arg.replace("%", "%%")
        if arg and all(c.isalnum() or c in "/._-=:+," for c in arg):
            return arg
        return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return " ".join(quote(a) for a in argv)


def _env_line(key: str, value: str) -> str:
    return f'Environment="{key}={value}"'.replace("%", "%%")


def systemd_sync_unit(python: str, data_dir: Path) -> str:
    return f"""[Unit]
Description=Township Kiosk background sender (乡镇便民自助终端 同步)
After=network-online.target
Wants=network-online.target
# Never give up restarting, however often it fails.
StartLimitIntervalSec=0

[Service]
Type=simple
ExecStart={_exec(kiosk_command(python, data_dir, "sync-service"))}
{_env_line("KIOSK_DATA_DIR", str(data_dir))}
Environment=PYTHONUNBUFFERED=1
# Headless: it must never try to open a screen.
UnsetEnvironment=QT_QPA_PLATFORM DISPLAY WAYLAND_DISPLAY
Restart=always
RestartSec={RESTART_SEC}
TimeoutStopSec=20
KillMode=mixed

[Install]
WantedBy=default.target
"""


def systemd_ui_unit(python: str, data_dir: Path) -> str:
    return f"""[Unit]
Description=Township Kiosk resident screen (乡镇便民自助终端)
After=graphical-session.target kiosk-sync.service
PartOf=graphical-session.target
StartLimitIntervalSec=0

[Service]
Type=simple
ExecStart={_exec(kiosk_command(python, data_dir, "run", "--kiosk-mode"))}
{_env_line("KIOSK_DATA_DIR", str(data_dir))}
Environment=PYTHONUNBUFFERED=1
# The real screen of the session: never an inherited offscreen/minimal platform.
UnsetEnvironment=QT_QPA_PLATFORM
Restart=always
RestartSec={RESTART_SEC}
# 64: the technician left kiosk mode on purpose (kiosk/ui/shell/kiosk_mode.py); not a crash.
RestartPreventExitStatus=64
# A save in progress finishes before the window goes (at most 10 s).
TimeoutStopSec=15

[Install]
WantedBy=graphical-session.target
"""


def autostart_entry() -> str:
    """XDG autostart: hands the session's display to systemd and starts the screen unit, for
    desktops that do not start graphical-session.target themselves (DDE on UOS, UKUI on Kylin).
    Starting an already running unit does nothing, so GNOME/KDE are unaffected."""
    command = (f"systemctl --user import-environment {SESSION_VARIABLES}; "
               "systemctl --user start kiosk-ui.service")
    return ("[Desktop Entry]\nType=Application\nName=Township Kiosk\nName[zh_CN]=乡镇便民自助终端\n"
            f"Exec=sh -c {shlex.quote(command)}\nX-GNOME-Autostart-enabled=true\n"
            "NoDisplay=true\n")


def systemd_available() -> bool:
    """A user service manager answers here (not so in containers or over plain ssh)."""
    if shutil.which("systemctl") is None:
        return False
    result = subprocess.run(["systemctl", "--user", "show-environment"],  # noqa: S607
                            capture_output=True, text=True, check=False, timeout=10)
    return result.returncode == 0


def linux_plan(python: str, data_dir: Path, unit_dir: Path, autostart_dir: Path,
               *, manage: bool) -> Plan:
    plan = Plan("linux", [
        PlannedFile(unit_dir / "kiosk-sync.service", systemd_sync_unit(python, data_dir)),
        PlannedFile(unit_dir / "kiosk-ui.service", systemd_ui_unit(python, data_dir)),
        PlannedFile(autostart_dir / AUTOSTART_NAME, autostart_entry()),
    ])
    if manage:
        plan.commands = [["systemctl", "--user", "daemon-reload"],
                         ["systemctl", "--user", "enable", "--now", "kiosk-sync.service"],
                         ["systemctl", "--user", "enable", "kiosk-ui.service"]]
    else:
        plan.notes.append(f"systemd --user is not available here: {WRITTEN}; on the "
                          "kiosk run `systemctl --user daemon-reload && systemctl --user enable "
                          "--now kiosk-sync.service && systemctl --user enable kiosk-ui.service`")
    plan.notes.append("to send from boot, before anyone logs in: `loginctl enable-linger "
                      f"{os.environ.get('USER', 'USER')}`; set the desktop to log this user in "
                      "automatically")
    return plan


def linux_removal(unit_dir: Path, autostart_dir: Path, *, manage: bool) -> Plan:
    plan = Plan("linux")
    if manage:
        plan.commands = [["systemctl", "--user", "disable", "--now", *UNITS],
                         ["systemctl", "--user", "daemon-reload"]]
    plan.files = [PlannedFile(unit_dir / u, "") for u in UNITS]
    plan.files.append(PlannedFile(autostart_dir / AUTOSTART_NAME, ""))
    return plan


def windows_task_xml(description: str, command: str, arguments: str, user: str) -> str:
    """A Task Scheduler task: at log-on, never time out, restart on failure.

    Task Scheduler's own restart waits at least a minute, so the action is `kiosk supervise`,
    which restarts its child within 2 s; RestartOnFailure only guards the supervisor itself."""
    return f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.4" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>{escape(description)}</Description>
  </RegistrationInfo>
  <Triggers>
    <LogonTrigger>
      <Enabled>true</Enabled>
      <UserId>{escape(user)}</UserId>
    </LogonTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>{escape(user)}</UserId>
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <AllowHardTerminate>true</AllowHardTerminate>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <IdleSettings>
      <StopOnIdleEnd>false</StopOnIdleEnd>
      <RestartOnIdle>false</RestartOnIdle>
    </IdleSettings>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>true</Enabled>
    <Hidden>false</Hidden>
    <RunOnlyIfIdle>false</RunOnlyIfIdle>
    <WakeToRun>false</WakeToRun>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <Priority>5</Priority>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>999</Count>
    </RestartOnFailure>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{escape(command)}</Command>
      <Arguments>{escape(arguments)}</Arguments>
    </Exec>
  </Actions>
</Task>
"""


def windows_plan(python: str, data_dir: Path, out_dir: Path, user: str) -> Plan:
    # pythonw.exe: no console window flashes up behind the kiosk.
    pythonw = str(PureWindowsPath(python).with_name("pythonw.exe")) if python.lower().endswith(
        "python.exe") else python
    plan = Plan("windows")
    jobs = (("Sync", "Township Kiosk background sender", "sync-service"),
            ("UI", "Township Kiosk resident screen", "run --kiosk-mode"))
    for (name, description, command), task in zip(jobs, TASKS, strict=True):
        arguments = subprocess.list2cmdline(
            ["-m", "kiosk", "supervise", "--data-dir", str(data_dir), "--", *command.split()])
        path = out_dir / f"kiosk-{name.lower()}-task.xml"
        plan.files.append(PlannedFile(path, windows_task_xml(description, pythonw, arguments,
                                                             user), encoding="utf-16"))
        plan.commands.append(["schtasks", "/Create", "/TN", task, "/XML", str(path), "/F"])
    plan.commands.append(["schtasks", "/Run", "/TN", TASKS[0]])
    return plan


def windows_removal() -> Plan:
    return Plan("windows", commands=[["schtasks", "/Delete", "/TN", t, "/F"] for t in TASKS])


def apply_plan(plan: Plan, remove: bool = False) -> list[str]:
    """Write (or delete) the files, then run the commands; returns what happened, line by line.
    A command that fails is reported, not raised: the files are still useful."""
    done: list[str] = []
    if remove:
        for command in plan.commands:
            done.append(_run(command))
    for planned in plan.files:
        if remove:
            if planned.path.exists():
                planned.path.unlink()
                done.append(f"removed {planned.path}")
            continue
        planned.path.parent.mkdir(parents=True, exist_ok=True)
        planned.path.write_text(planned.text, encoding=planned.encoding)
        done.append(f"wrote {planned.path}")
    if not remove:
        for command in plan.commands:
            done.append(_run(command))
    return done + [f"note: {n}" for n in plan.notes]


def _run(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False,  # noqa: S603
                                timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"FAILED {shlex.join(command)}: {exc}"
    if result.returncode != 0:
        reason = (result.stderr or result.stdout).strip().splitlines()
        return f"FAILED {shlex.join(command)}: {reason[-1] if reason else result.returncode}"
    return f"ran {shlex.join(command)}"


def default_unit_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def default_autostart_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "autostart"


def current_platform() -> str:
    return "windows" if sys.platform == "win32" else "linux"
