"""Each screen's first focus is its main content, named for screen readers:
the first tile on home, the question's input, else the screen's main button; never an unnamed
container, and never the top bar (which follows the page in the Tab order)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.domain.catalog import Catalog
from kiosk.domain.session import Step
from kiosk.ui.screens.base import Screen
from kiosk.ui.shell.keyboard import is_control
from kiosk.ui.shell.main_window import MainWindow
from tests.helpers.kiosk_window import WindowFactory, speaker_of
from tests.helpers.screen_walk import accessible_name, settle, walk

# Rows read from the store on a worker arrive after the page showed: the focus stays on the
# named button the page had then, rather than jumping away under the volunteer's finger.
LATE_CONTENT = {"volunteer-today"}


def focus_report(window: MainWindow) -> str:
    focus = QApplication.focusWidget()
    page = window.visible_page()
    if focus is None:
        return "nothing has focus"
    if not (is_control(focus) and focus.isVisible() and focus.isEnabled()):
        return f"focus on {type(focus).__name__} {accessible_name(focus)!r}, not a control"
    if not page.isAncestorOf(focus):
        return f"focus on {accessible_name(focus)!r}, outside the page"
    if not accessible_name(focus).strip():
        return f"focus on an unnamed {type(focus).__name__}"
    if isinstance(page, Screen) and focus is not page.main_control():
        main = page.main_control()
        return (f"focus on {accessible_name(focus)!r}, not the main content "
                f"{accessible_name(main) if main else None!r}")
    return ""


def test_every_screen_starts_with_its_main_content_focused_and_named(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog, badge_code: str) -> None:
    window = make_window(catalog=catalog)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    service = next(s for s in catalog.services if s.id == "elderly_allowance")
    problems: list[str] = []
    seen: set[str] = set()
    for screen in walk(window, service, catalog, badge_code):
        settle()
        seen.add(screen)
        if screen == "saving":
            continue   # every control is disabled while saving; the receipt comes next
        problem = focus_report(window)
        if screen in LATE_CONTENT and problem.endswith("not the main content " + repr(
                accessible_name(window.visible_page().main_control() or window))):
            problem = ""
        if problem:
            problems.append(f"{screen}: {problem}")
    assert {"home", "status-result", "consent", "question-full_name-required", "help",
            "volunteer-sign-in-wrong", "review", "receipt", "rating-reasons",
            "consultation-results", "volunteer-today"} <= seen
    assert not problems, "\n".join(problems)


def test_tab_then_enter_on_home_starts_the_first_service(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog) -> None:
    window = make_window(catalog=catalog)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    first = window.home.tiles[catalog.services[0].id]
    assert QApplication.focusWidget() is first and first.accessibleName() == "高龄津贴"
    assert not first.focus_ring_shown()   # quiet until a key is pressed: a finger may tap
    QTest.keyClick(first, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is first and first.focus_ring_shown()
    assert speaker_of(window).last() == first.accessibleName() + " " + (
        first.accessibleDescription())   # what the tile is, said as it is shown
    QTest.keyClick(first, Qt.Key.Key_Return)
    assert window.session.step is Step.CONSENT
    assert window.session.view.service is not None
    assert window.session.view.service.id == catalog.services[0].id
    # The top bar comes after the page in the Tab order, not before it.
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)   # shows 同意
    order = []
    for _ in range(len(window.keys.controls())):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order[0] is window.top_bar.text_size   # from 同意 (the last control) round to it
    assert order[-1] is window.consent.bar.next


def test_the_second_tab_on_home_goes_to_the_next_tile_not_to_the_top_bar(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog) -> None:
    window = make_window(catalog=catalog)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tiles = window.home.page_tiles()
    for _ in range(2):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tiles[1]
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.session.view.service is not None
    assert window.session.view.service.id == catalog.services[1].id
