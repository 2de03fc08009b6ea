"""今天办的事: a signed-in volunteer sees today's applications at this kiosk (no personal data),
reprints a receipt, and marks "call a volunteer" requests handled (audited). Everything is
reachable with Tab and works with Enter or Space."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.domain import tracking
from kiosk.domain.catalog import Catalog
from kiosk.i18n import Translator
from kiosk.store.store import Store
from kiosk.ui.app import volunteer_recorder
from kiosk.ui.shell.context import ResidentDefaults
from tests.helpers.keys import key, move_to
from tests.helpers.kiosk_window import VOLUNTEER_ID, VOLUNTEER_NAME, WindowFactory, speaker_of
from tests.helpers.screen_walk import clipping_problems, settle, target_report, walk
from tests.helpers.volunteer_steps import (
    ANSWERS,
    audit_entries,
    open_today,
    page_text,
    saved,
    signed_in,
    wait_loaded,
)

ZH = Translator("zh_CN")


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
    from tests.helpers.resident_steps import to_receipt, wait_printed

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
