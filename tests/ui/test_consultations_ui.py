"""村民议事 on the kiosk, against a real Store: voting (by touch and by keys only), one vote per
resident, a vote refused in plain words, and a closed consultation's results spoken."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.domain.catalog import Catalog, load_catalog
from kiosk.domain.consultations import ConsultationResult
from kiosk.store.store import Store
from kiosk.ui.screens.consultation import Stage
from kiosk.ui.shell.main_window import MainWindow
from tests.helpers.keys import activate, key, move_to
from tests.helpers.kiosk_window import MANIFEST, SERVICE, WindowFactory, speaker_of

CONSULTATION = """
id = "{id}"
closes = {closes}
[question]
zh_CN = "村里的活动室，晚上开到几点？"
en = "How late should the village hall stay open?"
[background]
zh_CN = "现在晚上八点关门。"
en = "It closes at eight now."
[[options]]
value = "eight"
label = {{ zh_CN = "八点", en = "Eight o'clock" }}
[[options]]
value = "nine"
label = {{ zh_CN = "九点", en = "Nine o'clock" }}
"""


def catalog_with(tmp_path: Path, **closing: str) -> Catalog:
    """The test catalog plus consultations {id: closing date}."""
    folder = tmp_path / "catalog-consult"
    (folder / "services").mkdir(parents=True)
    (folder / "consultations").mkdir()
    ids = ", ".join(f'"{cid}"' for cid in closing)
    (folder / "catalog.toml").write_text(MANIFEST + f"consultations = [{ids}]\n",
                                         encoding="utf-8")
    (folder / "services" / "every_type.toml").write_text(SERVICE, encoding="utf-8")
    for cid, closes in closing.items():
        (folder / "consultations" / f"{cid}.toml").write_text(
            CONSULTATION.format(id=cid, closes=closes), encoding="utf-8")
    return load_catalog(folder)


def settle_work(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the window's worker is idle and its answers have arrived."""
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)


def open_page(qtbot: QtBot, window: MainWindow) -> None:
    settle_work(qtbot, window)          # the board (notices, results) is read on a worker
    tile = window.home.consultation_tile
    assert tile is not None
    tile.click()


def vote(qtbot: QtBot, window: MainWindow, option: str, presets: tuple[str, ...] = ()) -> None:
    page = window.pages.consultation
    page.tiles[option].click()
    assert page.stage is Stage.SUGGESTION
    for code in presets:
        page.tiles[code].click()
    (page.bar.next if presets else page.bar.skip).click()
    assert page.stage is Stage.CONFIRM
    page.bar.next.click()                   # 投票: saved on a worker
    qtbot.waitUntil(lambda: page.stage is not Stage.SAVING, timeout=10_000)


def votes_in(db_path: Path) -> list[tuple[str, str, str | None]]:
    with Store.open(db_path) as store:
        return [(v.consultation_id, v.option, v.suggestion) for v in store.list_votes()]


def test_a_vote_with_a_suggestion_is_saved_and_thanked(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, db_path: Path) -> None:
    window = make_window(catalog=catalog_with(tmp_path, hall_hours="2099-12-31"))
    open_page(qtbot, window)
    page = window.pages.consultation
    assert window.stack.currentWidget() is page and page.stage is Stage.QUESTION
    said = speaker_of(window).last()
    assert "村里的活动室" in said and "现在晚上八点关门" in said and "九点" in said
    vote(qtbot, window, "nine", ("soon", "older_people"))
    assert page.stage is Stage.THANKS
    assert window.ctx.t("consultations.thanks.title") in speaker_of(window).last()
    assert votes_in(db_path) == [("hall_hours", "nine", "希望早点办；多想想老人")]
    page.bar.next.click()                   # 回首页
    assert window.stack.currentWidget() is window.home


def test_an_english_resident_vote_keeps_the_suggestion_in_chinese_for_the_office(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, db_path: Path) -> None:
    window = make_window(catalog=catalog_with(tmp_path, hall_hours="2099-12-31"),
                         language="en")
    open_page(qtbot, window)
    assert "village hall" in speaker_of(window).last()
    vote(qtbot, window, "eight", ("spend_well",))
    assert votes_in(db_path) == [("hall_hours", "eight", "钱要花在实处")]


