"""A ctypes binding to the few functions of libzinnia (Debian package libzinnia0) we use.

Zinnia has no Python binding in Debian or on PyPI and its C API is small, so ctypes keeps the
kiosk free of a compiled extension. Only this module knows the C signatures; handwriting.py
builds on it. The library is loaded on first use, never at import, so importing the kiosk
costs nothing when nobody writes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from pathlib import Path

from kiosk.errors import KioskError

LIBRARY_NAME = "libzinnia.so.0"
LIBRARY_PACKAGE = "libzinnia0"
MODEL_PACKAGE = "tegaki-zinnia-simplified-chinese"
DEFAULT_MODEL = Path("/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model")
# A technician (or a test) may point at another library or model file.
LIBRARY_ENV = "KIOSK_ZINNIA_LIBRARY"
MODEL_ENV = "KIOSK_ZINNIA_MODEL"


class HandwritingUnavailable(KioskError):
    """The recognizer library or its model is missing or unusable; the message names the package."""


def load_library() -> ctypes.CDLL:
    """libzinnia with the argument and result types declared, or HandwritingUnavailable."""
    name = os.environ.get(LIBRARY_ENV) or ctypes.util.find_library("zinnia") or LIBRARY_NAME
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        raise HandwritingUnavailable(
            f"the handwriting library ({LIBRARY_NAME}) is not installed; "
            f"install the Debian package {LIBRARY_PACKAGE}") from None
    try:
        _declare(lib)
    except AttributeError:
        raise HandwritingUnavailable(
            f"{name} is not a usable Zinnia library; reinstall the Debian package "
            f"{LIBRARY_PACKAGE}") from None
    return lib


def model_path() -> Path:
    """The model file to open, or HandwritingUnavailable naming the package that provides it."""
    path = Path(os.environ.get(MODEL_ENV) or DEFAULT_MODEL)
    if not path.is_file():
        raise HandwritingUnavailable(
            f"the handwriting model {path} is missing; install the Debian package "
            f"{MODEL_PACKAGE}")
    return path


def _declare(lib: ctypes.CDLL) -> None:
    p, c_size, c_int = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int
    signatures: dict[str, tuple[list[type], type | None]] = {
        "zinnia_recognizer_new": ([], p),
        "zinnia_recognizer_open": ([p, ctypes.c_char_p], c_int),
        "zinnia_recognizer_close": ([p], c_int),
        "zinnia_recognizer_destroy": ([p], None),
        "zinnia_recognizer_classify": ([p, p, c_size], p),
        "zinnia_recognizer_size": ([p], c_size),
        "zinnia_character_new": ([], p),
        "zinnia_character_destroy": ([p], None),
        "zinnia_character_clear": ([p], None),
        "zinnia_character_set_width": ([p, c_size], None),
        "zinnia_character_set_height": ([p, c_size], None),
        "zinnia_character_add": ([p, c_size, c_int, c_int], c_int),
        "zinnia_result_value": ([p, c_size], ctypes.c_char_p),
        "zinnia_result_score": ([p, c_size], ctypes.c_float),
        "zinnia_result_size": ([p], c_size),
        "zinnia_result_destroy": ([p], None),
    }
    for name, (args, result) in signatures.items():
        function = getattr(lib, name)
        function.argtypes = args
        function.restype = result
