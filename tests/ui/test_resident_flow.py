"""A resident's whole application, driven through the screens with taps only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.domain import tracking
from kiosk.domain.session import Step
from kiosk.i18n import Translator
from kiosk.store.store import Store
from kiosk.ui.inputs.date_input import DateInput
from kiosk.ui.inputs.keypad_input import KeypadInput
from kiosk.ui.inputs.text_input import TextInput
from kiosk.ui.inputs.tiles_input import ChoiceInput, YesNoInput
from kiosk.ui.shell.main_window import MainWindow
from kiosk.ui.widgets.qr_widget import QrWidget
from tests.ui.conftest import WindowFactory, failing_save, wait_for_step

ZH = Translator("zh_CN")


def tap(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def press_next(qtbot: QtBot, window: MainWindow) -> None:
    tap(qtbot, window.current_screen().bar.next)


def field_id(window: MainWindow) -> str:
    field = window.session.view.field
    assert field is not None
    return field.id


def type_on_keypad(qtbot: QtBot, window: MainWindow, keys: str) -> None:
    entry = window.question.input
    assert isinstance(entry, KeypadInput)
    for key in keys:
        tap(qtbot, entry.keypad.keys[key])


def start_application(qtbot: QtBot, window: MainWindow) -> None:
    tap(qtbot, window.home.tiles["every_type"])
    assert window.session.step is Step.CONSENT
    press_next(qtbot, window)  # 同意
    assert field_id(window) == "full_name"


def answer_every_question(qtbot: QtBot, window: MainWindow) -> None:
    text = window.question.input
    assert isinstance(text, TextInput)
    qtbot.keyClicks(text.editor, "Wang Xiuying")
    press_next(qtbot, window)

    assert field_id(window) == "id_number"
    type_on_keypad(qtbot, window, "11010519491231002X")
    entry = window.question.input
    assert isinstance(entry, KeypadInput)
    assert entry.keypad.display.text() == "110105 19491231 002X"
    press_next(qtbot, window)

    assert field_id(window) == "birth_date"
    picker = window.question.input
    assert isinstance(picker, DateInput)
    buttons = picker.picker.buttons
    tap(qtbot, buttons[("year", -10)])     # first tap starts at 1960
    tap(qtbot, buttons[("year", -10)])     # 1950
    tap(qtbot, buttons[("year", -1)])      # 1949
    tap(qtbot, buttons[("month", -1)])     # starts at 1
    tap(qtbot, buttons[("month", -1)])     # goes round to 12
    tap(qtbot, buttons[("day", -1)])       # starts at 1
    tap(qtbot, buttons[("day", -1)])       # goes round to 31
    assert picker.picker.value() == dt.date(1949, 12, 31)
    press_next(qtbot, window)

    assert field_id(window) == "village"
    choice = window.question.input
    assert isinstance(choice, ChoiceInput)
    tap(qtbot, choice.tile_for("shiqiao"))
    press_next(qtbot, window)

    assert field_id(window) == "has_pension"
    yes_no = window.question.input
    assert isinstance(yes_no, YesNoInput)
    tap(qtbot, yes_no.tile_for(False))
    press_next(qtbot, window)

    assert field_id(window) == "household_size"
    type_on_keypad(qtbot, window, "3")
    press_next(qtbot, window)

    assert field_id(window) == "phone"
    type_on_keypad(qtbot, window, "13800138000")
    press_next(qtbot, window)
    assert window.session.step is Step.REVIEW


def test_a_whole_application_is_saved_and_the_receipt_shown(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    woken: list[bool] = []
    window = make_window(on_saved=lambda: woken.append(True))
    start_application(qtbot, window)
    answer_every_question(qtbot, window)

    review = window.review
    assert review.answer_labels["full_name"].words() == "Wang Xiuying"
    assert review.answer_labels["id_number"].words() == "1101**********002X"  # masked…
    tap(qtbot, review.reveal_buttons["id_number"])
    assert review.answer_labels["id_number"].words() == "110105 19491231 002X"  # …until asked
    assert review.answer_labels["birth_date"].words() == "1949年12月31日"
    assert review.answer_labels["village"].words() == "石桥村"
    assert review.answer_labels["has_pension"].words() == "否"
    assert review.answer_labels["household_size"].words() == "3 人"
    assert review.answer_labels["phone"].words() == "138 0013 8000"

    # Change one answer from the review: back to that question, then straight back here.
    tap(qtbot, review.edit_buttons["household_size"])
    assert field_id(window) == "household_size"
    entry = window.question.input
    assert isinstance(entry, KeypadInput) and entry.keypad.text() == "3"
    tap(qtbot, entry.keypad.delete_key)
    type_on_keypad(qtbot, window, "4")
    press_next(qtbot, window)
    assert window.session.step is Step.REVIEW
    assert window.review.answer_labels["household_size"].words() == "4 人"

    press_next(qtbot, window)  # 提交
    wait_for_step(qtbot, window, Step.RECEIPT)
    receipt = window.session.view.receipt
    assert receipt is not None
    shown = window.receipt.number.text()
    assert shown == tracking.grouped(receipt.tracking_number)
    assert [len(group) for group in shown.split(" ")] == [4, 4, 4]
    qr = window.receipt.findChild(QrWidget)
    assert qr is not None and qr.text() == receipt.tracking_number and qr.matrix
    assert woken == [True]

    with Store.open(db_path) as store:
        saved = store.get(receipt.application_id)
    assert saved is not None
    assert saved.answers == {
        "full_name": "Wang Xiuying", "id_number": "11010519491231002X",
        "birth_date": "1949-12-31", "village": "shiqiao", "has_pension": False,
        "household_size": 4, "phone": "13800138000"}
    assert saved.language == "zh_CN"

    press_next(qtbot, window)  # 完成, then the voluntary rating
    assert window.visible_page() is window.rating_page
    window.rating_page.bar.skip.click()
    assert window.session.step is Step.HOME
    assert window.stack.currentWidget() is window.home


def test_declining_consent_returns_home(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    tap(qtbot, window.home.tiles["every_type"])
    assert window.stack.currentWidget() is window.consent
    assert window.consent.text.words() == "我们会记下您填的内容。"
    tap(qtbot, window.consent.bar.back)  # 不同意
    assert window.session.step is Step.HOME
    assert window.stack.currentWidget() is window.home


def test_a_wrong_id_number_is_explained_beside_the_field_and_kept(
        qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    start_application(qtbot, window)
    window.question.input.set_raw("Wang")  # type: ignore[union-attr]
    press_next(qtbot, window)
    type_on_keypad(qtbot, window, "110105194912310021")
    press_next(qtbot, window)

    assert field_id(window) == "id_number"
    banner = window.question.error
    assert banner.message() == ZH.t("error.id_number.checksum")
    entry = window.question.input
    assert isinstance(entry, KeypadInput)
    assert entry.keypad.text() == "110105194912310021"      # nothing to retype
    assert entry.keypad.display_column.indexOf(banner) >= 0  # right under the digits

    tap(qtbot, entry.keypad.delete_key)
    type_on_keypad(qtbot, window, "X")
    press_next(qtbot, window)
    assert field_id(window) == "birth_date"
    assert window.question.error.isHidden()


def test_a_failed_save_keeps_the_answers_and_says_what_to_do(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    window = make_window(save=failing_save)
    start_application(qtbot, window)
    answer_every_question(qtbot, window)
    press_next(qtbot, window)  # 提交
    qtbot.waitUntil(lambda: window.session.view.save_error is not None, timeout=10_000)

    assert window.session.step is Step.REVIEW
    assert window.review.error.message() == ZH.t("error.save.failed")
    assert window.review.answer_labels["full_name"].words() == "Wang Xiuying"
    assert window.session.view.answers["id_number"] == "11010519491231002X"
    assert window.review.bar.next.isEnabled()
    with Store.open(db_path) as store:
        assert sum(store.counts().values()) == 0


def test_an_optional_question_can_be_skipped(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    start_application(qtbot, window)
    answer_every_question(qtbot, window)
    tap(qtbot, window.review.edit_buttons["phone"])
    bar = window.question.bar
    assert not bar.skip.isHidden() and bar.skip.text() == ZH.t("ui.nav.skip")
    tap(qtbot, bar.skip)
    assert window.session.step is Step.REVIEW
    assert "phone" not in window.session.view.answers
    assert window.review.answer_labels["phone"].words() == ZH.t("ui.review.not_answered")


def test_a_required_question_has_no_skip_and_says_it_is_needed(
        qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    start_application(qtbot, window)
    assert window.question.bar.skip.isHidden()
    press_next(qtbot, window)  # nothing written
    assert window.question.error.message() == ZH.t("error.required")


def test_switching_language_keeps_what_was_typed(qtbot: QtBot, make_window: WindowFactory
                                                 ) -> None:
    window = make_window()
    start_application(qtbot, window)
    window.question.input.set_raw("Wang")  # type: ignore[union-attr]
    press_next(qtbot, window)
    type_on_keypad(qtbot, window, "1101")
    tap(qtbot, window.top_bar.language)
    assert window.ctx.language == "en"
    assert window.question.heading.words() == "Your ID number?"
    assert window.question.bar.next.text() == "Next"
    entry = window.question.input
    assert isinstance(entry, KeypadInput) and entry.keypad.text() == "1101"
    assert window.top_bar.language.text() == "中文"


def test_back_from_the_first_question_shows_the_consent_again(
        qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    start_application(qtbot, window)
    tap(qtbot, window.question.bar.back)
    assert window.stack.currentWidget() is window.consent