def test_one_vote_per_resident_then_the_next_resident_may_vote(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, db_path: Path) -> None:
    window = make_window(catalog=catalog_with(tmp_path, hall_hours="2099-12-31"))
    open_page(qtbot, window)
    vote(qtbot, window, "eight")
    assert votes_in(db_path) == [("hall_hours", "eight", None)]
    window.pages.consultation.bar.next.click()
    open_page(qtbot, window)                      # the same resident, again
    page = window.pages.consultation
    assert page.stage is Stage.VOTED and not page.tiles
    assert window.ctx.t("consultations.voted.title") in speaker_of(window).last()
    window.show_timeout_warning()                 # a quiet spell on home: they have gone
    assert window.stack.currentWidget() is window.home
    open_page(qtbot, window)
    assert page.stage is Stage.QUESTION
    vote(qtbot, window, "nine")
    assert [v[1] for v in votes_in(db_path)] == ["eight", "nine"]


def test_a_vote_refused_by_the_store_is_said_plainly(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, db_path: Path) -> None:
    """Open on the kiosk's date (3 November 2026), closed by the time the vote is saved."""
    window = make_window(catalog=catalog_with(tmp_path, hall_hours="2026-11-10"))
    open_page(qtbot, window)
    vote(qtbot, window, "nine")
    page = window.pages.consultation
    assert page.stage is Stage.PROBLEM
    assert page.error.message() == window.ctx.t("vote.error.closed")
    said = speaker_of(window).last()
    assert window.ctx.t("vote.error.closed") in said and "Traceback" not in said
    assert window.ctx.t("consultations.error.next") in said
    assert votes_in(db_path) == []
    assert not window.has_voted("hall_hours")


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_closed_consultation_shows_and_speaks_its_results(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, db_path: Path,
        language: str) -> None:
    catalog = catalog_with(tmp_path, hall_hours="2026-10-31")
    with Store.open(db_path) as store:
        store.record_consultation_results([ConsultationResult(
            "hall_hours", catalog.consultations[0].closes, {"eight": 3, "nine": 12}, 15,
            "2026-11-02T01:30:00+00:00")])
    window = make_window(catalog=catalog, language=language)
    open_page(qtbot, window)
    page = window.pages.consultation_results
    assert window.stack.currentWidget() is page
    said = speaker_of(window).last()
    if language == "zh_CN":
        assert "八点，3 票。" in said and "九点，12 票。" in said
        assert "一共 15 人投票" in said and "票数最多的是：九点" in said
        assert "2026年11月2日 09:30" in page.updated.words()
    else:
        assert "Nine o'clock: 12 votes." in said and "15 people voted" in said
    _label, _bar, number = page.rows["nine"]
    assert number.words() == window.ctx.t("consultations.results.votes", count=12)
    page.bar.back.click()
    assert window.stack.currentWidget() is window.home


def test_without_open_consultations_or_results_there_is_no_tile(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    window = make_window(catalog=catalog_with(tmp_path, hall_hours="2026-10-31"))
    settle_work(qtbot, window)
    assert window.home.consultation_tile is None
    assert window.home.status_tile is not None


def test_several_consultations_come_as_a_list(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, db_path: Path) -> None:
    window = make_window(catalog=catalog_with(tmp_path, hall_hours="2099-12-31",
                                              road_repair="2099-06-30"))
    open_page(qtbot, window)
    page = window.pages.consultation
    assert page.stage is Stage.LIST and set(page.tiles) == {"hall_hours", "road_repair"}
    page.tiles["road_repair"].click()
    assert page.stage is Stage.QUESTION
    page.bar.back.click()
    assert page.stage is Stage.LIST
    page.tiles["hall_hours"].click()
    vote(qtbot, window, "eight")
    assert votes_in(db_path) == [("hall_hours", "eight", None)]


def test_voting_with_the_keyboard_only(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, db_path: Path) -> None:
    window = make_window(catalog=catalog_with(tmp_path, hall_hours="2099-12-31"))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    settle_work(qtbot, window)
    tile = window.home.consultation_tile
    assert tile is not None
    activate(tile)                                         # Tab to 村民议事, Enter
    page = window.pages.consultation
    assert page.stage is Stage.QUESTION
    activate(page.tiles["nine"], Qt.Key.Key_Down)          # arrows to 九点, Enter
    assert page.stage is Stage.SUGGESTION
    move_to(page.tiles["tell_everyone"], Qt.Key.Key_Right)
    key(Qt.Key.Key_Return)                                  # a sentence, chosen
    assert page.tiles["tell_everyone"].isChecked()
    assert QApplication.focusWidget() is page.tiles["tell_everyone"]
    activate(page.bar.next)                                 # 下一步
    assert page.stage is Stage.CONFIRM
    activate(page.bar.next)                                 # 投票
    qtbot.waitUntil(lambda: page.stage is Stage.THANKS, timeout=10_000)
    assert votes_in(db_path) == [("hall_hours", "nine", "办的时候告诉大家")]
    key(Qt.Key.Key_Escape)                                  # Esc: home
    assert window.stack.currentWidget() is window.home
