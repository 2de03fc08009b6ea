"""今天办的事: a signed-in volunteer sees today's applications at this kiosk (no personal data),
reprints a receipt, and marks "call a volunteer" requests handled (audited). Everything is
reachable with Tab and works with Enter or Space."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from kiosk.domain import tracking
from kiosk.domain.catalog import Catalog
from kiosk.i18n import Translator
from kiosk.store.store import Store
from kiosk.ui.app import volunteer_recorder
from kiosk.ui.shell.context import ResidentDefaults
from kiosk.ui.shell.main_window import MainWindow
from tests.helpers.screen_walk import clipping_problems, settle, sign_in, target_report, walk
from tests.ui.conftest import VOLUNTEER_ID, VOLUNTEER_NAME, WindowFactory, speaker_of
from tests.ui.test_keyboard import key, move_to
from tests.ui.test_privacy_and_volunteers import audit_entries

ZH = Translator("zh_CN")
ANSWERS = {"full_name": "王秀英", "id_number": "11010519491231002X", "phone": "13812345678",
           "village": "dongwan"}


def saved(db_path: Path, assisted_by: str | None) -> str:
    with Store.open(db_path) as store:
        receipt = store.save_answers("every_type", "test-1", ANSWERS,
                                     {"assisted_by": assisted_by}, "zh_CN")
    return receipt.tracking_number


def signed_in(window: MainWindow, badge_code: str) -> None:
    window.open_help()
    window.help_panel.sign_in.click()
    sign_in(window, badge_code)
    assert window.volunteer is not None


def open_today(qtbot: QtBot, window: MainWindow) -> None:
    window.open_help()
    assert window.help_panel.today.isVisible()
    window.help_panel.today.click()
    wait_loaded(qtbot, window)


def wait_loaded(qtbot: QtBot, window: MainWindow) -> None:
    page = window.pages.today
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page and not page.busy.isVisible()
                    and page.submissions_heading.isVisible(), timeout=10_000)


def page_text(window: MainWindow) -> str:
    page = window.pages.today
    return "\n".join([label.text() for label in page.findChildren(QLabel) if label.isVisible()]
                     + [w.accessibleName() for w in page.findChildren(QLabel)])


def test_help_offers_today_only_to_a_signed_in_volunteer(
        make_window: WindowFactory, badge_code: str) -> None:
    window = make_window()
    window.open_help()
    assert not window.help_panel.today.isVisible()
    window.open_volunteer_today()                     # not signed in: nothing opens
    assert window.stack.currentWidget() is not window.pages.today
    signed_in(window, badge_code)
    window.open_help()
    assert window.help_panel.today.isVisible()
    assert window.help_panel.today.accessibleName() == ZH.t("receipts.today.open")


def test_today_lists_applications_without_personal_data(
        qtbot: QtBot, make_window: WindowFactory, badge_code: str, db_path: Path) -> None:
    helped, alone = saved(db_path, VOLUNTEER_ID), saved(db_path, None)
    window = make_window()
    signed_in(window, badge_code)
    open_today(qtbot, window)
    page = window.pages.today
    assert set(page.reprint_buttons) == {helped, alone}
    text = page_text(window)
    for number in (helped, alone):
        assert tracking.grouped(number) in text
    assert "测试服务" in text
    assert ZH.t("receipts.today.assisted_by", name=VOLUNTEER_NAME) in text
    assert ZH.t("receipts.today.not_assisted") in text
    assert ZH.t("receipts.today.status.saved_on_kiosk") in text
    assert ZH.t("receipts.today.no_calls") in text
    for secret in (*ANSWERS.values(), "东湾村", "110105", "1381234"):
        assert secret not in text, secret
    said = speaker_of(window).last()
    assert ZH.t("receipts.today.summary", count=2, calls=0) in said
    for secret in ANSWERS.values():
        assert secret not in said


def test_marking_a_call_handled_closes_it_and_is_audited(
        qtbot: QtBot, make_window: WindowFactory, badge_code: str, db_path: Path,
        data_dir: Path) -> None:
    window = make_window(record_volunteer=volunteer_recorder(db_path))
    window.open_help()
    window.call_volunteer()                           # a resident asks for help
    assert window.tasks.wait(10_000)
    signed_in(window, badge_code)
    open_today(qtbot, window)
    page = window.pages.today
    (request_id,) = page.handled_buttons
    button = page.handled_buttons[request_id]
    assert button.height() >= 72
    button.click()
    qtbot.waitUntil(lambda: not page.handled_buttons and page.submissions_heading.isVisible()
                    and page.note.words() == ZH.t("receipts.today.handled_done"),
                    timeout=10_000)
    with Store.open(db_path) as store:
        assert store.open_requests() == []
    entries = audit_entries(data_dir)
    handled = [e for e in entries if e["action"] == "request_handled"]
    assert [(e["role"], e["actor"]) for e in handled] == [("volunteer", VOLUNTEER_ID)]
    assert str(request_id) in str(handled[0])


def test_reprint_uses_the_print_path_and_keeps_a_pdf_without_a_printer(
        qtbot: QtBot, make_window: WindowFactory, badge_code: str, db_path: Path,
        data_dir: Path) -> None:
    number = saved(db_path, None)
    window = make_window()
    signed_in(window, badge_code)
    open_today(qtbot, window)
    page = window.pages.today
    page.reprint_buttons[number].click()
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=15_000)
    assert page.error.message().startswith(ZH.t("printing.error.not_configured"))
    assert ZH.t("receipts.print.kept_pdf") in speaker_of(window).last()
    assert (data_dir / "receipts" / f"{number}.pdf").read_bytes().startswith(b"%PDF-")
    assert [e["action"] for e in audit_entries(data_dir)][-1] == "receipt_reprinted"


def test_print_today_and_reprint_work_with_the_keyboard(
        qtbot: QtBot, make_window: WindowFactory, badge_code: str, db_path: Path,
        data_dir: Path) -> None:
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    from tests.ui.test_receipt_printing import to_receipt, wait_printed

    number = to_receipt(qtbot, window)
    move_to(window.receipt.print_button)
    key(Qt.Key.Key_Return)                            # Enter prints
    wait_printed(qtbot, window)
    assert (data_dir / "receipts" / f"{number}.pdf").is_file()
    (data_dir / "receipts" / f"{number}.pdf").unlink()

    signed_in(window, badge_code)
    window.open_help()
    move_to(window.help_panel.today)
    key(Qt.Key.Key_Space)                             # Space opens 今天办的事
    wait_loaded(qtbot, window)
    move_to(window.pages.today.reprint_buttons[number])
    assert QApplication.focusWidget() is window.pages.today.reprint_buttons[number]
    key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: (data_dir / "receipts" / f"{number}.pdf").is_file(),
                    timeout=15_000)
    key(Qt.Key.Key_Escape)                            # Esc closes the page
    assert window.stack.currentWidget() is window.receipt


def test_the_screen_walk_visits_the_print_fault_and_today_at_the_largest_size(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog, badge_code: str) -> None:
    """The matrix walk (tests/helpers) meets both new states; English at extra-large size,
    the longest words at the biggest text, fits with full-size targets."""
    window = make_window(catalog=catalog)
    window.apply_defaults(ResidentDefaults("en", "high_contrast", "extra_large"))
    service = next(s for s in catalog.services if s.id == "elderly_allowance")
    problems: list[str] = []
    seen: set[str] = set()
    for screen in walk(window, service, catalog, badge_code):
        seen.add(screen)
        if screen in ("receipt", "receipt-print-fault", "volunteer-today"):
            settle()
            problems += [f"{screen}: {p}" for p in clipping_problems(window)]
            problems += [f"{screen}: {p}" for p in target_report(window)[2]]
    assert {"receipt-print-fault", "volunteer-today"} <= seen
    assert not problems, "\n".join(problems)
