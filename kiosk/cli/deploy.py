"""`kiosk install-service`, `uninstall-service`, `supervise` and `crashes`: putting a kiosk in a
hall so it starts by itself, comes back after a crash, and tells the technician what happened."""

from __future__ import annotations

import getpass
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import click

from kiosk.cli.lazy_group import LazyGroup
from kiosk.cli.options import EXIT_FAILED, data_dir_from, data_dir_option, emit
from kiosk.deploy import crash_report, service_install
from kiosk.deploy.supervisor import DEFAULT_DELAY_S, supervise
from kiosk.errors import KioskError
from kiosk.settings import Settings


class NoSuchCrashReport(KioskError):
    pass


def _plan(platform: str, folder: Path, out_dir: str | None, manage: bool,
          remove: bool = False) -> service_install.Plan:
    python = sys.executable
    if platform == "windows":
        if remove:
            return service_install.windows_removal()
        target = Path(out_dir) if out_dir else folder / "service"
        plan = service_install.windows_plan(python, folder, target, getpass.getuser())
        if not manage:  # not on that Windows machine: say what to run there instead
            plan.notes += [f"run on the kiosk: {subprocess.list2cmdline(c)}"
                           for c in plan.commands]
            plan.commands = []
        return plan
    unit_dir = Path(out_dir) / "systemd" if out_dir else service_install.default_unit_dir()
    autostart = Path(out_dir) / "autostart" if out_dir else service_install.default_autostart_dir()
    if remove:
        return service_install.linux_removal(unit_dir, autostart, manage=manage)
    return service_install.linux_plan(python, folder, unit_dir, autostart, manage=manage)


def _can_manage(platform: str, out_dir: str | None) -> bool:
    """Whether the commands can run here; a dry run shows the ones a real run would run."""
    if out_dir:  # files somewhere else are for looking at, not for running
        return False
    if platform == "windows":
        return sys.platform == "win32"
    return service_install.systemd_available()


platform_option = click.option(
    "--platform", type=click.Choice(["auto", "linux", "windows"]), default="auto",
    show_default=True, help="Which autostart to write (auto: this machine's).")
out_option = click.option(
    "--out", "out_dir", type=click.Path(file_okay=False), default=None,
    help="Write the files here instead of their real places (nothing is enabled).")


@click.command("install-service")
@data_dir_option
@platform_option
@out_option
@click.option("--dry-run", is_flag=True, help="Print what would be written and run.")
@click.pass_context
def install_service(ctx: click.Context, data_dir: str | None, platform: str,
                    out_dir: str | None, dry_run: bool) -> None:
    """Start the kiosk by itself at log-on and restart it within 2 s after a crash.

    Linux: systemd user units kiosk-sync and kiosk-ui (+ an XDG autostart entry for UOS and
    Kylin desktops); Windows: two Task Scheduler tasks. The window stops sending itself
    (sync.run_in_ui = false): the kiosk-sync service sends, and keeps sending while the
    window restarts.  Example: kiosk install-service --dry-run
    """
    folder = data_dir_from(ctx, data_dir)
    chosen = service_install.current_platform() if platform == "auto" else platform
    manage = _can_manage(chosen, out_dir)
    plan = _plan(chosen, folder, out_dir, manage)
    if dry_run:
        click.echo(plan.describe(dry_run=True))
        return
    done = service_install.apply_plan(plan)
    for line in done:
        click.echo(line)
    if out_dir is None:
        Settings.load(folder).set("sync.run_in_ui", "false")
        click.echo("sync.run_in_ui set to false: the kiosk-sync service sends")
    if any(line.startswith("FAILED") for line in done):
        ctx.exit(EXIT_FAILED)


@click.command("uninstall-service")
@data_dir_option
@platform_option
@click.option("--dry-run", is_flag=True, help="Print what would be removed and run.")
@click.pass_context
def uninstall_service(ctx: click.Context, data_dir: str | None, platform: str,
                      dry_run: bool) -> None:
    """Remove what install-service set up; the window sends by itself again.

    The data directory is left as it is.  Example: kiosk uninstall-service
    """
    folder = data_dir_from(ctx, data_dir)
    chosen = service_install.current_platform() if platform == "auto" else platform
    plan = _plan(chosen, folder, None, _can_manage(chosen, None), remove=True)
    if dry_run:
        click.echo("\n".join(["# dry run: nothing has been removed or run. Without "
                              "--dry-run this would remove:"]
                             + [f"  {f.path}" for f in plan.files]
                             + (["and run:"] if plan.commands else [])
                             + [f"$ {' '.join(c)}" for c in plan.commands]))
        return
    for line in service_install.apply_plan(plan, remove=True):
        click.echo(line)
    Settings.load(folder).set("sync.run_in_ui", "true")
    click.echo("sync.run_in_ui set to true: the window sends again")


@click.command("supervise", context_settings={"ignore_unknown_options": True})
@data_dir_option
@click.option("--restart-delay", default=DEFAULT_DELAY_S, show_default=True,
              help="Seconds to wait before starting the command again.")
@click.argument("command", nargs=-1, type=click.UNPROCESSED, required=True)
@click.pass_context
def supervise_command(ctx: click.Context, data_dir: str | None, restart_delay: float,
                      command: tuple[str, ...]) -> None:
    """Run a kiosk command and start it again whenever it ends (Windows' watchdog).

    Example: kiosk supervise -- run --kiosk-mode
    """
    folder = data_dir_from(ctx, data_dir)
    stop = threading.Event()
    for name in ("SIGTERM", "SIGINT", "SIGBREAK"):
        sig = getattr(signal, name, None)
        if sig is not None:
            signal.signal(sig, lambda *_: stop.set())
    os.environ["KIOSK_DATA_DIR"] = str(folder)
    supervise([sys.executable, "-m", "kiosk", *command], stop, restart_delay)


@click.group(cls=LazyGroup)
def crashes() -> None:
    """Crash reports kept for technicians (no personal data in them)."""


@click.command("list")
@data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def crashes_list(ctx: click.Context, data_dir: str | None, as_json: bool) -> None:
    """Every crash report, newest first.  Example: kiosk crashes list"""
    reports = crash_report.list_reports(data_dir_from(ctx, data_dir))
    emit(as_json, [r.as_dict() for r in reports],
         "\n".join(f"{r.created_at.isoformat()[:19]}  {r.program:<5} {r.kind:<9} "
                   f"{r.path.name}\n    {r.summary}" for r in reports) or "no crashes")


@click.command("show")
@data_dir_option
@click.argument("name")
@click.pass_context
def crashes_show(ctx: click.Context, data_dir: str | None, name: str) -> None:
    """One report in full (the file name from `kiosk crashes list`).

    Example: kiosk crashes show crash-20260301T080000000000Z-ui-4242.txt
    """
    try:
        click.echo(crash_report.read_report(data_dir_from(ctx, data_dir), name))
    except OSError:
        raise NoSuchCrashReport(f"no crash report named {name}") from None
