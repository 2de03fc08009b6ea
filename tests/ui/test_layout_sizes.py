"""Every kind of question, 查进度 and the volunteer sign-in at each text size, in both languages,
in the kiosk's 1920×1080 window: nothing cut (a word-wrapped label gets the height its words
need), no control outside the window; a keypad's keys and the bar's buttons all in view without
scrolling; and where extra-large words make a screen scroll, every control in the scrolled part is
reached (and brought into view) by Tab, Page Down scrolls, and the words are all spoken."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.domain.catalog import FieldType
from kiosk.domain.samples import sample_answer
from kiosk.domain.session import Step
from kiosk.i18n import LANGUAGES
from kiosk.ui.inputs.keypad_input import KeypadInput
from kiosk.ui.look.theme import TEXT_SIZES
from kiosk.ui.screens.base import Screen
from kiosk.ui.shell.context import ResidentDefaults
from kiosk.ui.shell.main_window import MainWindow
from tests.helpers.keys import move_to, shown
from tests.helpers.kiosk_window import WindowFactory
from tests.helpers.screen_walk import (
    WINDOW,
    WRONG_ID,
    clipping_problems,
    controls,
    fill,
    scroll_content_of,
    settle,
    visible_part,
    window_rect,
)

KEYPAD_TYPES = {FieldType.ID_NUMBER, FieldType.PHONE, FieldType.NUMBER}


def out_of_view(window: MainWindow) -> list[QWidget]:
    return [w for w in controls(window) if visible_part(window, w) != window_rect(window, w)]


def screen_problems(window: MainWindow, screen: Screen, where: str,
                    display: QWidget | None = None) -> list[str]:
    """`display`: the keypad's digits, on a keypad screen."""
    keypad = display is not None
    settle()
    problems = [f"{where}: {p}" for p in clipping_problems(window)]
    hidden = out_of_view(window)
    if keypad:
        problems += [f"{where}: {w.accessibleName()!r} needs scrolling" for w in hidden]
    for widget in hidden:        # reached by the keyboard, and then in view
        if not widget.isEnabled():
            continue             # nothing to do there (e.g. X before the 18th character)
        try:
            move_to(widget)
        except AssertionError as exc:
            problems.append(f"{where}: {exc}")
            continue
        settle()
        if visible_part(window, widget) != window_rect(window, widget):
            problems.append(f"{where}: {widget.accessibleName()!r} focused, still out of view")
    bar = screen.scroller.verticalScrollBar()
    if bar.maximum() > 0:
        bar.setValue(0)
        QTest.keyClick(QApplication.focusWidget() or screen, Qt.Key.Key_PageDown)
        if bar.value() == 0:
            problems.append(f"{where}: scrolls, but not with Page Down")
        said = screen.spoken(window.ctx) + screen.help_spoken(window.ctx)   # shown; F1 / Help
        for words in (screen.heading.words(), screen.help.words()):
            if words not in said:
                problems.append(f"{where}: scrolls, and {words[:30]!r}… is not spoken")
        if display is not None:     # a key typed: what it typed comes into view
            bar.setValue(0)
            for key in (Qt.Key.Key_1, Qt.Key.Key_Backspace):   # (a full entry takes no 1)
                QTest.keyClick(QApplication.focusWidget() or screen, key)
            settle()
            if visible_part(window, display) != window_rect(window, display):
                problems.append(f"{where}: the digits typed are out of view")
    return problems


def test_every_question_type_fits_at_every_size_in_both_languages(
        qtbot: QtBot, make_window: WindowFactory) -> None:
    window = shown(qtbot, make_window)
    assert window.rect() == WINDOW
    problems: list[str] = []
    seen: set[tuple[str, str, FieldType]] = set()
    for language in LANGUAGES:
        for size in TEXT_SIZES:
            window.apply_defaults(ResidentDefaults(language, "standard", size))
            window.home.tiles["every_type"].click()
            window.consent.bar.next.click()
            while window.session.step is Step.QUESTION:
                field = window.session.view.field
                assert field is not None
                where = f"{language}/{size}/{field.id}"
                entry = window.question.input
                display = entry.keypad.display if isinstance(entry, KeypadInput) else None
                assert (display is not None) == (field.type in KEYPAD_TYPES)
                if field.type is FieldType.ID_NUMBER:      # the longest: with its problem
                    fill(window, WRONG_ID)
                    window.question.bar.next.click()
                    assert window.question.error.message()
                problems += screen_problems(window, window.question, where, display)
                seen.add((language, size, field.type))
                fill(window, sample_answer(field))
                window.question.bar.next.click()
            window.session.reset()
            assert window.home.status_tile is not None
            window.home.status_tile.click()
            for digit in "123412341230":                    # mistyped: the problem shows too
                window.status_page.handle_key(digit)
            window.status_page.bar.next.click()
            assert window.tasks.wait(10_000)
            settle()
            assert window.status_page.error.message()
            assert window.status_page.keypad is not None
            problems += screen_problems(window, window.status_page, f"{language}/{size}/查进度",
                                        window.status_page.keypad.display)
            window.close_overlay()
            window.open_help()
            window.help_panel.sign_in.click()
            assert window.volunteer_page.keypad is not None
            problems += screen_problems(window, window.volunteer_page,
                                        f"{language}/{size}/volunteer",
                                        window.volunteer_page.keypad.display)
            window.close_overlay()
    assert len({kind for _l, _s, kind in seen}) == 7 and len(seen) == 7 * 6
    assert not problems, "\n".join(problems)
    assert scroll_content_of(window.question.heading) is not None
