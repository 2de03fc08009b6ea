"""What every command module shares: the `--data-dir` option, the folder it names, printing.

Command modules import this, never the group module `kiosk.cli` (which imports them through its
table): so no command module depends on the group and no import circle can form. Kept light
(click and the paths only): the group loads it before any command is chosen.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from kiosk.exit_codes import EXIT_FAILED, EXIT_NO_DISPLAY
from kiosk.logs import configure_logging
from kiosk.paths import ensure_data_dir, resolve_data_dir

__all__ = ["EXIT_FAILED", "EXIT_NO_DISPLAY", "data_dir_from", "data_dir_given", "data_dir_option",
           "emit", "progress_printer", "verbose"]

F = TypeVar("F", bound=Callable[..., Any])
PROGRESS_EVERY = 100


def _top_level_data_dir(ctx: click.Context, param: click.Parameter, value: str | None
                        ) -> str | None:
    """A command's `--data-dir`, else the one given before the command name (`kiosk --data-dir X
    central add-kiosk`): every command at every depth receives the folder actually chosen, so
    none can fall back to the platform default while the user named a folder. A folder typed on
    the command line beats $KIOSK_DATA_DIR wherever it was typed."""
    source = ctx.get_parameter_source(param.name or "data_dir")
    typed_here = source is ParameterSource.COMMANDLINE
    root = ctx.find_root()
    if typed_here or root is ctx:
        return value
    typed_at_top = (root.get_parameter_source("data_dir")
                    is ParameterSource.COMMANDLINE)
    top = (root.obj or {}).get("data_dir") if isinstance(root.obj, dict) else None
    if top and (typed_at_top or value is None):
        return str(top)
    return value


def data_dir_option(command: F) -> F:
    """`--data-dir` on every command, so it works before or after the command name."""
    return click.option("--data-dir", "data_dir", type=click.Path(file_okay=False),
                        envvar="KIOSK_DATA_DIR", default=None, callback=_top_level_data_dir,
                        help="Data directory (default: the platform's user data dir).")(command)


def _root_options(ctx: click.Context) -> dict[str, Any]:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, dict) else {}


def data_dir_given(ctx: click.Context, option: str | None) -> bool:
    """Whether a folder was named (here or before the command name), not the default one."""
    return bool(option or _root_options(ctx).get("data_dir"))


def verbose(ctx: click.Context | None) -> bool:
    """`kiosk -v …`: log progress to stderr."""
    return bool(ctx and _root_options(ctx).get("verbose"))


def data_dir_from(ctx: click.Context, option: str | None) -> Path:
    """The kiosk's data folder (made if missing), with logging set up inside it."""
    chosen = option or _root_options(ctx).get("data_dir")
    folder = ensure_data_dir(resolve_data_dir(chosen))
    configure_logging(folder, verbose=verbose(ctx))
    return folder


def emit(as_json: bool, data: Any, text: str) -> None:
    """`--json`: the data as JSON (Chinese kept readable); else the plain text."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str) if as_json else text)


def progress_printer(verb: str) -> Callable[[int, int], None]:
    """"exported 100/2000" on stderr every hundred records, for long runs only."""
    def show(done: int, total: int) -> None:
        if total >= PROGRESS_EVERY and (done % PROGRESS_EVERY == 0 or done == total):
            click.echo(f"{verb} {done}/{total}", err=True)
    return show
