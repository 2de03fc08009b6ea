"""Writing audit entries (kiosk.privacy.audit) from the UI: always off the UI thread, always in
order.

Every entry goes through one shared worker thread (a single-thread executor), so entries from the
volunteer mode and the technician panel are appended one at a time in the order they happened and
the hash chain never forks; each write opens its own Store connection on that thread. At exit the
executor finishes what is queued, so nothing recorded is lost. An entry's `detail` never holds a
resident's personal data, a badge code, a PIN or a token: only ids, keys and outcomes.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from kiosk.paths import database_path

log = logging.getLogger(__name__)
_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


def _worker() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-audit")
        return _executor


class AuditTrail:
    """`record(...)` queues an entry and returns at once; `flush()` waits for the queue."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def record(self, role: str, actor: str, action: str, **detail: Any) -> Future[int]:
        return _worker().submit(self._write, role, actor, action, detail)

    def _write(self, role: str, actor: str, action: str, detail: dict[str, Any]) -> int:
        from kiosk.privacy.audit import AuditLog  # on the audit worker: start-up needs neither
        from kiosk.store.store import Store

        try:
            store = Store.open(database_path(self.data_dir))
            try:
                return AuditLog(self.data_dir, store).record(role, actor, action, **detail)
            finally:
                store.close()
        except Exception:
            log.exception("could not write the audit entry %s/%s", role, action)
            raise

    def flush(self, timeout: float | None = 30.0) -> bool:
        """Wait until every entry queued so far is written (shut-down and tests)."""
        try:
            _worker().submit(lambda: None).result(timeout)
        except TimeoutError:
            return False
        return True
