"""好差评 ratings, 村民议事 consultations and votes, announcements: rules and the local store."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.domain.announcements import Announcement
from kiosk.domain.catalog import Catalog, UnknownConsultationError, load_catalog
from kiosk.domain.consultations import CHINA_TIME, ConsultationResult, VoteInvalid, check_vote
from kiosk.domain.ratings import LEVELS, REASONS, RatingInvalid, check_rating, level_key, reason_key
from kiosk.domain.tracking import check_digit
from kiosk.errors import CatalogError
from kiosk.i18n import load_messages
from kiosk.store.store import Store
from tests.helpers.consultation_catalog import VOTING_DAY

NUMBER = "60237217434" + check_digit("60237217434")
UTC = dt.UTC


def tracking(n: int) -> str:
    body = f"{60237217400 + n:011d}"
    return body + check_digit(body)


# -- ratings -------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_level_and_reason_has_a_label(language: str) -> None:
    messages = load_messages(language)
    assert [messages[level_key(level)] for level in LEVELS]
    assert [messages[reason_key(code)] for code in REASONS]
    if language == "zh_CN":
        assert [messages[level_key(lv)] for lv in LEVELS] == [
            "非常满意", "满意", "基本满意", "不满意", "非常不满意"]
        assert messages[reason_key("waited_too_long")] == "等太久"


@pytest.mark.parametrize(("level", "reasons", "key"), [
    (0, (), "rating.error.level"), (6, (), "rating.error.level"),
    (True, (), "rating.error.level"), ("5", (), "rating.error.level"),
    (1, ("too_hot",), "rating.error.reason"),
    (3, ("waited_too_long",), "rating.error.reason_level"),
    (5, ("other",), "rating.error.reason_level"),
])
def test_bad_ratings_are_refused_with_a_message_key(level: object, reasons: tuple[str, ...],
                                                    key: str) -> None:
    with pytest.raises(RatingInvalid) as caught:
        check_rating(level, reasons)
    assert caught.value.key == key and load_messages("zh_CN")[key]


def test_reasons_come_back_in_canonical_order_without_duplicates() -> None:
    assert check_rating(1, ["other", "waited_too_long", "other"]) == (
        1, ("waited_too_long", "other"))
    assert check_rating(2) == (2, ())


def test_rating_is_saved_queued_once_per_application(store: Store) -> None:
    saved = store.save_rating(NUMBER, "suggestion", 1, ["staff_attitude"])
    assert saved.state == "queued" and saved.reasons == ("staff_attitude",)
    assert store.rating_for(NUMBER) == saved
    with pytest.raises(RatingInvalid) as caught:
        store.save_rating(NUMBER, "suggestion", 5)
    assert caught.value.key == "rating.error.already_rated"
    with pytest.raises(RatingInvalid):
        store.save_rating("602372174340", "suggestion", 5)  # wrong check digit
    assert store.outbox_counts("ratings")["queued"] == 1


def test_rating_claim_release_deliver_quarantine_cycle(store: Store) -> None:
    ids = [store.save_rating(tracking(i), "suggestion", 5 - i % 5).id for i in range(4)]
    claimed = store.claim_ratings("a", 10, 60)
    assert [r.id for r in claimed] == ids and all(r.state == "sending" for r in claimed)
    assert store.claim_ratings("b", 10, 60) == []  # leased
    store.release_items("ratings", "a", [ids[0]], "network down")
    store.quarantine_item("ratings", ids[1], "rejected: bad")
    assert store.mark_items_delivered("ratings", {ids[2]: "t", ids[3]: "t"}) == 2
    assert store.mark_items_delivered("ratings", {ids[2]: "t"}) == 0  # already delivered
    assert store.outbox_counts("ratings") == {"queued": 1, "sending": 0, "delivered": 2,
                                              "quarantined": 1}
    assert store.requeue_item("ratings", ids[1])
    assert [r.id for r in store.claim_ratings("b", 10, 60)] == ids[:2]


def test_an_expired_lease_or_a_dead_sender_gives_ratings_back(data_dir: Path) -> None:
    now = [dt.datetime(2026, 11, 27, tzinfo=UTC)]
    with Store.open(data_dir / "k.sqlite3", clock=lambda: now[0]) as store:
        rating = store.save_rating(NUMBER, "suggestion", 4)
        vote_catalog = load_catalog()
        vote = store.save_vote(vote_catalog.consultations[0], "market", None, "v1")
        assert store.claim_ratings("dead", 10, 60) and store.claim_votes("dead", 10, 60)
        assert store.release_claims_of(lambda claimer: claimer == "dead") == 2
        assert store.claim_ratings("a", 10, 60)[0].id == rating.id
        now[0] += dt.timedelta(seconds=61)
        assert store.claim_ratings("b", 10, 60)[0].id == rating.id
        assert store.claim_votes("b", 10, 60)[0].id == vote.id


def test_rating_summary_per_service(store: Store) -> None:
    for i, (service, level, reasons) in enumerate([
            ("suggestion", 5, ()), ("suggestion", 4, ()), ("suggestion", 1, ("waited_too_long",)),
            ("elderly_allowance", 2, ("hard_to_understand", "other"))]):
        store.save_rating(tracking(i), service, level, reasons)
    summary = store.rating_summary()
    assert list(summary) == ["elderly_allowance", "suggestion"]
    assert summary["suggestion"]["count"] == 3 and summary["suggestion"]["average"] == 3.33
    assert summary["suggestion"]["levels"] == {"5": 1, "4": 1, "3": 0, "2": 0, "1": 1}
    assert summary["suggestion"]["reasons"]["waited_too_long"] == 1
    assert summary["elderly_allowance"]["reasons"]["other"] == 1


# -- consultations in the catalog ----------------------------------------------------------------

def test_shipped_catalog_has_a_bilingual_consultation(catalog: Catalog) -> None:
    (lights,) = catalog.consultations
    assert 2 <= len(lights.options) <= 6 and lights.background is not None
    assert catalog.consultation("street_lights") is lights
    assert catalog.open_consultations(lights.closes) == (lights,)
    assert catalog.open_consultations(lights.closes + dt.timedelta(days=1)) == ()
    assert catalog.to_json()["consultations"][0]["id"] == "street_lights"
    with pytest.raises(UnknownConsultationError):
        catalog.consultation("nope")


@pytest.fixture
def catalog_copy(tmp_path: Path, catalog: Catalog) -> Path:
    assert catalog.source is not None
    target = tmp_path / "catalog"
    shutil.copytree(catalog.source, target)
    return target


def edit(folder: Path, old: str, new: str) -> None:
    path = folder / "consultations" / "street_lights.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("closes = 2029-12-31", 'closes = "soon"', "'closes' must be a date"),
    ('en = "Where should', 'fr = "Where should', "'question' has no en text"),
    ('value = "market"', 'value = "school_road"', "two options share a value"),
    ('value = "market"', 'value = "Market Place"', "options[1] needs a 'value'"),
    ('id = "street_lights"', 'id = "lights"', "'id' is 'lights'"),
    ('[question]', 'colour = "red"\n[question]', "unknown keys ['colour']"),
])
def test_consultation_errors_name_file_consultation_and_field(
        catalog_copy: Path, old: str, new: str, problem: str) -> None:
    edit(catalog_copy, old, new)
    with pytest.raises(CatalogError) as caught:
        load_catalog(catalog_copy)
    message = str(caught.value)
    assert "consultations/street_lights.toml" in message
    assert "consultation 'street_lights'" in message and problem in message


def test_too_few_options_and_a_missing_file_are_reported(catalog_copy: Path) -> None:
    path = catalog_copy / "consultations" / "street_lights.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index('[[options]]\nvalue = "market"')], encoding="utf-8")
    with pytest.raises(CatalogError, match="'options' needs 2 to 6"):
        load_catalog(catalog_copy)
    path.unlink()
    with pytest.raises(CatalogError, match=r"consultations/street_lights\.toml is missing"):
        load_catalog(catalog_copy)


def test_consultations_are_optional(catalog_copy: Path) -> None:
    manifest = catalog_copy / "catalog.toml"
    manifest.write_text("\n".join(line for line in manifest.read_text("utf-8").splitlines()
                                  if not line.startswith("consultations")), encoding="utf-8")
    assert load_catalog(catalog_copy).consultations == ()


# -- votes ---------------------------------------------------------------------------------------

def test_voting_closes_after_the_closing_day_china_time(catalog: Catalog) -> None:
    lights = catalog.consultations[0]
    last_minute = dt.datetime.combine(lights.closes, dt.time(23, 59), tzinfo=CHINA_TIME)
    assert check_vote(lights, "market", "  多装几盏  ", last_minute) == ("market", "多装几盏")
    assert check_vote(lights, "market", "   ", last_minute) == ("market", None)
    with pytest.raises(VoteInvalid) as caught:
        check_vote(lights, "market", None, last_minute + dt.timedelta(minutes=1))
    assert caught.value.key == "vote.error.closed"
    with pytest.raises(VoteInvalid, match="no option"):
        check_vote(lights, "moon", None, last_minute)
    with pytest.raises(VoteInvalid) as caught:
        check_vote(lights, "market", "长" * 201, last_minute)
    assert caught.value.key == "vote.error.too_long"


@pytest.fixture
def voting_store(data_dir: Path) -> Iterator[Store]:
    """A store whose clock says the shipped consultation is open, whatever the real date."""
    with Store.open(data_dir / "voting.sqlite3", clock=lambda: VOTING_DAY) as opened:
        yield opened


def test_vote_suggestion_is_encrypted_and_survives_key_rotation(voting_store: Store,
                                                                catalog: Catalog) -> None:
    store = voting_store
    vote = store.save_vote(catalog.consultations[0], "clinic", "卫生院门口太黑了", catalog.version)
    raw = store.db.execute("SELECT suggestion FROM votes").fetchone()[0]
    assert "卫生院" not in raw and store.cipher.key_id_of(raw) == store.cipher.current
    old_key = store.cipher.current
    store.cipher.add_new_current_key()
    assert store.key_ids_in_use() == {old_key}
    assert store.reencrypt() == 1
    assert store.key_ids_in_use() == {store.cipher.current}
    (listed,) = store.list_votes()
    assert listed.suggestion == "卫生院门口太黑了" and listed.id == vote.id
    assert "卫生院" not in str(listed.summary())  # technicians never see the words


def test_vote_claim_and_deliver(voting_store: Store, catalog: Catalog) -> None:
    store = voting_store
    lights = catalog.consultations[0]
    ids = [store.save_vote(lights, option, None, catalog.version).id
           for option in ("market", "clinic")]
    assert {v.id for v in store.claim_votes("a", 10, 60)} == set(ids)  # same clock instant
    store.quarantine_item("votes", ids[0], "rejected")
    store.mark_items_delivered("votes", {ids[1]: "t"})
    assert store.outbox_counts("votes") == {"queued": 0, "sending": 0, "delivered": 1,
                                            "quarantined": 1}


# -- pulled from the central ---------------------------------------------------------------------

def test_current_announcements_hide_expired_ones_offline(store: Store) -> None:
    store.replace_announcements([
        Announcement(1, {"zh_CN": "周六照常开门", "en": "Open Saturday"},
                     "2026-11-27T01:00:00+00:00", dt.date(2026, 11, 28)),
        Announcement(2, {"zh_CN": "医保缴费截止", "en": "Insurance deadline"},
                     "2026-11-27T02:00:00+00:00", None)])
    friday = dt.datetime(2026, 11, 28, 15, 59, tzinfo=UTC)  # 23:59 China time
    assert [a.id for a in store.current_announcements(friday)] == [2, 1]
    assert [a.id for a in store.current_announcements(friday + dt.timedelta(minutes=1))] == [2]
    assert store.current_announcements(friday)[0].text_in("en") == "Insurance deadline"
    store.replace_announcements([])
    assert store.current_announcements(friday) == []


def test_consultation_results_are_upserted(store: Store) -> None:
    assert store.consultation_results("street_lights") is None
    first = ConsultationResult("street_lights", dt.date(2026, 11, 20), {"market": 2, "clinic": 0},
                               2, "2026-11-27T00:00:00+00:00")
    store.record_consultation_results([first])
    store.record_consultation_results([ConsultationResult(
        "street_lights", dt.date(2026, 11, 20), {"market": 3, "clinic": 1}, 4, "later")])
    got = store.consultation_results("street_lights")
    assert got is not None and got.counts == {"market": 3, "clinic": 1} and got.total == 4
    assert [r.consultation_id for r in store.all_consultation_results()] == ["street_lights"]


def test_vote_suggestions_are_purged_after_delivery_like_answers(data_dir: Path,
                                                                 catalog: Catalog) -> None:
    now = [dt.datetime(2026, 11, 27, tzinfo=UTC)]
    with Store.open(data_dir / "k.sqlite3", clock=lambda: now[0]) as store:
        kept = store.save_vote(catalog.consultations[0], "market", "还没送出", catalog.version)
        sent = store.save_vote(catalog.consultations[0], "clinic", "已经送出", catalog.version)
        store.claim_votes("a", 10, 60)
        store.mark_items_delivered("votes", {sent.id: "t"})
        store.release_items("votes", "a", [kept.id], None)
        now[0] += dt.timedelta(days=6)
        assert store.purge_personal_data(lambda service: 7) == 0
        now[0] += dt.timedelta(days=2)
        assert store.purge_personal_data(lambda service: 7) == 1
        suggestions = {v.id: v.suggestion for v in store.list_votes()}
        assert suggestions == {kept.id: "还没送出", sent.id: None}  # never before delivery
