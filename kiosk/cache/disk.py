"""Files the kiosk keeps between runs only to start faster (parsed TOML, rendered icons).

Everything here is addressed by content (`content_key` of the bytes it was made from), so an
edited or replaced source can never be answered from a stale entry, whatever the file times.
Entries are written whole or not at all (temp file + rename). A cache that cannot be read or
written is simply not used: the caller makes the thing again. The folder is
`$KIOSK_CACHE_DIR/<kind>`, else the user's cache folder (`township-kiosk/<kind>`).
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    # hashlib's own blake2b, without hashlib loading OpenSSL's libcrypto first (time at every
    # start, for a hash that never comes from OpenSSL anyway).
    from _blake2 import blake2b
except ImportError:  # an interpreter built without it: hashlib knows where to look
    from hashlib import blake2b

CACHE_ENV = "KIOSK_CACHE_DIR"


def cache_dir(kind: str) -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override) / kind
    from kiosk.paths import user_cache_dir

    return user_cache_dir() / kind


def content_key(*parts: bytes) -> str:
    """A name for an entry made from exactly these bytes (160-bit BLAKE2b, hex)."""
    digest = blake2b(digest_size=20)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))  # ("ab", "c") is not ("a", "bc")
        digest.update(part)
    return digest.hexdigest()


def write_atomically(path: Path, data: bytes) -> bool:
    """Write `path` whole (temp file + rename); False if the cache cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        import tempfile  # only when an entry is written

        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".entry-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        return False
    return True
