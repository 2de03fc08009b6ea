"""A click group whose commands are named in a table and imported only when asked for.

The table (kiosk/cli/__init__.py, COMMANDS) maps a command path ("sync", "central import") to
"module:attribute". A command's module is imported the first time that command is run or listed
(help, the docs test), so `kiosk run` through click never loads httpx, pydantic or the sync
machinery, and a command module needs no group to attach itself to.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import click


def load_command(target: str) -> click.Command:
    """The command named by "package.module:attribute"."""
    module_name, _, attribute = target.partition(":")
    command = getattr(importlib.import_module(module_name), attribute)
    if not isinstance(command, click.Command):
        raise TypeError(f"{target} is not a click command")
    return command


class LazyGroup(click.Group):
    """A group that finds its subcommands in `table` under its own `path`.

    A subgroup that is itself a LazyGroup is given the same table and its own path when it is
    loaded, so one table registers every command at every depth.
    """

    def __init__(self, *args: Any, table: Mapping[str, str] | None = None, path: str = "",
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table: Mapping[str, str] = table or {}
        self.path = path

    def _key(self, name: str) -> str:
        return f"{self.path} {name}" if self.path else name

    def list_commands(self, ctx: click.Context) -> list[str]:
        depth = len(self.path.split()) + 1
        named = {key.split()[-1] for key in self.table
                 if len(key.split()) == depth and key.startswith(self._key(""))}
        return sorted(named | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            target = self.table.get(self._key(cmd_name))
            if target is None:
                return None
            command = load_command(target)
            if isinstance(command, LazyGroup):
                command.table, command.path = self.table, self._key(cmd_name)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)
