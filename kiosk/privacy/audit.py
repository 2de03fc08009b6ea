"""Append-only, hash-chained audit log of what volunteers and technicians did.

Each entry carries an HMAC-SHA256 over the previous entry's MAC and its own content, keyed with a
secret kept beside the data keys, so an entry cannot be edited, removed or inserted without
breaking the chain; the count and last MAC are also kept in the database, so cutting entries off
the end is caught too. Entries never hold residents' personal data.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.privacy.secret_file import create_private_file

if TYPE_CHECKING:
    from kiosk.store.store import Store

AUDIT_FILE = Path("audit") / "audit.jsonl"
KEY_FILE = Path("keys") / "audit-key"
HEAD_META = "audit_head"
GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditProblem:
    """A line of the audit log that fails its check, and why."""

    line: int
    problem: str


def _key(data_dir: Path) -> bytes:
    path = data_dir / KEY_FILE
    if not path.exists():
        import secrets  # see _mac

        create_private_file(path, secrets.token_hex(32))  # the first writer's key is kept
    return bytes.fromhex(path.read_text().strip())


def _same(a: str, b: str) -> bool:
    import hmac  # see _mac

    return hmac.compare_digest(a, b)


def _mac(key: bytes, previous: str, body: dict[str, Any]) -> str:
    # hashlib, hmac and secrets load OpenSSL's libcrypto (start-up time): imported when used.
    import hashlib
    import hmac

    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, (previous + canonical).encode("utf-8"), hashlib.sha256).hexdigest()


class AuditLog:
    def __init__(self, data_dir: Path, store: Store) -> None:
        self.data_dir = data_dir
        self.path = data_dir / AUDIT_FILE
        self._store = store
        self._key = _key(data_dir)

    def _head(self) -> tuple[int, str]:
        raw = self._store.get_meta(HEAD_META)
        if not raw:
            return 0, GENESIS
        seq, _, mac = raw.partition(":")
        return int(seq), mac

    def record(self, role: str, actor: str, action: str, **detail: Any) -> int:
        """Append one entry; `detail` must not contain personal data.

        Reading the head, appending and moving the head happen inside one IMMEDIATE
        transaction, so two writers (the kiosk and a technician's CLI) cannot fork the chain.
        """
        with self._store.transaction() as conn:
            row = conn.execute("SELECT value FROM sync_meta WHERE key = ?",
                               (HEAD_META,)).fetchone()
            seq, _, previous = (row[0].partition(":") if row else ("0", "", GENESIS))
            number = int(seq) + 1
            body = {"seq": number, "at": dt.datetime.now(dt.UTC).isoformat(), "role": role,
                    "actor": actor, "action": action, "detail": detail}
            mac = _mac(self._key, previous, body)
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps({**body, "prev": previous, "mac": mac},
                                        ensure_ascii=False) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            conn.execute("INSERT INTO sync_meta (key, value) VALUES (?, ?) ON CONFLICT (key) "
                         "DO UPDATE SET value = excluded.value", (HEAD_META, f"{number}:{mac}"))
        return number

    def entries(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines()
                if line.strip()]

    def verify(self) -> list[AuditProblem]:
        """Every problem found; an empty list means the log is intact."""
        problems: list[AuditProblem] = []
        previous, expected_seq = GENESIS, 1
        lines = self.path.read_text(encoding="utf-8").splitlines() if self.path.exists() else []
        for number, line in enumerate(lines, start=1):
            try:
                entry = json.loads(line)
                body = {k: entry[k] for k in ("seq", "at", "role", "actor", "action", "detail")}
                stored_prev, stored_mac = entry["prev"], entry["mac"]
            except (ValueError, KeyError, TypeError):
                problems.append(AuditProblem(number, "not a readable audit entry"))
                continue
            if body["seq"] != expected_seq or stored_prev != previous:
                problems.append(AuditProblem(number, f"entry {expected_seq} is missing or out "
                                                     "of order (deleted or inserted)"))
            if not _same(_mac(self._key, stored_prev, body), stored_mac):
                problems.append(AuditProblem(number, f"entry {body['seq']} was changed"))
            previous, expected_seq = stored_mac, int(body["seq"]) + 1
        head_seq, head_mac = self._head()
        if (head_seq, head_mac) != (expected_seq - 1, previous):
            problems.append(AuditProblem(len(lines), f"the log should have {head_seq} entries "
                                         f"but has {expected_seq - 1}: entries were cut off"))
        return problems
