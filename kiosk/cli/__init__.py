"""The `kiosk` command: a thin click layer over the library, headless unless a screen is asked for.

This is a public contract (acceptance scripts and technicians' tools drive the kiosk through it):
extend it, never rename. Every command takes `--data-dir` (or $KIOSK_DATA_DIR). Errors are
printed as one plain line on stderr with a non-zero exit, never as a traceback.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from kiosk.errors import KioskError
from kiosk.launcher import EXIT_FAILED, EXIT_NO_DISPLAY, no_display_message
from kiosk.logs import configure_logging
from kiosk.paths import database_path, ensure_data_dir, resolve_data_dir

# The store (sqlite_utils, cryptography), the catalog, the settings and the answer checks are
# imported by the commands that use them: `kiosk run` reaches its first screen sooner without
# them (the window loads what it needs; docs/benchmarks.md, start-up).

F = TypeVar("F", bound=Callable[..., Any])
# EXIT_FAILED (1) and EXIT_NO_DISPLAY (3) live in kiosk.launcher, which runs plain `kiosk run`
# without click; imported above, so `from kiosk.cli import EXIT_FAILED` keeps working.


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


def data_dir_from(ctx: click.Context, option: str | None) -> Path:
    chosen = option or (ctx.find_root().obj or {}).get("data_dir")
    folder = ensure_data_dir(resolve_data_dir(chosen))
    configure_logging(folder, verbose=bool((ctx.find_root().obj or {}).get("verbose")))
    return folder


def emit(as_json: bool, data: Any, text: str) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str) if as_json else text)


class KioskGroup(click.Group):
    """Turns KioskError into one clear line and exit code 1 instead of a traceback.

    The commands of the cli_*.py modules are registered the first time a command is not found
    among those defined here, or when all commands are listed (help, docs tests).
    """

    _registered = False

    def _register_all(self) -> None:
        if not self._registered:
            self._registered = True
            _register_commands(self)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            self._register_all()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._register_all()
        return super().list_commands(ctx)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KioskError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_FAILED)


@click.group(cls=KioskGroup)
@data_dir_option
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
@click.pass_context
def main(ctx: click.Context, data_dir: str | None, verbose: bool) -> None:
    """Township Kiosk (乡镇便民自助终端): resident applications that work offline.

    Example: kiosk --data-dir /tmp/k status
    """
    ctx.obj = {"data_dir": data_dir, "verbose": verbose}


def _no_display_message() -> str | None:
    return no_display_message()


def _ui(module: str) -> Any:
    # Qt is imported only when a screen is really wanted, so the rest of the CLI runs headless.
    return importlib.import_module(f"kiosk.ui.{module}")


@main.command()
@data_dir_option
@click.option("--kiosk-mode", is_flag=True, help="Full screen, frameless, on top; window-manager "
              "keys do nothing; only the technician PIN leads out.")
@click.pass_context
def run(ctx: click.Context, data_dir: str | None, kiosk_mode: bool) -> None:
    """Start the kiosk screen for residents.  Example: kiosk run --kiosk-mode"""
    message = _no_display_message()
    if message:
        click.echo(message, err=True)
        ctx.exit(EXIT_NO_DISPLAY)
    folder = data_dir_from(ctx, data_dir)
    configure_logging(folder, console=True)  # as kiosk.launcher: warnings reach the journal
    ctx.exit(_ui("app").run_kiosk(folder, kiosk_mode=kiosk_mode))


@main.command("sync-service")
@data_dir_option
@click.pass_context
def sync_service(ctx: click.Context, data_dir: str | None) -> None:
    """Keep sending in the background until stopped (the kiosk-sync service runs this).

    Example: kiosk sync-service
    """
    from kiosk.sync.service import run_sync_service

    folder = data_dir_from(ctx, data_dir)
    configure_logging(folder, console=True)  # a service: its warnings reach the journal too
    ctx.exit(run_sync_service(folder))


@main.command()
@data_dir_option
@click.option("--port", default=0, show_default=True, help="Port of the demo central (0: any).")
@click.pass_context
def demo(ctx: click.Context, data_dir: str | None, port: int) -> None:
    """Start a reference central on loopback and a kiosk pointed at it.  Example: kiosk demo"""
    message = _no_display_message()
    if message:
        click.echo(message, err=True)
        ctx.exit(EXIT_NO_DISPLAY)
    from kiosk.cli.demo import run_demo  # headless part: central + settings

    if data_dir or (ctx.obj or {}).get("data_dir"):
        folder = data_dir_from(ctx, data_dir)
    else:  # never point a real kiosk's own settings at a throw-away demo central
        folder = ensure_data_dir(resolve_data_dir(None) / "demo")
    ctx.exit(run_demo(folder, port, _ui("app").run_kiosk))


@main.command()
@data_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def catalog(ctx: click.Context, data_dir: str | None, as_json: bool) -> None:
    """List the services and their fields.  Example: kiosk catalog --json"""
    from kiosk.domain.active_catalog import load_active_catalog

    loaded = load_active_catalog(data_dir_from(ctx, data_dir))
    if as_json:
        emit(True, loaded.to_json(), "")
        return
    lines = [f"catalog version {loaded.version}"]
    for service in loaded.services:
        lines.append(f"\n{service.id}  {service.title['zh_CN']} / {service.title['en']}")
        for field in service.fields:
            required = "required" if field.required else "optional"
            choices = f"  [{', '.join(c.value for c in field.choices)}]" if field.choices else ""
            lines.append(f"  {field.id:<28} {field.type.value:<11} {required}{choices}")
    click.echo("\n".join(lines))


@main.command()
@data_dir_option
@click.option("--service", "service_id", required=True, help="Service id (see `kiosk catalog`).")
@click.option("--answers", "answers_file", required=True, type=click.File("r", encoding="utf-8"),
              help="JSON object of answers keyed by field id, or JSON lines; - for stdin.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON objects.")
@click.pass_context
def submit(ctx: click.Context, data_dir: str | None, service_id: str, answers_file: Any,
           as_json: bool) -> None:
    """Queue applications without the screen (e.g. paper forms from home visits).

    Example: kiosk submit --service elderly_allowance --answers form.json
    """
    from kiosk.cli.answers_file import parse_answers
    from kiosk.domain.active_catalog import load_active_catalog
    from kiosk.domain.fields import AnswersInvalid, validate_answers
    from kiosk.i18n import Translator
    from kiosk.store.store import Store

    folder = data_dir_from(ctx, data_dir)
    loaded = load_active_catalog(folder)
    service = loaded.service(service_id)
    records = parse_answers(answers_file.read(), answers_file.name)
    english = Translator("en")
    saved: list[dict[str, str]] = []
    failed = 0
    with Store.open(database_path(folder)) as store:
        for record in records:
            try:
                clean = validate_answers(service, record.answers)
            except AnswersInvalid as exc:
                failed += 1
                for error in exc.errors:
                    click.echo(f"record {record.line}: {error.field_id}: "
                               f"{_cli_words(english, error.key, error.params)}", err=True)
                continue
            consent = {"method": "paper_form_entered_by_cli",
                       "recorded_at": dt.datetime.now(dt.UTC).isoformat()}
            receipt = store.save_answers(service.id, loaded.version, clean, consent, "zh_CN")
            saved.append({"tracking_number": receipt.tracking_number, "id": receipt.application_id})
            if not as_json:
                click.echo(receipt.tracking_number)
    if as_json:
        emit(True, saved, "")
    if failed:
        click.echo(f"{failed} of {len(records)} record(s) not queued; fix them and submit again.",
                   err=True)
        ctx.exit(EXIT_FAILED)


def _cli_words(words: Any, key: str, params: dict[str, Any]) -> str:
    """An answer check's message for the terminal (cli.<key>: "answer "yes" or "no""), not the
    screen's ("Please tap Yes or No"); the screen's words if the CLI has none of its own."""
    cli_key = f"cli.{key}"
    text = str(words.t(cli_key, **params))
    return text if text != cli_key else str(words.t(key, **params))


@main.group()
def config() -> None:
    """Show or change this kiosk's settings."""


