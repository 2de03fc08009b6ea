"""A resident's steps through the window, shared by the tests that need to get somewhere first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.domain.receipts import Receipt
from kiosk.domain.samples import SAMPLE_ID_NUMBER, SAMPLE_PHONE, sample_answer
from kiosk.domain.session import Step
from kiosk.store.store import Store
from kiosk.ui.inputs.date_input import DateInput
from kiosk.ui.inputs.keypad_input import KeypadInput
from kiosk.ui.inputs.text_input import TextInput
from kiosk.ui.inputs.tiles_input import ChoiceInput, YesNoInput
from kiosk.ui.shell.main_window import MainWindow
from kiosk.ui.widgets.qr_widget import QrWidget
from kiosk.ui.widgets.words import Words
from tests.helpers.kiosk_window import (
    wait_for_step,
)
from tests.helpers.screen_walk import fill


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


def to_question(window: MainWindow, field_id: str) -> None:
    window.home.tiles["every_type"].click()
    window.consent.bar.next.click()
    answers = {"full_name": "王秀英", "id_number": SAMPLE_ID_NUMBER, "birth_date": "1949-12-31",
               "village": "shiqiao", "has_pension": True, "household_size": "3"}
    while (field := window.session.view.field) is not None and field.id != field_id:
        window.question.input.set_raw(answers[field.id])  # type: ignore[union-attr]
        window.question.bar.next.click()


NAME = "王秀英"


def every_text(window: MainWindow) -> str:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    texts = []
    for widget in window.findChildren(QWidget):
        texts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip(),
                  widget.whatsThis(), widget.windowTitle()]
        if isinstance(widget, Words):
            texts.append(widget.words())
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QrWidget):
            texts.append(widget.text())
    return "\n".join(texts).replace(" ", "")


def fill_in_personal_data(window: MainWindow) -> None:
    window.home.tiles["every_type"].click()
    window.consent.bar.next.click()
    for raw in (NAME, SAMPLE_ID_NUMBER, "1949-12-31", "shiqiao", True, "3"):
        window.question.input.set_raw(raw)  # type: ignore[union-attr]
        window.question.bar.next.click()
    window.question.input.set_raw(SAMPLE_PHONE)  # type: ignore[union-attr]
    window.question.bar.next.click()
    assert window.session.step is Step.REVIEW
    assert NAME in every_text(window) and "13800138000" in every_text(window)


def start(window: MainWindow, service_id: str) -> None:
    window.home.tiles[service_id].click()
    window.consent.bar.next.click()


def answer_all(window: MainWindow) -> None:
    while window.session.step is Step.QUESTION:
        field = window.session.view.field
        assert field is not None
        fill(window, sample_answer(field))
        window.question.bar.next.click()


def to_review(window: MainWindow) -> None:
    """Start the test service and answer every question with its sample answer."""
    window.home.tiles["every_type"].click()
    window.consent.bar.next.click()
    while window.session.step is Step.QUESTION:
        field = window.session.view.field
        assert field is not None
        fill(window, sample_answer(field))
        window.question.bar.next.click()


def receipt_shown(qtbot: QtBot, window: MainWindow) -> Receipt:
    """Fill in and submit the test service; returns the receipt on screen."""
    to_review(window)
    window.review.bar.next.click()
    wait_for_step(qtbot, window, Step.RECEIPT)
    receipt = window.session.view.receipt
    assert receipt is not None
    return receipt


def to_receipt(qtbot: QtBot, window: MainWindow) -> str:
    """Fill in and submit the test service; returns the tracking number on screen."""
    return receipt_shown(qtbot, window).tracking_number


def wait_printed(qtbot: QtBot, window: MainWindow) -> None:
    page = window.receipt
    qtbot.waitUntil(lambda: page.print_button.isEnabled() and (
        page.print_note.isVisible() or page.print_problem.isVisible()), timeout=15_000)


def saved_receipt(db_path: Path) -> Receipt:
    with Store.open(db_path) as store:
        return store.save_answers("every_type", "test-1", {"full_name": "王"}, {}, "zh_CN")


def open_lookup(window: MainWindow) -> None:
    assert window.home.status_tile is not None
    window.home.status_tile.click()
    assert window.stack.currentWidget() is window.status_page
