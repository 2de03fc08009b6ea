"""A cheaper answer to the question PySide6 asks about every module imported after it.

PySide6 hooks `import`: for each newly imported module it asks "does this module's source mention
PySide6?" (to know which modules may switch on its `__feature__` options, e.g. snake_case), and
answers with `inspect.getsource(module)`: tokenising paths, `linecache` reading and splitting the
whole file into lines, and keeping them in memory. The kiosk imports most of its modules after
PySide6 before its first frame, and those answers are a measurable part of its start-up
(docs/benchmarks.md).

`install()` swaps in the same test done on the file's bytes: the same answer for every module
whose source is a `.py` file, False where there is no such file (extension and built-in modules,
where `getsource` fails and PySide6 answers False too). The kiosk never uses `__feature__`, so
even a different answer could not change how any Qt class behaves for it. If a PySide6 release
drops or renames this hook, nothing is changed.
"""

from __future__ import annotations

from types import ModuleType

MARKER = b"PySide6"


def mentions_pyside(module: ModuleType) -> bool:
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return MARKER in source.read()
    except OSError:
        return False


def install() -> bool:
    """Use `mentions_pyside` for PySide6's check; True if the hook was there to replace."""
    import PySide6  # noqa: F401  (sets up shibokensupport, where the hook lives)

    try:
        from shibokensupport import feature
    except ImportError:
        return False
    if not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = mentions_pyside
    return True