@config.command("show")
@data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.option("--reveal", is_flag=True, help="Show secrets such as the token.")
@click.pass_context
def config_show(ctx: click.Context, data_dir: str | None, as_json: bool, reveal: bool) -> None:
    """Print every setting.  Example: kiosk config show --json"""
    from kiosk.settings import Settings

    settings = Settings.load(data_dir_from(ctx, data_dir))
    values = settings.as_dict(reveal_secrets=reveal)
    emit(as_json, values, "\n".join(f"{k} = {v!r}" for k, v in values.items()))


@config.command("set")
@data_dir_option
@click.argument("key")
@click.argument("value")
@click.pass_context
def config_set(ctx: click.Context, data_dir: str | None, key: str, value: str) -> None:
    """Change one setting.  Example: kiosk config set central.url http://127.0.0.1:8765"""
    from kiosk.settings import Settings

    folder = data_dir_from(ctx, data_dir)
    settings = Settings.load(folder)
    settings.set(key, value)
    from kiosk.cli.privacy import audit_cli_action

    audit_cli_action(folder, "config.set", key=key)  # the key only: a token is a secret
    click.echo(f"{key} set")


@main.command()
@data_dir_option
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for the PNG files.")
@click.option("--language", default="zh_CN", type=click.Choice(["zh_CN", "en"]))
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
    target = data_dir_from(ctx, data_dir) if data_dir or (ctx.obj or {}).get("data_dir") else None
    if target is None:
        import tempfile

        target = Path(tempfile.mkdtemp(prefix="kiosk-tour-"))
        configure_logging(target)  # its warnings (no printer in the tour) into its own log
    paths = _ui("tour.tour").render_tour(Path(out_dir), target, language, matrix=matrix)
    for path in paths:
        click.echo(str(path))


# Commands that talk to the central live in their own modules; importing registers them.
# They load on first need (help, or a command not defined above), so `kiosk run` reaches the
# first screen without httpx, pydantic and the sync machinery (docs/benchmarks.md, start-up).
def _register_commands(group: click.Group) -> None:
    from kiosk.cli import bench as cli_bench
    from kiosk.cli import bundle as cli_bundle
    from kiosk.cli import central as cli_central
    from kiosk.cli import deploy as cli_deploy
    from kiosk.cli import privacy as cli_privacy
    from kiosk.cli import queue as cli_queue
    from kiosk.cli import sync as cli_sync

    cli_sync.register(group)
    cli_queue.register(group)
    cli_privacy.register(group)
    cli_central.register(group)
    cli_bundle.register(group)  # after cli_central: adds `import` to its `central` group
    cli_deploy.register(group)  # install-service, uninstall-service, supervise, crashes
    cli_bench.register(group)  # kiosk bench: the performance benchmark (docs/benchmarks.md)
