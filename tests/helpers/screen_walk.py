"""Walk a window through every screen a resident can meet, and measure what is on it.

Used by the matrix tests (every language × colour theme × text size): clipping, targets,
accessible names. Widgets are measured in window coordinates; a widget inside a scroll area
counts as reachable anywhere within the scrolled content, never beyond its width.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QFontMetrics, QTextDocument
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea, QWidget

from kiosk.domain.catalog import Catalog, FieldType, Service
from kiosk.domain.receipts import Receipt
from kiosk.domain.samples import sample_answer
from kiosk.domain.session import Step
from kiosk.hall_time import HallTime
from kiosk.store.store import Store
from kiosk.ui.inputs.keypad_input import KeypadInput
from kiosk.ui.shell.keyboard import is_control
from kiosk.ui.shell.main_window import MainWindow
from kiosk.ui.widgets.tile_button import TileButton
from tests.helpers.screen_walk_consultations import walk_consultations

WINDOW = QRect(0, 0, 1920, 1080)
WRONG_ID = "110105194912310021"
RECEIPT = Receipt("app-1", "602372174343", "x", dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC))


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def fill(window: MainWindow, raw: object) -> None:
    entry = window.question.input
    assert entry is not None
    if isinstance(entry, KeypadInput):
        entry.keypad.clear()
        entry.type_keys(str(raw))
    else:
        entry.set_raw(raw)


def settle_work(window: MainWindow) -> None:
    """Let a job on the window's worker (a badge check) finish and deliver its result."""
    assert window.tasks.wait(10_000)
    settle()


def sign_in(window: MainWindow, code: str) -> None:
    """Type a badge code on the open sign-in keypad and send it; waits for the answer."""
    keypad = window.volunteer_page.keypad
    assert keypad is not None
    for digit in code:
        keypad.keys[digit].click()
    window.volunteer_page.bar.next.click()
    settle_work(window)


def some_work_today(db_path: Path) -> None:
    """One application today and one open call for help, so the volunteer's page has rows."""
    with Store.open(db_path) as store:
        if not store.todays_submissions(HallTime().today()):
            store.save_answers("elderly_allowance", "walk", {}, {"assisted_by": None}, "zh_CN")
        if not store.open_requests():
            store.record_volunteer_request("question:id_number", "elderly_allowance")


def wrong_code(code: str) -> str:
    return "1" * len(code) if code != "1" * len(code) else "2" * len(code)


def walk(window: MainWindow, service: Service, catalog: Catalog,
         badge_code: str | None = None) -> Iterator[str]:
    """Yield a name at each screen state; the window shows that state meanwhile.

    With a `badge_code`, a volunteer signs in on the ID question (a wrong code first) and stays
    signed in, banner showing, until after the receipt."""
    yield "home"
    assert window.home.status_tile is not None
    window.home.status_tile.click()
    yield "status-lookup"
    for digit in RECEIPT.tracking_number:
        window.status_page.handle_key(digit)
    window.status_page.bar.next.click()
    settle_work(window)
    yield "status-result"
    window.status_page.bar.back.click()
    yield from walk_consultations(window)   # notices on home, 看通知, 村民议事 and its results
    window.home.tiles[service.id].click()
    yield "consent"
    if any(f.sensitive for f in service.fields):
        window.consent.bar.next.click()
        yield "sensitive-consent"
        window.sensitive_consent.disagree.click()
    else:
        window.consent.bar.back.click()
    yield "home-declined"
    window.home.tiles[service.id].click()
    window.consent.bar.next.click()
    if window.session.step is Step.SENSITIVE_CONSENT:
        window.sensitive_consent.agree.click()
    seen: set[FieldType] = set()
    while window.session.step is Step.QUESTION:
        field = window.session.view.field
        assert field is not None
        if field.type is FieldType.ID_NUMBER:
            fill(window, WRONG_ID)
            window.question.bar.next.click()
            yield f"question-{field.id}-error"
            window.open_help()
            yield "help"
            window.call_volunteer()
            yield "help-volunteer-called"
            if badge_code is not None:
                window.help_panel.sign_in.click()
                yield "volunteer-sign-in"
                sign_in(window, wrong_code(badge_code))
                yield "volunteer-sign-in-wrong"
                sign_in(window, badge_code)
                assert window.volunteer is not None
                yield f"question-{field.id}-assisted"
            else:
                window.close_overlay()
            window.show_timeout_warning()
            yield "timeout-warning"
            window.extend_time()
        elif field.type not in seen:
            window.question.bar.next.click() if field.required else None
            yield f"question-{field.id}" + ("-required" if field.required else "")
        seen.add(field.type)
        fill(window, sample_answer(field))
        window.question.bar.next.click()
    yield "review"
    for button in window.review.reveal_buttons.values():
        button.click()
        yield "review-id-shown"
    window.session.begin_submit()
    yield "saving"
    window.session.submit_succeeded(RECEIPT)
    yield "receipt"
    if window.receipt.print_button.isVisible():
        window.receipt.print_button.click()     # no printer set up: kept as a PDF, said so
        settle_work(window)
        yield "receipt-print-fault"
    window.receipt.bar.next.click()
    yield "rating"
    window.rating_page.levels[2].click()
    yield "rating-reasons"
    window.rating_page.reasons["waited_too_long"].click()
    window.rating_page.bar.next.click()
    assert window.session.step is Step.HOME
    if window.volunteer is not None:
        if window.db_path is not None:
            some_work_today(window.db_path)
            window.open_help()
            window.help_panel.today.click()     # 今天办的事
            settle_work(window)
            yield "volunteer-today"
            window.close_overlay()
        window.open_help()
        window.help_panel.sign_in.click()   # 志愿者退出
        assert window.volunteer is None


