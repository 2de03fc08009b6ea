"""`kiosk run`, `kiosk demo` and `kiosk tour`: the commands that open (or render) the window.

Qt is imported only inside them, when a screen is really wanted, so listing or running any other
command stays headless. Plain `kiosk run` usually never reaches click: kiosk/launcher.py starts
the window without it, with the same messages and exit codes as `run` here.
"""

from __future__ import annotations

import importlib
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from kiosk.cli.options import EXIT_NO_DISPLAY, data_dir_from, data_dir_given, data_dir_option
from kiosk.exit_codes import no_display_message
from kiosk.i18n import LANGUAGES
from kiosk.logs import configure_logging
from kiosk.paths import ensure_data_dir, resolve_data_dir


def _window() -> Any:
    # Module names as plain strings, so the layering test (which reads them) sees these arrows.
    return importlib.import_module("kiosk.ui.app")


@click.command()
@data_dir_option
@click.option("--kiosk-mode", is_flag=True, help="Full screen, frameless, on top; window-manager "
              "keys do nothing; only the technician PIN leads out.")
@click.pass_context
def run(ctx: click.Context, data_dir: str | None, kiosk_mode: bool) -> None:
    """Start the kiosk screen for residents.  Example: kiosk run --kiosk-mode"""
    message = no_display_message()
    if message:
        click.echo(message, err=True)
        ctx.exit(EXIT_NO_DISPLAY)
    folder = data_dir_from(ctx, data_dir)
    configure_logging(folder, console=True)  # as kiosk.launcher: warnings reach the journal
    ctx.exit(_window().run_kiosk(folder, kiosk_mode=kiosk_mode))


@click.command()
@data_dir_option
@click.option("--port", default=0, show_default=True, help="Port of the demo central (0: any).")
@click.pass_context
def demo(ctx: click.Context, data_dir: str | None, port: int) -> None:
    """Start a reference central on loopback and a kiosk pointed at it.  Example: kiosk demo"""
    message = no_display_message()
    if message:
        click.echo(message, err=True)
        ctx.exit(EXIT_NO_DISPLAY)
    # Headless part (central + settings); imported here so `kiosk --help` does not load the
    # central server.
    from kiosk.cli.demo import run_demo

    if data_dir_given(ctx, data_dir):
        folder = data_dir_from(ctx, data_dir)
    else:  # never point a real kiosk's own settings at a throw-away demo central
        folder = ensure_data_dir(resolve_data_dir(None) / "demo")
    ctx.exit(run_demo(folder, port, _window().run_kiosk))


@click.command()
@data_dir_option
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for the PNG files.")
@click.option("--language", default="zh_CN", type=click.Choice(LANGUAGES))
@click.option("--matrix/--no-matrix", default=True, show_default=True,
              help="Also render every screen in both languages, both themes and all three "
                   "text sizes (into LANG/THEME-SIZE/ subfolders).")
@click.pass_context
def tour(ctx: click.Context, data_dir: str | None, out_dir: str, language: str,
         matrix: bool) -> None:
    """Render every screen of a sample application to PNG.

    Example: kiosk tour --out /tmp/tour   (README pictures: kiosk tour --out docs/tour --no-matrix)
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    target = data_dir_from(ctx, data_dir) if data_dir_given(ctx, data_dir) else None
    if target is None:
        target = Path(tempfile.mkdtemp(prefix="kiosk-tour-"))
        configure_logging(target)  # its warnings (no printer in the tour) into its own log
    render_tour = importlib.import_module("kiosk.ui.tour.tour").render_tour
    paths = render_tour(Path(out_dir), target, language, matrix=matrix)
    for path in paths:
        click.echo(str(path))
