"""The house rules of docs/architecture.md, checked on a graph of the package's imports.

The graph is built from the AST of every module under kiosk/: `import x`, `from x import y`
(where `x.y` is itself a module, the arrow goes to it), relative imports, and the string given to
`importlib.import_module(...)` (an f-string counts as its constant prefix, the package it loads
from), and "kiosk.module:attribute" strings (the CLI's lazily loaded command table), so a lazy
import cannot hide an arrow. Function-level imports count like any other.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kiosk"

# Layers that sit below everything that talks to the outside world or draws.
LOWER = ("domain", "store", "privacy", "speech", "printing", "deploy", "cache", "wire", "identity")
QT = ("PySide6", "shiboken6")
LAZY_ENTRY = re.compile(r"(kiosk(?:\.\w+)+):\w+")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _importlib_target(node: ast.Call) -> str | None:
    func = node.func
    named = (isinstance(func, ast.Attribute) and func.attr == "import_module") or (
        isinstance(func, ast.Name) and func.id == "import_module")
    if not named or not node.args:
        return None
    arg = node.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
        prefix = str(arg.values[0].value)
        return prefix.rstrip(".") or None
    return None


def _resolve(current: str, is_package: bool, level: int, module: str | None) -> str:
    base = current.split(".") if is_package else current.split(".")[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


@cache
def imports_of(name: str) -> frozenset[str]:
    """Every module (ours or not) that module `name` imports, anywhere in its body."""
    path = all_modules()[name]
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = (node.module or "") if node.level == 0 else _resolve(
                name, is_package, node.level, node.module)
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                found.add(sub if sub in all_modules() else source)
        elif isinstance(node, ast.Call):
            target = _importlib_target(node)
            if target:
                found.add(target)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            table_entry = LAZY_ENTRY.fullmatch(node.value)
            if table_entry:
                found.add(table_entry.group(1))
    return frozenset(found)


def in_package(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def offenders(sources: Iterable[str], forbidden: Iterable[str]) -> list[str]:
    forbidden = tuple(forbidden)
    return sorted(f"{source} imports {target}" for source in sources
                  for target in imports_of(source)
                  if any(in_package(target, f) for f in forbidden))


def modules_under(*packages: str) -> list[str]:
    return [m for m in all_modules() if any(in_package(m, f"kiosk.{p}") for p in packages)]


def test_the_graph_sees_lazy_and_importlib_imports() -> None:
    # kiosk.cli loads the window's modules through importlib: the graph must see that arrow.
    assert any(in_package(t, "kiosk.ui") for t in imports_of("kiosk.launcher"))
    assert "kiosk.cli.sync" in imports_of("kiosk.cli")  # from the command table's strings
    assert len(all_modules()) > 100


def test_lower_layers_never_import_the_layers_above() -> None:
    lower = modules_under(*LOWER)
    assert lower
    above = ("kiosk.sync", "kiosk.central", "kiosk.ui", "kiosk.cli", "kiosk.bench")
    assert offenders(lower, above) == []


def test_qt_only_in_the_ui_and_the_bench_probes() -> None:
    outside = [m for m in all_modules()
               if not in_package(m, "kiosk.ui") and not in_package(m, "kiosk.bench.probes")]
    assert offenders(outside, QT) == []


def test_the_central_shares_only_domain_and_wire() -> None:
    central = modules_under("central")
    assert central
    assert offenders(central, ("kiosk.sync", "kiosk.ui", "kiosk.cli", "kiosk.bench", "kiosk.store",
                               "kiosk.speech", "kiosk.printing", "kiosk.deploy")) == []


def test_sync_never_imports_the_central_or_the_window() -> None:
    assert offenders(modules_under("sync"), ("kiosk.central", "kiosk.ui", "kiosk.cli")) == []


def test_nothing_imports_a_composition_root() -> None:
    roots = ("kiosk.cli", "kiosk.launcher", "kiosk.__main__")
    others = [m for m in all_modules() if not any(in_package(m, r) for r in roots)]
    assert offenders(others, roots) == []


def test_only_the_composition_roots_import_the_window() -> None:
    allowed = ("kiosk.ui", "kiosk.cli", "kiosk.launcher", "kiosk.bench")
    others = [m for m in all_modules() if not any(in_package(m, a) for a in allowed)]
    assert offenders(others, ("kiosk.ui",)) == []


def test_only_the_cli_imports_the_bench() -> None:
    others = [m for m in all_modules()
              if not in_package(m, "kiosk.bench") and not in_package(m, "kiosk.cli")]
    assert offenders(others, ("kiosk.bench",)) == []


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), among our modules."""
    ours = all_modules()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def edges(node: str) -> list[str]:
        # importing a.b.c first imports a.b: a package's __init__ is not an arrow to its children
        return sorted(t for t in imports_of(node) if t in ours and t != node)

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges(node):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for module in sorted(ours):
        if module not in index:
            visit(module)
    return found


def test_no_import_circles() -> None:
    assert _cycles() == []


def test_every_module_imports() -> None:
    names = sorted(m for m in all_modules() if not m.endswith("__main__"))  # those run
    probe = "import importlib, sys\nfor n in sys.argv[1:]: importlib.import_module(n)\n"
    result = subprocess.run([sys.executable, "-c", probe, *names], capture_output=True,
                            text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]


def test_headless_entry_points_load_no_qt_at_run_time() -> None:
    probe = ("import sys, kiosk.cli, kiosk.central.api.app, kiosk.sync.runner, kiosk.store.store, "
             "kiosk.bench.run, kiosk.bench.throughput, kiosk.bench.qt_items;"
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6'"
             " or m.startswith('kiosk.ui')))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"
