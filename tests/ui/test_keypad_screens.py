"""The keypad screens with a real keyboard: Enter confirms what was typed (volunteer sign-in,
查进度, the ID-number question), and a problem once said goes away as soon as it is put right.

Keys go to whatever has focus, as a keyboard's do; the focus is first put on one of the
keypad's own keys with Tab, where Enter alone would press that key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.domain.session import Step
from kiosk.ui.shell.main_window import MainWindow
from kiosk.ui.widgets.keypad import Keypad
from tests.helpers.keys import move_to, shown
from tests.helpers.kiosk_window import WindowFactory, speaker_of
from tests.helpers.resident_steps import open_lookup, saved_receipt
from tests.helpers.screen_walk import WRONG_ID, settle_work

RIGHT_ID = "11010519491231002X"
MISTYPED_NUMBER = "123412341230"   # twelve digits, wrong check digit


def focused() -> QWidget:
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None
    return target


def press(key: Qt.Key) -> None:
    QTest.keyClick(focused(), key)


def type_keys(text: str) -> None:
    for char in text:
        QTest.keyClicks(focused(), char)


def onto_a_key(keypad: Keypad) -> None:
    """Tab until a digit key of the keypad has the focus."""
    move_to(keypad.keys["5"])


def to_id_question(window: MainWindow) -> None:
    window.home.tiles["every_type"].click()
    window.consent.bar.next.click()
    window.question.input.set_raw("王")  # type: ignore[union-attr]
    window.question.bar.next.click()
    assert window.session.view.field is not None
    assert window.session.view.field.id == "id_number"


def test_enter_signs_the_volunteer_in_after_the_code_is_typed(
        qtbot: QtBot, make_window: WindowFactory, badge_code: str) -> None:
    window = shown(qtbot, make_window)
    window.open_help()
    window.help_panel.sign_in.click()
    page = window.volunteer_page
    assert page.keypad is not None
    onto_a_key(page.keypad)
    type_keys(badge_code)
    press(Qt.Key.Key_Return)
    settle_work(window)
    assert window.volunteer is not None


def test_number_pad_enter_looks_up_the_typed_number(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    receipt = saved_receipt(db_path)
    window = shown(qtbot, make_window)
    open_lookup(window)
    page = window.status_page
    assert page.keypad is not None
    onto_a_key(page.keypad)
    looked_up: list[str] = []
    page.submitted.connect(looked_up.append)
    type_keys(receipt.tracking_number[:-1])
    press(Qt.Key.Key_Backspace)                       # a slip put right…
    type_keys(receipt.tracking_number[-2:])
    QTest.keyClick(focused(), Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    settle_work(window)
    assert looked_up == [receipt.tracking_number]
    assert page.result is not None and page.result.tracking_number == receipt.tracking_number


def test_enter_answers_the_id_question(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = shown(qtbot, make_window)
    to_id_question(window)
    keypad = window.question.input.keypad  # type: ignore[union-attr]
    onto_a_key(keypad)
    type_keys(RIGHT_ID)
    press(Qt.Key.Key_Return)
    assert window.session.step is Step.QUESTION
    assert window.session.view.field is not None
    assert window.session.view.field.id == "birth_date"


def test_a_corrected_id_number_is_no_longer_marked_wrong(
        qtbot: QtBot, make_window: WindowFactory) -> None:
    window = shown(qtbot, make_window)
    to_id_question(window)
    banner = window.question.error
    type_keys(WRONG_ID)
    press(Qt.Key.Key_Return)
    wrong = window.ctx.t("error.id_number.checksum")
    assert banner.message() == wrong and banner.isVisible()
    assert wrong in window.question.spoken(window.ctx)
    press(Qt.Key.Key_Backspace)                       # correcting: the message goes at once
    assert banner.message() == "" and not banner.isVisible()
    assert banner.accessibleName() == "" and wrong not in window.question.spoken(window.ctx)
    type_keys("1")                                     # complete and still wrong: said again
    assert banner.message() == wrong
    press(Qt.Key.Key_Backspace)
    type_keys("X")                                     # put right: nothing marked wrong
    assert banner.message() == "" and not banner.isVisible()
    window.set_language("en")                          # drawn afresh: still nothing wrong
    assert window.question.error.message() == ""
    press(Qt.Key.Key_Return)
    assert window.session.view.field is not None
    assert window.session.view.field.id == "birth_date"


def test_a_corrected_tracking_number_is_no_longer_marked_wrong(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    receipt = saved_receipt(db_path)
    window = shown(qtbot, make_window)
    open_lookup(window)
    page = window.status_page
    type_keys(MISTYPED_NUMBER[:-1])
    press(Qt.Key.Key_Backspace)   # not a scanner's burst: Enter is the resident's
    type_keys(MISTYPED_NUMBER[-2:])
    press(Qt.Key.Key_Return)
    settle_work(window)
    wrong = window.ctx.t("lookup.invalid_number.words")
    assert wrong in page.error.message() and wrong in speaker_of(window).last()
    press(Qt.Key.Key_Backspace)
    assert page.error.message() == "" and not page.error.isVisible()
    assert page.error.accessibleName() == "" and wrong not in page.spoken(window.ctx)
    type_keys(MISTYPED_NUMBER[-1])                     # the same slip again: said again
    assert wrong in page.error.message()
    assert page.keypad is not None
    page.keypad.clear_key.click()                      # 清空, tapped
    assert page.error.message() == ""
    type_keys(receipt.tracking_number[:-1])
    press(Qt.Key.Key_Backspace)
    type_keys(receipt.tracking_number[-2:])
    assert page.error.message() == ""
    press(Qt.Key.Key_Return)
    settle_work(window)
    assert page.result is not None and page.result.tracking_number == receipt.tracking_number
