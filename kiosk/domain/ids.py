"""Ids for what the kiosk stores and sends: UUIDs that sort by the time they were made.

Layout of RFC 9562 version 7: 48 bits of Unix time in milliseconds, the version, 74 random bits
(`os.urandom`). Still a UUID to every reader (the central only checks that an id parses as one);
exactly once still rests on the random part (74 bits per millisecond per kiosk).

Why not uuid4: the id is the primary key of the kiosk's tables and of the central's. A random
key sends every insert to a random leaf of the key's B-tree: with a million past applications
that leaf is cold, so a save reads it and its commit writes it back; time-ordered keys land on
the right-most leaf, which every recent save has just used (docs/benchmarks.md, item 8).
The creation time the id carries is sent with the application anyway.
"""

from __future__ import annotations

import os
import time
import uuid

_MS_MASK = (1 << 48) - 1


def time_ordered_id(now_ns: int | None = None) -> str:
    """A new version-7 UUID, as text (lower-case, hyphenated, like str(uuid4()))."""
    ms = (time.time_ns() if now_ns is None else now_ns) // 1_000_000
    random = int.from_bytes(os.urandom(10), "big")
    rand_a = (random >> 62) & 0xFFF          # 12 bits after the version
    rand_b = random & ((1 << 62) - 1)        # 62 bits after the variant
    value = ((ms & _MS_MASK) << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return str(uuid.UUID(int=value))
