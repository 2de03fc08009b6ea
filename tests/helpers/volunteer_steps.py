"""A volunteer's steps through the window: signing in, today's list, the audit trail it leaves."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.i18n import Translator
from kiosk.paths import database_path
from kiosk.privacy.audit import AuditLog
from kiosk.store.store import Store
from kiosk.ui.bridges.audit_trail import AuditTrail
from kiosk.ui.shell.main_window import MainWindow
from tests.helpers.screen_walk import sign_in

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
    # Rows added to a shown page become visible only once Qt has run its queued show: until
    # then Tab passes them by, so the page is loaded when its buttons can be seen.
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page and not page.busy.isVisible()
                    and page.submissions_heading.isVisible()
                    and all(b.isVisible() for b in page.reprint_buttons.values())
                    and all(b.isVisible() for b in page.handled_buttons.values()),
                    timeout=10_000)


def page_text(window: MainWindow) -> str:
    page = window.pages.today
    return "\n".join([label.text() for label in page.findChildren(QLabel) if label.isVisible()]
                     + [w.accessibleName() for w in page.findChildren(QLabel)])


def audit_entries(data_dir: Path) -> list[dict[str, object]]:
    """Every entry written so far (after the audit worker has caught up); the chain is intact."""
    assert AuditTrail(data_dir).flush()
    with Store.open(database_path(data_dir)) as store:
        log = AuditLog(data_dir, store)
        assert log.verify() == []
        return log.entries()


def open_sign_in(window: MainWindow) -> None:
    window.open_help()
    assert window.help_panel.sign_in.text() == ZH.t("ui.help.volunteer_sign_in")
    window.help_panel.sign_in.click()
    assert window.stack.currentWidget() is window.volunteer_page
