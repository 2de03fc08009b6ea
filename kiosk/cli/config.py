"""`kiosk config show|set`: this kiosk's settings (kiosk/settings.py) from a terminal."""

from __future__ import annotations

import click

from kiosk.cli.lazy_group import LazyGroup
from kiosk.cli.options import data_dir_from, data_dir_option, emit
from kiosk.settings import Settings


@click.group(cls=LazyGroup)
def config() -> None:
    """Show or change this kiosk's settings."""


@click.command("show")
@data_dir_option
@click.option("--json", "as_json", is_flag=True)
@click.option("--reveal", is_flag=True, help="Show secrets such as the token.")
@click.pass_context
def config_show(ctx: click.Context, data_dir: str | None, as_json: bool, reveal: bool) -> None:
    """Print every setting.  Example: kiosk config show --json"""
    settings = Settings.load(data_dir_from(ctx, data_dir))
    values = settings.as_dict(reveal_secrets=reveal)
    emit(as_json, values, "\n".join(f"{k} = {v!r}" for k, v in values.items()))


@click.command("set")
@data_dir_option
@click.argument("key")
@click.argument("value")
@click.pass_context
def config_set(ctx: click.Context, data_dir: str | None, key: str, value: str) -> None:
    """Change one setting.  Example: kiosk config set central.url http://127.0.0.1:8765"""
    folder = data_dir_from(ctx, data_dir)
    settings = Settings.load(folder)
    settings.set(key, value)
    # The audit trail opens the store (sqlite-utils, cryptography): only `set` needs it.
    from kiosk.cli.privacy import audit_cli_action

    audit_cli_action(folder, "config.set", key=key)  # the key only: a token is a secret
    click.echo(f"{key} set")