def scroll_content_of(widget: QWidget) -> QWidget | None:
    """The scrolled content `widget` lives in, if any (not the scroll bars)."""
    window = widget.window()
    for area in window.findChildren(QScrollArea):
        content = area.widget()
        if content is not None and (content is widget or content.isAncestorOf(widget)):
            return content
    return None


def visible_part(window: QWidget, widget: QWidget) -> QRect:
    """Where `widget` can be seen and touched: clipped to its scroll area's viewport."""
    rect = window_rect(window, widget)
    content = scroll_content_of(widget)
    if content is not None and content.parentWidget() is not None:
        rect = rect.intersected(window_rect(window, content.parentWidget()))
    return rect


def window_rect(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def visible_widgets(window: QWidget) -> list[QWidget]:
    return [w for w in window.findChildren(QWidget) if w.isVisible()]


def label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text:
        return None
    box = label.contentsRect()
    if label.wordWrap():
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(label.font())
        if label.textFormat() == Qt.TextFormat.RichText:
            doc.setHtml(text)
        else:
            doc.setPlainText(text)
        doc.setTextWidth(box.width())
        need_w, need_h = doc.idealWidth(), doc.size().height()
    else:
        metrics = QFontMetrics(label.font())
        need_w = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
        need_h = metrics.height() * len(text.split("\n"))
    if need_w > box.width() + 1 or need_h > box.height() + 1:
        return f"needs {need_w:.0f}×{need_h:.0f}, has {box.width()}×{box.height()}"
    return None


def button_problem(button: QAbstractButton) -> str | None:
    if isinstance(button, TileButton):
        need_h = button.heightForWidth(button.width())
        need_w = button.minimumSizeHint().width()
    else:
        hint = button.sizeHint()
        need_w, need_h = hint.width(), hint.height()
    if need_w > button.width() or need_h > button.height():
        return f"needs {need_w}×{need_h}, has {button.width()}×{button.height()}"
    return None


def clipping_problems(window: QWidget) -> list[str]:
    problems = []
    for widget in visible_widgets(window):
        problem = None
        if isinstance(widget, QLabel):
            problem = label_problem(widget)
        elif isinstance(widget, QAbstractButton) and widget.text():
            problem = button_problem(widget)
        if problem:
            name = widget.text() if isinstance(widget, QAbstractButton) else widget.text()[-40:]
            problems.append(f"{type(widget).__name__} {name!r}: {problem}")
        content = scroll_content_of(widget)
        rect = window_rect(window, widget)
        if content is None:
            if not WINDOW.contains(rect):
                problems.append(f"{type(widget).__name__} outside the window: {rect}")
        else:
            area = window_rect(window, content)
            viewport = content.parentWidget()
            assert viewport is not None
            if rect.right() > area.right() or rect.left() < area.left() or (
                    content.width() > viewport.width()):
                problems.append(f"{type(widget).__name__} wider than its scroll area: {rect}")
    return problems


def controls(window: QWidget) -> list[QWidget]:
    return [w for w in visible_widgets(window) if is_control(w)]


def gap(a: QRect, b: QRect) -> int:
    """Pixels between two rectangles (0 if they touch or overlap); diagonal: the larger axis."""
    dx = max(b.left() - a.right() - 1, a.left() - b.right() - 1, 0)
    dy = max(b.top() - a.bottom() - 1, a.top() - b.bottom() - 1, 0)
    return max(dx, dy)


def target_report(window: QWidget) -> tuple[int, int, list[str]]:
    """(smallest side, smallest gap, problems) over the visible controls.

    Sizes are whole controls; gaps are between the parts a finger can reach (a control
    scrolled half out of view counts only where it shows)."""
    found = [(w, window_rect(window, w), visible_part(window, w)) for w in controls(window)]
    problems, smallest, closest = [], 10_000, 10_000
    for w, r, _v in found:
        smallest = min(smallest, r.width(), r.height())
        if r.width() < 72 or r.height() < 72:
            problems.append(f"{w.accessibleName()!r} is {r.width()}×{r.height()}")
    for i, (w1, r1, v1) in enumerate(found):
        for w2, r2, v2 in found[i + 1:]:
            same = scroll_content_of(w1) is scroll_content_of(w2)
            a, b = (r1, r2) if same else (v1, v2)
            if a.isEmpty() or b.isEmpty():
                continue
            distance = gap(a, b)
            closest = min(closest, distance)
            if distance < 16:
                problems.append(f"{w1.accessibleName()!r} and {w2.accessibleName()!r} are "
                                f"{distance} px apart")
    return smallest, closest, problems


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None and interface.isValid()
    return interface.text(QAccessible.Text.Name)
