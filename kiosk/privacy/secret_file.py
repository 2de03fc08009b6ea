"""Small secret files (PIN hash, badge hashes, data keys): readable by the kiosk user only, and
replaced atomically so a power cut leaves the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any


def write_private_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def create_private_file(path: Path, text: str) -> bool:
    """Create `path` holding `text` unless it already exists; True if this text is the one kept.

    For secrets made once (the audit key, the data keys) by whichever writer comes first: the
    text is written whole under a name of its own and then linked into place, so a writer
    starting at the same moment (the window and the sync service on a fresh kiosk) either links
    first or finds the complete file, never an empty one, and every writer then reads one key.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another writer's file is in place
            os.link(temp, path)
            return True
        return False
    finally:
        temp.unlink(missing_ok=True)
