"""查进度 (typed on the keypad, or scanned by a barcode scanner as a fast key burst) and the
voluntary 好差评 rating after the receipt, against a real Store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.domain.session import Step
from kiosk.store.store import Store
from tests.helpers.kiosk_window import WindowFactory, speaker_of
from tests.helpers.resident_steps import open_lookup, receipt_shown, saved_receipt
from tests.helpers.screen_walk import RECEIPT, settle, settle_work


def test_typed_number_shows_and_speaks_the_status(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    receipt = saved_receipt(db_path)
    window = make_window()
    open_lookup(window)
    for digit in receipt.tracking_number:
        QTest.keyClick(window.status_page, digit, delay=80)   # by hand: slow
    keypad = window.status_page.keypad
    assert keypad is not None and keypad.text() == receipt.tracking_number
    assert keypad.display.text().split() == [receipt.tracking_number[i:i + 4]
                                             for i in (0, 4, 8)]
    window.status_page.bar.next.click()
    settle_work(window)
    page = window.status_page
    assert page.result is not None and page.result.status is not None
    assert page.answer.words() == window.ctx.t("status.saved_on_kiosk.words")
    assert page.next_step.words() == window.ctx.t("status.saved_on_kiosk.next_step")
    assert "最后更新" in page.updated.words()
    said = speaker_of(window).last()
    assert page.answer.words() in said and page.next_step.words() in said
    page.bar.next.click()                                   # 再查一个
    assert page.keypad is not None and page.result is None
    page.bar.back.click()
    assert window.stack.currentWidget() is window.home


def test_unknown_and_mistyped_numbers_get_plain_words(
        qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    open_lookup(window)
    page = window.status_page
    for digit in "123412341230":     # wrong check digit: a typo, said beside the keypad
        page.handle_key(digit)
    page.bar.next.click()
    settle_work(window)
    assert page.result is None and page.keypad is not None
    assert window.ctx.t("lookup.invalid_number.words") in page.error.message()
    page.scanned(RECEIPT.tracking_number)   # valid, but not on this kiosk
    settle_work(window)
    assert page.result is not None
    assert page.answer.words() == window.ctx.t("lookup.not_found.words")
    assert window.ctx.t("lookup.not_found.words") in speaker_of(window).last()


def test_a_scanner_burst_anywhere_on_the_screen_looks_the_number_up(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    receipt = saved_receipt(db_path)
    window = make_window()
    open_lookup(window)
    target = window.status_page.help          # not the keypad: anywhere on the screen
    QTest.keyClick(window.status_page, "9", delay=0)     # a stray key first
    QTest.keyClicks(target, receipt.tracking_number)     # the scanner: fast
    QTest.keyClick(target, Qt.Key.Key_Return)
    settle_work(window)
    page = window.status_page
    assert page.result is not None and page.result.tracking_number == receipt.tracking_number
    assert page.answer.words() == window.ctx.t("status.saved_on_kiosk.words")


def test_slow_typing_then_enter_looks_up_what_was_typed(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    receipt = saved_receipt(db_path)
    window = make_window()
    open_lookup(window)
    page = window.status_page
    looked_up: list[str] = []
    page.submitted.connect(looked_up.append)
    for digit in receipt.tracking_number:
        QTest.keyClick(page, digit, delay=70)
    QTest.keyClick(page, Qt.Key.Key_Return, delay=70)   # not a scan: Enter confirms the typing
    settle_work(window)
    assert looked_up == [receipt.tracking_number]
    assert page.result is not None and page.result.tracking_number == receipt.tracking_number


def test_the_scanner_is_ignored_elsewhere(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    QTest.keyClicks(window.home, RECEIPT.tracking_number)
    QTest.keyClick(window.home, Qt.Key.Key_Return)
    settle()
    assert window.stack.currentWidget() is window.home and not window.tasks.busy


def test_rating_with_reasons_is_saved_and_finishes(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    window = make_window()
    receipt = receipt_shown(qtbot, window)
    window.receipt.bar.next.click()                           # 完成
    assert window.stack.currentWidget() is window.rating_page
    said = speaker_of(window).last()
    assert "非常满意" in said and "非常不满意" in said
    window.rating_page.levels[1].click()                      # 非常不满意: reasons offered
    assert set(window.rating_page.reasons) >= {"waited_too_long", "other"}
    window.rating_page.reasons["machine_hard_to_use"].click()
    window.rating_page.bar.next.click()                       # 提交评价
    assert window.session.step is Step.HOME
    assert window.ctx.t("ui.rating.thanks") in speaker_of(window).last()
    settle_work(window)
    with Store.open(db_path) as store:
        rating = store.rating_for(receipt.tracking_number)
    assert rating is not None and rating.level == 1
    assert rating.reasons == ("machine_hard_to_use",) and rating.service_id == "every_type"


def test_rating_is_voluntary_skip_and_quiet_spell_finish(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    window = make_window()
    receipt = receipt_shown(qtbot, window)
    window.receipt.bar.next.click()
    window.rating_page.bar.skip.click()
    assert window.session.step is Step.HOME
    receipt = receipt_shown(qtbot, window)
    window.receipt.bar.next.click()
    window.show_timeout_warning()             # nobody there: the rating just finishes
    assert window.session.step is Step.HOME
    assert window.stack.currentWidget() is window.home
    settle_work(window)
    with Store.open(db_path) as store:
        assert store.rating_for(receipt.tracking_number) is None
    QApplication.processEvents()


def test_rating_and_look_up_with_keys_only(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    from tests.helpers.keys import activate, key, move_to
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    receipt = receipt_shown(qtbot, window)
    activate(window.receipt.bar.next)                          # 完成, by key
    assert window.stack.currentWidget() is window.rating_page
    activate(window.rating_page.levels[2])                    # 不满意: reasons come up
    move_to(window.rating_page.reasons["waited_too_long"])
    key(Qt.Key.Key_Space)                                      # ticks a reason
    activate(window.rating_page.bar.next)                      # 提交评价
    assert window.session.step is Step.HOME
    settle_work(window)
    with Store.open(db_path) as store:
        rating = store.rating_for(receipt.tracking_number)
    assert rating is not None and (rating.level, rating.reasons) == (2, ("waited_too_long",))
    assert window.home.status_tile is not None
    activate(window.home.status_tile)                         # 查进度
    assert window.stack.currentWidget() is window.status_page
    for digit in receipt.tracking_number:
        QTest.keyClick(QApplication.focusWidget() or window.status_page, digit, delay=80)
    activate(window.status_page.bar.next)                      # 查一查
    settle_work(window)
    assert window.status_page.result is not None
    assert window.status_page.result.status is not None
    key(Qt.Key.Key_Escape)                                     # Esc: back home
    assert window.stack.currentWidget() is window.home
