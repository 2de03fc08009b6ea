"""kiosk/domain/ids.py: time-ordered UUIDs (version 7)."""

from __future__ import annotations

import uuid

from kiosk.domain.ids import time_ordered_id


def test_an_id_is_a_version_7_uuid_carrying_its_millisecond() -> None:
    now_ns = 1_795_000_000_123_456_789
    parsed = uuid.UUID(time_ordered_id(now_ns))
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122
    assert parsed.int >> 80 == now_ns // 1_000_000
    text = time_ordered_id(now_ns)
    assert text == str(uuid.UUID(text))  # canonical: lower-case, hyphenated


def test_later_ids_sort_after_earlier_ones_as_text() -> None:
    times = [1_700_000_000_000_000_000 + k * 1_000_000 for k in range(200)]
    ids = [time_ordered_id(t) for t in times]
    assert ids == sorted(ids)


def test_ids_made_in_the_same_millisecond_differ() -> None:
    same = [time_ordered_id(1_700_000_000_000_000_000) for _ in range(10_000)]
    assert len(set(same)) == len(same)
