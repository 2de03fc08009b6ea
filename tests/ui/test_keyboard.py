"""A whole application with the keyboard only (EZ-Access style): Tab and arrows move in reading
order and wrap round (no trap), Enter activates, digits type on the keypad, Esc goes back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.domain.session import Step
from kiosk.store.store import Store
from kiosk.ui.inputs.date_input import DateInput
from kiosk.ui.inputs.tiles_input import ChoiceInput, YesNoInput
from tests.helpers.keys import activate, key, move_to, shown, type_text
from tests.helpers.kiosk_window import WindowFactory, wait_for_step


def test_a_whole_application_with_keys_only(qtbot: QtBot, make_window: WindowFactory,
                                            db_path: object) -> None:
    window = shown(qtbot, make_window)
    activate(window.home.tiles["every_type"])
    assert window.session.step is Step.CONSENT
    activate(window.consent.bar.next, Qt.Key.Key_Down)            # 同意

    assert QApplication.focusWidget() is window.question.input.editor  # type: ignore[union-attr]
    type_text("Wang Xiuying")
    key(Qt.Key.Key_Return)                                         # Enter in the box: next

    type_text("11010519491231002x")                                # digits go to the keypad
    activate(window.question.bar.next)

    picker = window.question.input
    assert isinstance(picker, DateInput)
    buttons = picker.picker.buttons
    for part, delta, times in (("year", -10, 2), ("year", -1, 1), ("month", -1, 2),
                               ("day", -1, 2)):
        move_to(buttons[(part, delta)], Qt.Key.Key_Right)
        for _ in range(times):
            key(Qt.Key.Key_Return)
    assert picker.picker.value() is not None and picker.picker.value().isoformat() == (
        "1949-12-31")
    activate(window.question.bar.next)

    choice = window.question.input
    assert isinstance(choice, ChoiceInput)
    activate(choice.tile_for("shiqiao"), Qt.Key.Key_Down)
    activate(window.question.bar.next)
    yes_no = window.question.input
    assert isinstance(yes_no, YesNoInput)
    activate(yes_no.tile_for(False), Qt.Key.Key_Up)                # backwards works too
    activate(window.question.bar.next)

    type_text("3")
    activate(window.question.bar.next)
    type_text("138001380009")                                      # one digit too many…
    key(Qt.Key.Key_Backspace)                                      # …taken back
    activate(window.question.bar.next)

    assert window.session.step is Step.REVIEW
    assert window.review.answer_labels["phone"].words() == "138 0013 8000"
    activate(window.review.bar.next)                               # 提交
    wait_for_step(qtbot, window, Step.RECEIPT)
    key(Qt.Key.Key_Escape)                                         # Esc on the receipt: done
    assert window.session.step is Step.HOME
    with Store.open(db_path) as store:  # type: ignore[arg-type]
        assert sum(store.counts().values()) == 1


def test_tab_visits_every_control_in_reading_order_and_comes_round(
        qtbot: QtBot, make_window: WindowFactory) -> None:
    window = shown(qtbot, make_window)
    window.home.tiles["every_type"].click()
    window.consent.bar.next.click()
    window.question.input.set_raw("王")  # type: ignore[union-attr]
    window.question.bar.next.click()     # the keypad screen: the most controls
    controls = window.keys.controls()
    main = window.question.bar.next   # digits go to the keypad; Enter confirms
    assert QApplication.focusWidget() is main
    key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is main           # the first Tab shows where focus is
    visited = []
    for _ in range(len(controls)):
        key(Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    start = controls.index(main) + 1
    assert visited == controls[start:] + controls[:start]   # each once, and round: no trap
    key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is controls[0]    # the top bar after the page
    key(Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is controls[-1]
    tops = [c.mapTo(window, c.rect().topLeft()).y() for c in controls]
    assert tops[:4] == sorted(tops[:4]) and controls[0] is window.top_bar.text_size
    assert controls[-1] is window.question.bar.next


def test_escape_goes_back_and_f1_opens_help(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = shown(qtbot, make_window)
    window.home.tiles["every_type"].click()
    window.consent.bar.next.click()
    key(Qt.Key.Key_Escape)
    assert window.session.step is Step.CONSENT
    key(Qt.Key.Key_F1)
    assert window.stack.currentWidget() is window.help_panel
    move_to(window.help_panel.volunteer)
    key(Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.consent
