"""A resident's whole application, driven through the screens with taps only."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.domain import tracking
from kiosk.domain.session import Step
from kiosk.i18n import Translator
from kiosk.store.store import Store
from kiosk.ui.inputs.keypad_input import KeypadInput
from kiosk.ui.widgets.qr_widget import QrWidget
from tests.helpers.kiosk_window import WindowFactory, failing_save, wait_for_step
from tests.helpers.resident_steps import (
    answer_every_question,
    field_id,
    press_next,
    start_application,
    tap,
    type_on_keypad,
)

ZH = Translator("zh_CN")


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
