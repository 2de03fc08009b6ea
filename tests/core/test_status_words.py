"""Status look-up: every state in plain words with a next step, in both languages, offline."""

from __future__ import annotations

import dataclasses
import re

import pytest

from kiosk.domain.status_words import (
    LAST_PULL_META,
    LookupOutcome,
    PlainStatus,
    describe,
    format_time,
    look_up,
    next_step_key,
    plain_status,
    words_key,
)
from kiosk.domain.tracking import check_digit
from kiosk.i18n import Translator, load_messages
from kiosk.store.store import Store, StoredApplication

BASE = StoredApplication(
    id="a", tracking_number="602372174343", service_id="suggestion", catalog_version="v1",
    language="zh_CN", answers={"content": "路灯坏了"}, consent={},
    created_at="2026-11-27T01:00:00+00:00", state="queued", attempts=0, last_error=None,
    quarantine_reason=None, delivered_at=None)

CASES = [
    ({"state": "queued"}, PlainStatus.SAVED_ON_KIOSK, BASE.created_at),
    ({"state": "sending"}, PlainStatus.SAVED_ON_KIOSK, BASE.created_at),
    ({"state": "delivered", "delivered_at": "2026-11-27T02:00:00+00:00"}, PlainStatus.SENT,
     "2026-11-27T02:00:00+00:00"),
    ({"state": "quarantined", "quarantine_reason": "phone: bad"}, PlainStatus.NEEDS_ATTENTION,
     BASE.created_at),
    *[({"state": "delivered", "office_status": office, "office_message": "请带户口本",
        "office_status_at": "2026-11-28T03:00:00+00:00"}, PlainStatus(office),
       "2026-11-28T03:00:00+00:00")
      for office in ("received", "in_review", "approved", "rejected", "more_info_needed")],
]


@pytest.mark.parametrize(("changes", "expected", "updated"), CASES,
                         ids=[f"{c[0]['state']}-{c[1].value}" for c in CASES])
def test_every_state_has_a_plain_status_and_a_time(changes: dict[str, object],
                                                   expected: PlainStatus, updated: str) -> None:
    app = dataclasses.replace(BASE, **changes)  # type: ignore[arg-type]
    assert plain_status(app) is expected
    found = describe(app, checked_at="2026-11-28T04:00:00+00:00")
    assert found.status is expected and found.updated_at == updated
    assert found.checked_at == "2026-11-28T04:00:00+00:00"
    assert (found.message == "请带户口本") is ("office_status" in changes)
    data = found.to_json(Translator("en"))
    assert "answers" not in data and "路灯坏了" not in str(data)  # never personal answers


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_status_and_outcome_has_words_and_a_next_step(language: str) -> None:
    messages = load_messages(language)
    keys = [k(s) for s in PlainStatus for k in (words_key, next_step_key)]
    keys += [f"lookup.{o.value}.{part}" for o in LookupOutcome if o is not LookupOutcome.FOUND
             for part in ("words", "next_step")]
    keys += ["lookup.office_said", "lookup.updated_at", "lookup.checked_at",
             "lookup.never_checked"]
    missing = [k for k in keys if not messages.get(k)]
    assert missing == []
    if language == "zh_CN":  # plain words for a grandparent: Chinese, no pinyin or English
        for key in keys:
            assert not re.search(r"[A-Za-z]{3,}", re.sub(r"\{\w+\}", "", messages[key])), key


def test_saved_on_kiosk_says_it_will_be_sent_by_itself() -> None:
    words = Translator("zh_CN")
    found = describe(BASE)
    assert "这台机器上" in found.words(words) and "自动" in found.next_step(words)


def test_spoken_text_includes_the_office_message() -> None:
    app = dataclasses.replace(BASE, state="delivered", office_status="more_info_needed",
                              office_message="请带户口本来一趟",
                              office_status_at="2026-11-28T03:00:00+00:00")
    spoken = describe(app).spoken(Translator("zh_CN"))
    assert spoken.index("补") < spoken.index("请带户口本来一趟") < spoken.index("便民服务中心")


def number(body: str = "60237217434") -> str:
    return body + check_digit(body)


def test_look_up_by_typed_or_scanned_number_works_offline(store: Store) -> None:
    receipt = store.save_answers("suggestion", "v1", {"content": "路灯"}, {}, "zh_CN")
    typed = " ".join(receipt.tracking_number[i:i + 4] for i in range(0, 12, 4))
    found = look_up(store, typed)
    assert found.outcome is LookupOutcome.FOUND and found.status is PlainStatus.SAVED_ON_KIOSK
    assert found.checked_at is None  # never heard from the central
    store.mark_delivered("x", {receipt.application_id: None})
    store.record_office_status([(receipt.application_id, "approved", "下月发放",
                                 "2026-11-28T03:00:00+00:00")])
    store.set_meta({LAST_PULL_META: "2026-11-28T04:00:00+00:00"})
    found = look_up(store, "".join(chr(0xFF10 + int(d)) for d in receipt.tracking_number))
    assert found.status is PlainStatus.APPROVED and found.message == "下月发放"
    assert found.checked_at == "2026-11-28T04:00:00+00:00"


@pytest.mark.parametrize(("typed", "outcome"), [
    ("1234", LookupOutcome.INVALID_NUMBER),
    ("602372174340", LookupOutcome.INVALID_NUMBER),  # one digit off: the check digit says so
    ("²" * 12, LookupOutcome.INVALID_NUMBER),
    (number(), LookupOutcome.NOT_FOUND),
])
def test_typos_and_unknown_numbers_are_told_apart(store: Store, typed: str,
                                                  outcome: LookupOutcome) -> None:
    if typed == "602372174340":
        assert number() != typed
    found = look_up(store, typed)
    assert found.outcome is outcome and found.status is None
    assert found.words_key.startswith("lookup.")


def test_look_up_uses_the_unique_index(store: Store) -> None:
    plan = store.db.execute("EXPLAIN QUERY PLAN SELECT * FROM applications WHERE "
                            "tracking_number = ?", ["602372174343"]).fetchall()
    assert any("USING INDEX" in str(row[-1]) for row in plan)


def test_times_are_shown_in_china_time() -> None:
    assert format_time("2026-11-27T08:05:00+00:00", "zh_CN") == "2026年11月27日 16:05"
    assert format_time("2026-11-27T08:05:00+00:00", "en") == "2026-11-27 16:05"
    assert format_time(None, "en") is None and format_time("garbage", "en") is None
