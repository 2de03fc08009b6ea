"""Saving an application from a worker thread, on the window's one open Store (store_thread)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.domain.receipts import Receipt
from kiosk.domain.session import Submission
from kiosk.errors import DiskFullError
from kiosk.store.thread import with_store

SaveFn = Callable[[Submission, str], Receipt]


def store_saver(db_path: Path) -> SaveFn:
    """A `save` for MainWindow that writes to the real store at `db_path`: the call is queued to
    the path's store thread, which keeps its Store open (no open/close per save)."""

    def save(submission: Submission, language: str) -> Receipt:
        receipt = with_store(db_path, lambda store: store.save_application(submission, language))
        helper = submission.consent.get("assisted_by")
        if isinstance(helper, str) and helper:
            # Which applications a volunteer helped with, beside their sign-in and sign-out:
            # ids only, never an answer. Queued on the audit thread after the sign-in entry.
            from kiosk.ui.bridges.audit_trail import AuditTrail  # only when a volunteer is helping

            AuditTrail(db_path.parent).record(
                "volunteer", helper, "assisted_application",
                tracking_number=receipt.tracking_number, application=receipt.application_id)
        return receipt

    return save


def failure_message_key(error: BaseException) -> str:
    """Which plain message to show when saving failed (the answers are always kept)."""
    if isinstance(error, OSError) and error.errno == 28:  # ENOSPC
        return "error.save.disk_full"
    from kiosk.store.disk_guard import DiskNearlyFull  # imported when a save has failed

    if isinstance(error, DiskNearlyFull):  # refused before writing: the disk guard
        return DiskNearlyFull.key
    if isinstance(error, DiskFullError):
        return "error.save.disk_full"
    return "error.save.failed"
