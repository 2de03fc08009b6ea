"""Saving an application from a worker thread: each call opens its own Store connection."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.disk_guard import DiskNearlyFull
from kiosk.errors import DiskFullError
from kiosk.receipts import Receipt
from kiosk.session import Submission
from kiosk.store import Store

SaveFn = Callable[[Submission, str], Receipt]


def store_saver(db_path: Path) -> SaveFn:
    """A `save` for MainWindow that writes to the real store at `db_path`."""

    def save(submission: Submission, language: str) -> Receipt:
        store = Store.open(db_path)  # one connection per call, on the calling thread
        try:
            return store.save_application(submission, language)
        finally:
            store.close()

    return save


def failure_message_key(error: BaseException) -> str:
    """Which plain message to show when saving failed (the answers are always kept)."""
    if isinstance(error, OSError) and error.errno == 28:  # ENOSPC
        return "error.save.disk_full"
    if isinstance(error, DiskNearlyFull):  # refused before writing: the disk guard
        return DiskNearlyFull.key
    if isinstance(error, DiskFullError):
        return "error.save.disk_full"
    return "error.save.failed"
