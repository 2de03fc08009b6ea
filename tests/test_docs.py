"""Every command and every option of the `kiosk` CLI is documented (like sqlite-utils'
tests/test_docs.py): the command table is walked, so a command added later fails here until it
is written up.

The rule, read from README.md and docs/*.md, inside code (`inline` or fenced blocks) only, so
prose such as "the kiosk status" documents nothing:
- each command path, at every depth, appears as `kiosk PATH` (e.g. `kiosk central add-kiosk`);
  `a|b` (or `a\\|b` in a table) names each alternative (`kiosk queue list|show|retry`);
- each option of a command (its long flag, or either side of `--x/--no-x`) appears in the code
  of a file that documents that command (README.md's table row or the guide in docs/);
- the options every command shares (`--data-dir`, `--help`) are documented once, in README.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from kiosk.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHARED = ("--data-dir", "--help")
CODE = re.compile(r"```.*?```|`[^`\n]+`", re.DOTALL)
MENTION = re.compile(r"\bkiosk((?: +[a-z][a-z0-9-]*(?:\\?\|[a-z][a-z0-9-]*)*)+)")


def commands(group: click.Group, path: tuple[str, ...] = ()
             ) -> Iterator[tuple[str, click.Command]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        yield " ".join((*path, name)), command
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


def code_of(doc: Path) -> str:
    return "\n".join(m.group(0) for m in CODE.finditer(doc.read_text(encoding="utf-8")))


def paths_named(code: str) -> set[str]:
    """Every command path a `kiosk …` mention names, with its alternatives and its prefixes."""
    named: set[str] = set()
    for mention in MENTION.finditer(code):
        prefixes = [""]
        for word in mention.group(1).split():
            choices = word.replace("\\|", "|").split("|")
            prefixes = [f"{p} {c}".strip() for p in prefixes for c in choices]
            named.update(prefixes)
    return named


CODE_BY_DOC = {doc: code_of(doc) for doc in DOCS}
PATHS_BY_DOC = {doc: paths_named(code) for doc, code in CODE_BY_DOC.items()}
ALL_COMMANDS = sorted(commands(main))


def long_flags(option: click.Option) -> list[str]:
    return [f for f in (*option.opts, *option.secondary_opts) if f.startswith("--")]


def option_cases() -> Iterator[tuple[str, str, tuple[str, ...]]]:
    for path, command in ALL_COMMANDS:
        for param in command.params:
            if isinstance(param, click.Option):
                flags = tuple(long_flags(param))
                if flags and not set(flags) & set(SHARED):
                    yield path, flags[0], flags


def test_the_walk_reaches_nested_commands() -> None:
    names = {path for path, _ in ALL_COMMANDS}
    assert {"central", "central import", "queue retry", "crashes show", "bench"} <= names


@pytest.mark.parametrize("path", [p for p, _ in ALL_COMMANDS])
def test_every_command_is_documented(path: str) -> None:
    where = [doc.name for doc, named in PATHS_BY_DOC.items() if path in named]
    assert where, f"`kiosk {path}` is in no README.md / docs/*.md code span; document it"


@pytest.mark.parametrize(("path", "flag", "flags"), list(option_cases()),
                         ids=[f"{p} {f}" for p, f, _ in option_cases()])
def test_every_option_is_documented_with_its_command(path: str, flag: str,
                                                     flags: tuple[str, ...]) -> None:
    docs = [doc for doc, named in PATHS_BY_DOC.items() if path in named]
    flag_words = re.compile("|".join(rf"(?<![\w-]){re.escape(f)}(?![\w-])" for f in flags))
    assert any(flag_words.search(CODE_BY_DOC[doc]) for doc in docs), (
        f"option {'/'.join(flags)} of `kiosk {path}` is not in the code of a file documenting "
        f"that command ({', '.join(d.name for d in docs) or 'none'})")


def test_the_shared_options_are_documented_in_the_readme() -> None:
    readme = CODE_BY_DOC[ROOT / "README.md"]
    for flag in SHARED:
        assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", readme), flag
