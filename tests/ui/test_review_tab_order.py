"""The review page with the keyboard: Tab goes down the answers in the order they were asked,
each answer's buttons right after it (显示 then 修改 for the ID number), then the bar's buttons,
also when the answers stand in two columns."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.domain.session import Step
from tests.helpers.keys import key, shown
from tests.helpers.kiosk_window import WindowFactory
from tests.helpers.resident_steps import to_review

MAX_PRESSES = 60


def test_tab_runs_down_each_answer_with_its_change_button(
        qtbot: QtBot, make_window: WindowFactory) -> None:
    window = shown(qtbot, make_window)
    to_review(window)
    assert window.session.step is Step.REVIEW
    review = window.review
    fields = window.session.view.service.fields  # type: ignore[union-attr]
    assert len(fields) > 4   # two columns
    columns = {review.edit_buttons[f.id].mapTo(window, review.edit_buttons[f.id].rect()
                                               .topLeft()).x() for f in fields}
    assert len(columns) == 2
    expected: list[QWidget] = []
    for field in fields:
        if field.id in review.reveal_buttons:
            expected.append(review.reveal_buttons[field.id])
        expected.append(review.edit_buttons[field.id])
    expected += [review.bar.back, review.bar.repeat, review.bar.next]
    visited: list[QWidget] = []
    for _ in range(MAX_PRESSES):
        key(Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        assert widget is not None
        if review.isAncestorOf(widget):
            if widget is expected[0] and visited and visited[0] is widget:
                break               # round once
            visited.append(widget)
    start = visited.index(expected[0])
    assert (visited[start:] + visited[:start])[:len(expected)] == expected
    said = review.edit_buttons[fields[0].id].accessibleDescription()
    assert review.answer_labels[fields[0].id].words() in said   # 修改 names its answer
