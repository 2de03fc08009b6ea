from __future__ import annotations

import json
from pathlib import Path

from kiosk.privacy.audit import AuditLog
from kiosk.store.store import Store


def make_log(data_dir: Path, store: Store, n: int = 4) -> AuditLog:
    log = AuditLog(data_dir, store)
    for i in range(n):
        log.record("technician", "panel", "queue.retry", application=f"app-{i}")
    return log


def rewrite(log: AuditLog, change: object) -> None:
    lines = log.path.read_text(encoding="utf-8").splitlines()
    lines = change(lines)  # type: ignore[operator]
    log.path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def test_intact_log_verifies(data_dir: Path, store: Store) -> None:
    log = make_log(data_dir, store)
    assert log.verify() == []
    assert [e["seq"] for e in log.entries()] == [1, 2, 3, 4]


def test_edited_entry_is_detected(data_dir: Path, store: Store) -> None:
    log = make_log(data_dir, store)

    def edit(lines: list[str]) -> list[str]:
        entry = json.loads(lines[1])
        entry["actor"] = "someone-else"
        lines[1] = json.dumps(entry, ensure_ascii=False)
        return lines

    rewrite(log, edit)
    assert [p.problem for p in log.verify()] == ["entry 2 was changed"]


def test_deleted_entry_in_the_middle_is_detected(data_dir: Path, store: Store) -> None:
    log = make_log(data_dir, store)
    rewrite(log, lambda lines: lines[:1] + lines[2:])
    assert any("missing or out of order" in p.problem for p in log.verify())


def test_entries_cut_off_the_end_are_detected(data_dir: Path, store: Store) -> None:
    log = make_log(data_dir, store)
    rewrite(log, lambda lines: lines[:-1])
    assert any("cut off" in p.problem for p in log.verify())


def test_forged_entry_without_the_key_is_detected(data_dir: Path, store: Store) -> None:
    log = make_log(data_dir, store)
    other = AuditLog(data_dir.parent / "elsewhere", store)  # a different key
    entry = {"seq": 5, "at": "2026-11-27T00:00:00+00:00", "role": "technician",
             "actor": "x", "action": "forged", "detail": {}}
    last = log.entries()[-1]["mac"]
    from kiosk.privacy.audit import _mac
    forged = {**entry, "prev": last, "mac": _mac(other._key, last, entry)}
    with open(log.path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(forged) + "\n")
    assert log.verify()


def test_concurrent_writers_do_not_fork_the_chain(data_dir: Path) -> None:
    import threading

    def write(n: int) -> None:
        with Store.open(data_dir / "kiosk.sqlite3") as own:
            log = AuditLog(data_dir, own)
            for i in range(10):
                log.record("technician", f"writer-{n}", "test", i=i)

    Store.open(data_dir / "kiosk.sqlite3").close()
    writers = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for w in writers:
        w.start()
    for w in writers:
        w.join(60)
    with Store.open(data_dir / "kiosk.sqlite3") as store:
        log = AuditLog(data_dir, store)
        assert len(log.entries()) == 40 and log.verify() == []


def test_writers_starting_together_share_one_complete_key(tmp_path: Path) -> None:
    import threading

    from kiosk.privacy import audit

    start = threading.Barrier(8)
    keys: list[bytes] = []

    def first_entry() -> None:
        start.wait()
        keys.append(audit._key(tmp_path))

    threads = [threading.Thread(target=first_entry) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(keys) == 8 and len(set(keys)) == 1 and len(keys[0]) == 32
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [audit.KEY_FILE.name]
