"""The CLI's import rules: no circles, nothing imports the group module but
the launcher, and every command is registered from the one table, read as the AST sees it."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import click

from kiosk.cli import COMMANDS, main

PACKAGE = Path(__file__).resolve().parents[2] / "kiosk"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def table_modules(tree: ast.Module) -> set[str]:
    """The modules named by a `COMMANDS = {...}` literal ("module:attribute" constants)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign | ast.Assign) and isinstance(node.value, ast.Dict):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "COMMANDS" for t in targets):
                for value in node.value.values:
                    assert isinstance(value, ast.Constant) and isinstance(value.value, str), \
                        "COMMANDS values must be plain strings an AST reader can see"
                    found.add(value.value.partition(":")[0])
    return found


def imports(path: Path) -> set[str]:
    """Every module `path` imports: at any depth (function-level too), by importlib strings,
    and through the command table."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set(table_modules(tree))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from kiosk.cli import options` imports the submodule, not the group module
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                names.add(child if (PACKAGE.parent / (child.replace(".", "/") + ".py")).exists()
                          else node.module)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant)):
            names.add(str(node.args[0].value))
    return {n for n in names if n == "kiosk" or n.startswith("kiosk.")}


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in PACKAGE.rglob("*.py")}


def test_nothing_but_the_launcher_imports_the_group_module() -> None:
    importers = sorted(name for name, targets in graph().items() if "kiosk.cli" in targets)
    assert importers == ["kiosk.launcher"]


def test_the_cli_and_the_launcher_are_in_no_import_circle() -> None:
    edges = graph()
    cli = [m for m in edges if m.startswith("kiosk.cli") or m in ("kiosk.launcher",
                                                                    "kiosk.exit_codes")]

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), list(edges.get(start, ()))
        while todo:
            name = todo.pop()
            if name == goal:
                return True
            if name not in seen:
                seen.add(name)
                todo.extend(edges.get(name, ()))
        return False

    assert [m for m in cli if reaches(m, m)] == []


def test_the_table_names_every_command_at_every_depth() -> None:
    tree = ast.parse((PACKAGE / "cli" / "__init__.py").read_text(encoding="utf-8"))
    assert table_modules(tree) == {t.partition(":")[0] for t in COMMANDS.values()}

    def walk(group: click.Group, path: tuple[str, ...] = ()) -> set[str]:
        ctx = click.Context(group)
        found: set[str] = set()
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None, " ".join((*path, name))
            found.add(" ".join((*path, name)))
            if isinstance(command, click.Group):
                found |= walk(command, (*path, name))
        return found

    assert walk(main) == set(COMMANDS)


def test_click_kiosk_run_loads_none_of_the_sync_machinery() -> None:
    code = ("import sys\nfrom kiosk.cli import main\n"
            "try:\n    main(['run', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('httpx', 'pydantic', 'kiosk.sync', 'kiosk.central',"
            " 'sqlite_utils', 'PySide6') if m in sys.modules))\n")
    env = {k: v for k, v in os.environ.items() if k != "KIOSK_DATA_DIR"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "--kiosk-mode" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"
