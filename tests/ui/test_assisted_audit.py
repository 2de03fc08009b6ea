"""Who helped is visible on the kiosk: an application finished while a
volunteer is signed in is named in the audit trail (`kiosk audit list`), between the sign-in
and the sign-out, and `kiosk queue show --json` says who assisted. No personal data in either."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from pytestqt.qtbot import QtBot

from kiosk.cli import main
from kiosk.domain.catalog import Catalog
from kiosk.domain.samples import SAMPLE_ID_NUMBER
from kiosk.domain.session import Step
from kiosk.ui.bridges.audit_trail import AuditTrail
from tests.helpers.kiosk_window import VOLUNTEER_ID, WindowFactory, wait_for_step
from tests.helpers.resident_steps import NAME, answer_all, start
from tests.helpers.screen_walk import sign_in
from tests.helpers.volunteer_steps import open_sign_in


def kiosk_json(data_dir: Path, *args: str) -> object:
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_audit_list_names_the_application_a_volunteer_helped_with(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog, badge_code: str,
        data_dir: Path) -> None:
    window = make_window(catalog=catalog)
    open_sign_in(window)
    sign_in(window, badge_code)
    assert window.volunteer is not None
    start(window, "elderly_allowance")
    window.sensitive_consent.agree.click()
    answer_all(window)
    window.review.bar.next.click()
    wait_for_step(qtbot, window, Step.RECEIPT)
    receipt = window.session.view.receipt
    assert receipt is not None
    window.sign_out_volunteer()
    assert AuditTrail(data_dir).flush()

    entries = kiosk_json(data_dir, "audit", "list")
    assert isinstance(entries, list)
    assert [(e["actor"], e["action"]) for e in entries] == [
        (VOLUNTEER_ID, "sign_in"), (VOLUNTEER_ID, "assisted_application"),
        (VOLUNTEER_ID, "sign_out")]
    assert entries[1]["detail"] == {"tracking_number": receipt.tracking_number,
                                    "application": receipt.application_id}
    text = CliRunner().invoke(main, ["--data-dir", str(data_dir), "audit", "list"]).output
    assert receipt.tracking_number in text
    for secret in (NAME, SAMPLE_ID_NUMBER):
        assert secret not in text

    shown = kiosk_json(data_dir, "queue", "show", receipt.tracking_number)
    assert isinstance(shown, dict) and shown["assisted_by"] == VOLUNTEER_ID


def test_an_application_without_a_volunteer_adds_no_audit_entry(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog, data_dir: Path) -> None:
    window = make_window(catalog=catalog)
    start(window, "elderly_allowance")
    window.sensitive_consent.agree.click()
    answer_all(window)
    window.review.bar.next.click()
    wait_for_step(qtbot, window, Step.RECEIPT)
    receipt = window.session.view.receipt
    assert receipt is not None
    assert AuditTrail(data_dir).flush()
    assert kiosk_json(data_dir, "audit", "list") == []
    shown = kiosk_json(data_dir, "queue", "show", receipt.tracking_number)
    assert isinstance(shown, dict) and shown["assisted_by"] is None
