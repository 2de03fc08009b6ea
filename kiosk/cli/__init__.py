"""The `kiosk` command: a thin click layer over the library, headless unless a screen is asked for.

This is a public contract (acceptance scripts and technicians' tools drive the kiosk through it):
extend it, never rename. Every command takes `--data-dir` (or $KIOSK_DATA_DIR). Errors are
printed as one plain line on stderr with a non-zero exit, never as a traceback.

Every command is defined at module level in a module of this package and registered here, in
COMMANDS, by its path. The group imports a command's module only when that command is run or
listed (kiosk/cli/lazy_group.py), so `kiosk run` through click loads neither httpx nor pydantic
nor the sync machinery. Command modules import kiosk.cli.options, never this module: only the
launcher (and tests) import `kiosk.cli`.

To add a command: define it with `@click.command()` in the module it belongs to (a new one if
none fits), give it `@data_dir_option`, add one line below, and document it in README.md's
command table (tests/test_docs.py fails otherwise).
"""

from __future__ import annotations

from typing import Any

import click

from kiosk.cli.lazy_group import LazyGroup
from kiosk.cli.options import EXIT_FAILED, data_dir_option
from kiosk.errors import KioskError

# Command path -> "module:attribute". Plain string constants in one literal, so the layering
# test (an AST reader) sees every module this table imports, as if it were an import statement.
COMMANDS: dict[str, str] = {
    "run": "kiosk.cli.window:run",
    "demo": "kiosk.cli.window:demo",
    "tour": "kiosk.cli.window:tour",
    "catalog": "kiosk.cli.submit:catalog",
    "submit": "kiosk.cli.submit:submit",
    "config": "kiosk.cli.config:config",
    "config show": "kiosk.cli.config:config_show",
    "config set": "kiosk.cli.config:config_set",
    "sync": "kiosk.cli.sync:sync",
    "status": "kiosk.cli.sync:status",
    "sync-service": "kiosk.cli.sync:sync_service",
    "lookup": "kiosk.cli.lookup_ratings:lookup",
    "ratings": "kiosk.cli.lookup_ratings:ratings",
    "rate": "kiosk.cli.lookup_ratings:rate",
    "vote": "kiosk.cli.lookup_ratings:vote",
    "queue": "kiosk.cli.queue:queue",
    "queue list": "kiosk.cli.queue:queue_list",
    "queue show": "kiosk.cli.queue:queue_show",
    "queue retry": "kiosk.cli.queue:queue_retry",
    "technician": "kiosk.cli.queue:technician",
    "technician set-pin": "kiosk.cli.queue:set_pin",
    "doctor": "kiosk.cli.queue:doctor",
    "keys": "kiosk.cli.privacy:keys",
    "keys rotate": "kiosk.cli.privacy:rotate",
    "purge": "kiosk.cli.privacy:purge",
    "audit": "kiosk.cli.privacy:audit",
    "audit verify": "kiosk.cli.privacy:audit_verify",
    "audit list": "kiosk.cli.privacy:audit_list",
    "volunteer": "kiosk.cli.privacy:volunteer",
    "volunteer add": "kiosk.cli.privacy:volunteer_add",
    "volunteer remove": "kiosk.cli.privacy:volunteer_remove",
    "volunteer list": "kiosk.cli.privacy:volunteer_list",
    "export": "kiosk.cli.bundle:export",
    "import-ack": "kiosk.cli.bundle:import_ack",
    "central": "kiosk.cli.central:central",
    "central serve": "kiosk.cli.central:serve",
    "central add-kiosk": "kiosk.cli.central:add_kiosk",
    "central applications": "kiosk.cli.central:applications",
    "central set-status": "kiosk.cli.central:set_status",
    "central publish-catalog": "kiosk.cli.central:publish_catalog",
    "central ratings": "kiosk.cli.central:ratings",
    "central consultation-results": "kiosk.cli.central:consultation_results",
    "central announce": "kiosk.cli.central:announce",
    "central announcements": "kiosk.cli.central:announcements",
    "central withdraw": "kiosk.cli.central:withdraw",
    "central add-operator": "kiosk.cli.central:add_operator",
    "central migrate": "kiosk.cli.central:migrate",
    "central loadsim": "kiosk.cli.central:loadsim",
    "central import": "kiosk.cli.central_import:central_import",
    "install-service": "kiosk.cli.deploy:install_service",
    "uninstall-service": "kiosk.cli.deploy:uninstall_service",
    "supervise": "kiosk.cli.deploy:supervise_command",
    "crashes": "kiosk.cli.deploy:crashes",
    "crashes list": "kiosk.cli.deploy:crashes_list",
    "crashes show": "kiosk.cli.deploy:crashes_show",
    "reader": "kiosk.cli.reader:reader",
    "reader test": "kiosk.cli.reader:reader_test",
    "bench": "kiosk.cli.bench:bench",
    "handwriting": "kiosk.cli.handwriting:handwriting",
    "handwriting recognize": "kiosk.cli.handwriting:recognize",
}


class KioskGroup(LazyGroup):
    """The top-level group: KioskError becomes one clear line and exit code 1, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KioskError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_FAILED)


@click.group(cls=KioskGroup, table=COMMANDS)
@data_dir_option
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
@click.pass_context
def main(ctx: click.Context, data_dir: str | None, verbose: bool) -> None:
    """Township Kiosk (乡镇便民自助终端): resident applications that work offline.

    Example: kiosk --data-dir /tmp/k status
    """
    ctx.obj = {"data_dir": data_dir, "verbose": verbose}
