"""Work-arounds for bugs in the Qt binding, in one place.

PySide6 6.12.0 on CPython ≤ 3.11: `SignalInstance.emit()` returns `True` without taking a
reference to it, so every emit from Python takes one reference away from `True`; after some
thousands of emits (a kiosk's day) CPython aborts with "bool_dealloc: deallocating True or
False". Signals forwarded by Qt itself are unaffected. `emit()` below measures the leak once and
gives the reference back after each emit, so the kiosk runs for as long as it is switched on;
with a fixed binding (or immortal bools, CPython ≥ 3.12) it does nothing extra.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance


@lru_cache(maxsize=1)
def _incref() -> Callable[[object], None]:
    # ctypes only where the leak is: imported up front, it would delay the window's start.
    import ctypes

    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None
    return incref


class _Probe(QObject):
    fired = Signal(object)


@lru_cache(maxsize=1)
def emit_leaks_true() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.fired.emit(None)
    lost = before - sys.getrefcount(True)
    for _ in range(max(0, lost)):
        _incref()(True)  # give back what the probe itself took
    probe.deleteLater()
    return lost >= 8


def emit(signal: SignalInstance, *args: Any) -> None:
    """`signal.emit(*args)`, without the binding's reference leak."""
    signal.emit(*args)
    if emit_leaks_true():
        _incref()(True)


emit_leaks_true()  # measured once, on the importing (main) thread
