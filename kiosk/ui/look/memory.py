"""Giving freed memory back to the system once a resident is done (glibc keeps it otherwise).

After a save, and when home is back for the next resident, the Python objects and Qt widgets of
the session are freed, but glibc's malloc keeps the freed heap in its arenas. `malloc_trim(0)`
returns what it can (docs/benchmarks.md, idle memory). A no-op where there is no glibc.

Before trimming, Python's source-line cache is emptied: PySide6 reads the source of every module
imported after it (`inspect.getsource`, to see whether the module uses PySide6's `__feature__`
switches), and `linecache` keeps those lines for good, for every module: more memory than all
their code objects (docs/benchmarks.md). Nothing needs them; a traceback reads its lines again.
"""

from __future__ import annotations

import functools
import linecache
import logging
import sys
from collections.abc import Callable

log = logging.getLogger(__name__)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes.util  # at the first trim, not before the first frame

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):   # musl and others have no malloc_trim
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_freed_memory() -> bool:
    """Hand freed heap back to the system; True if anything was released."""
    linecache.clearcache()
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False
