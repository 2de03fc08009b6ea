"""The technician panel: the hidden gate, the PIN, and each section against real files, a real
database and a real central on loopback. Tests wait on signals; the tap clock is injected."""

from __future__ import annotations

import gc
import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.paths import assets_dir, database_path
from kiosk.privacy.audit import AuditLog
from kiosk.privacy.technician_pin import TechnicianPin
from kiosk.settings import Settings
from kiosk.speech.api import SpeechStatus
from kiosk.store.store import Store
from kiosk.sync.control import paused_since
from kiosk.sync.diagnosis import Diagnosis
from kiosk.ui.bridges.audit_trail import AuditTrail
from kiosk.ui.bridges.tasks import TaskRunner
from kiosk.ui.technician import (
    PinDialog,
    TechnicianGate,
    TechnicianOverlay,
    TechnicianPanel,
    open_technician_flow,
)
from tests.helpers.hosted import show_hosted
from tests.helpers.kiosk_and_central import start_central

PIN = "2468"
SIGNAL_MS = 10_000


def audited(data_dir: Path) -> list[tuple[str, dict[str, object]]]:
    """(action, detail) of each audit entry, once written; all role technician, actor panel,
    and the hash chain intact."""
    assert AuditTrail(data_dir).flush()
    with Store.open(database_path(data_dir)) as store:
        log = AuditLog(data_dir, store)
        assert log.verify() == []
        entries = log.entries()
    assert {(e["role"], e["actor"]) for e in entries} <= {("technician", "panel")}
    return [(e["action"], e["detail"]) for e in entries]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Wakes:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait(30_000)
    # Collect cycles of widget wrappers here, on the main thread: a collection that happens to
    # run on a later test's worker thread must not be the one to free this runner.
    gc.collect()


@pytest.fixture
def prepared_dir(data_dir: Path) -> Path:
    Store.open(database_path(data_dir)).close()
    return data_dir


@pytest.fixture
def wakes() -> Wakes:
    return Wakes()


SPEECH = SpeechStatus(engine_available=True, audio_available=False,
                      voice_by_language={"zh_CN": "cmn"}, problem="no sound card found")
PanelFactory = Callable[..., TechnicianPanel]


@pytest.fixture
def make_panel(qtbot: QtBot, prepared_dir: Path, tasks: TaskRunner, wakes: Wakes) -> PanelFactory:
    def make(language: str = "zh_CN", speech: SpeechStatus | None = SPEECH) -> TechnicianPanel:
        panel = TechnicianPanel(prepared_dir, tasks, language, lambda: speech, lambda: None,
                                wakes)
        show_hosted(qtbot, panel)
        return panel
    return make


def loaded_panel(qtbot: QtBot, make_panel: PanelFactory) -> TechnicianPanel:
    panel = make_panel()  # its settings arrive from a worker, through the event loop
    with qtbot.waitSignal(panel.connection.loaded, timeout=SIGNAL_MS):
        pass
    return panel


# -- the gate ----------------------------------------------------------------------------------
@pytest.fixture
def gated(qtbot: QtBot) -> tuple[QWidget, TechnicianGate, FakeClock]:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(800, 600)
    child = QLineEdit(window)
    child.setGeometry(0, 0, 300, 60)  # a child under the corner: a tap on it still counts once
    window.show()
    clock = FakeClock()
    gate = TechnicianGate(clock, parent=window)
    gate.install(window)
    return window, gate, clock


def tap_corner(qtbot: QtBot, window: QWidget, clock: FakeClock, times: int, gap_s: float,
               ) -> None:
    target = window.childAt(QPoint(20, 20)) or window
    for _ in range(times):
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
        clock.now += gap_s


def test_gate_opens_on_ctrl_alt_t(qtbot: QtBot, gated: tuple[QWidget, TechnicianGate, FakeClock]
                                  ) -> None:
    window, gate, _clock = gated
    window.findChild(QLineEdit).setFocus()
    with qtbot.waitSignal(gate.requested, timeout=1000):
        qtbot.keyClick(window.findChild(QLineEdit), Qt.Key.Key_T,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)


def test_gate_ignores_plain_t_and_ctrl_t(qtbot: QtBot,
                                         gated: tuple[QWidget, TechnicianGate, FakeClock]) -> None:
    window, gate, _clock = gated
    with qtbot.assertNotEmitted(gate.requested):
        qtbot.keyClick(window, Qt.Key.Key_T)
        qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)


def test_gate_opens_on_five_corner_taps_within_three_seconds(
        qtbot: QtBot, gated: tuple[QWidget, TechnicianGate, FakeClock]) -> None:
    window, gate, clock = gated
    with qtbot.waitSignal(gate.requested, timeout=1000):
        tap_corner(qtbot, window, clock, 5, gap_s=0.6)  # the 5th tap 2.4 s after the first


def test_gate_stays_shut_on_four_taps(qtbot: QtBot,
                                      gated: tuple[QWidget, TechnicianGate, FakeClock]) -> None:
    window, gate, clock = gated
    with qtbot.assertNotEmitted(gate.requested):
        tap_corner(qtbot, window, clock, 4, gap_s=0.2)


def test_gate_stays_shut_on_slow_taps(qtbot: QtBot,
                                      gated: tuple[QWidget, TechnicianGate, FakeClock]) -> None:
    window, gate, clock = gated
    with qtbot.assertNotEmitted(gate.requested):
        tap_corner(qtbot, window, clock, 8, gap_s=1.0)  # never 5 within 3 s


def test_a_tap_elsewhere_starts_the_count_again(
        qtbot: QtBot, gated: tuple[QWidget, TechnicianGate, FakeClock]) -> None:
    window, gate, clock = gated
    with qtbot.assertNotEmitted(gate.requested):
        tap_corner(qtbot, window, clock, 3, gap_s=0.1)
        qtbot.mouseClick(window, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
        tap_corner(qtbot, window, clock, 3, gap_s=0.1)


# -- the PIN -----------------------------------------------------------------------------------
@pytest.fixture
def pin_dialog(qtbot: QtBot, prepared_dir: Path, tasks: TaskRunner) -> PinDialog:
    TechnicianPin(prepared_dir).set_pin(PIN)
    dialog = PinDialog(prepared_dir, tasks, "zh_CN")
    show_hosted(qtbot, dialog)
    return dialog


def enter(qtbot: QtBot, dialog: PinDialog, pin: str) -> object:
    for digit in pin:
        qtbot.mouseClick(dialog.keys[digit], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.checked, timeout=SIGNAL_MS) as blocker:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_the_right_pin_unlocks(qtbot: QtBot, pin_dialog: PinDialog, prepared_dir: Path) -> None:
    with qtbot.waitSignal(pin_dialog.unlocked, timeout=SIGNAL_MS):
        enter(qtbot, pin_dialog, PIN)
    assert PIN not in pin_dialog.display.text()
    assert audited(prepared_dir) == [("pin_ok", {})]


def test_wrong_pins_count_down_then_lock_and_refuse_the_right_one(
        qtbot: QtBot, pin_dialog: PinDialog, prepared_dir: Path) -> None:
    for left in (4, 3, 2, 1):
        enter(qtbot, pin_dialog, "1111")
        assert f"还可以试 {left} 次" in pin_dialog.message_text
        assert pin_dialog.display.text() == "请点数字"  # cleared, never shown
    enter(qtbot, pin_dialog, "1111")
    assert "已锁定，请 5 分钟后再试" in pin_dialog.message_text
    with qtbot.assertNotEmitted(pin_dialog.unlocked):
        result = enter(qtbot, pin_dialog, PIN)
    assert not result.ok and result.locked_for_seconds > 0  # type: ignore[attr-defined]
    assert "已锁定" in pin_dialog.message_text
    actions = audited(prepared_dir)
    assert actions[:4] == [("pin_wrong", {"attempts_left": n}) for n in (4, 3, 2, 1)]
    assert [a for a, _d in actions[4:]] == ["pin_locked", "pin_locked"]
    assert PIN not in (prepared_dir / "audit" / "audit.jsonl").read_text()


def test_a_kiosk_without_a_pin_says_how_to_set_one(qtbot: QtBot, prepared_dir: Path,
                                                    tasks: TaskRunner) -> None:
    dialog = PinDialog(prepared_dir, tasks, "zh_CN")
    qtbot.addWidget(dialog)
    enter(qtbot, dialog, "1234")
    assert "kiosk technician set-pin" in dialog.message_text
    assert audited(prepared_dir) == [("pin_not_set", {})]


# -- connection settings -----------------------------------------------------------------------
def fill(panel: TechnicianPanel, **values: str) -> None:
    for key, value in values.items():
        panel.connection.edits[key.replace("__", ".")].setText(value)


def test_saving_settings_writes_them_and_wakes_sync(qtbot: QtBot, make_panel: PanelFactory,
                                                    prepared_dir: Path, wakes: Wakes) -> None:
    panel = loaded_panel(qtbot, make_panel)
    fill(panel, central__url="https://county.example/", central__kiosk_id="hall-07",
         central__token="tk_secret", sync__interval_seconds="45")
    with qtbot.waitSignal(panel.connection.saved, timeout=SIGNAL_MS) as blocker:
        qtbot.mouseClick(panel.connection.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [True]
    settings = Settings.load(prepared_dir)
    assert settings.get("central.url") == "https://county.example"
    assert settings.get("central.kiosk_id") == "hall-07"
    assert settings.get("central.token") == "tk_secret"
    assert settings.get("sync.interval_seconds") == 45.0
    assert wakes.count == 1
    assert audited(prepared_dir) == [("settings_saved", {"keys": [
        "central.kiosk_id", "central.token", "central.url", "sync.interval_seconds"]})]
    assert "tk_secret" not in (prepared_dir / "audit" / "audit.jsonl").read_text()
    fill(panel, central__kiosk_id="hall-08")  # again: only what changed is named
    with qtbot.waitSignal(panel.connection.saved, timeout=SIGNAL_MS):
        qtbot.mouseClick(panel.connection.save_button, Qt.MouseButton.LeftButton)
    assert audited(prepared_dir)[-1] == ("settings_saved", {"keys": ["central.kiosk_id"]})
    token = panel.connection.edits["central.token"]
    assert token.echoMode() is QLineEdit.EchoMode.Password
    panel.connection.show_token.click()
    assert token.echoMode() is QLineEdit.EchoMode.Normal


def test_an_invalid_url_is_explained_beside_it_and_nothing_is_saved(
        qtbot: QtBot, make_panel: PanelFactory, prepared_dir: Path, wakes: Wakes) -> None:
    panel = loaded_panel(qtbot, make_panel)
    fill(panel, central__url="county.example", central__kiosk_id="hall-07")
    with qtbot.waitSignal(panel.connection.saved, timeout=SIGNAL_MS) as blocker:
        qtbot.mouseClick(panel.connection.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [False]
    error = panel.connection.errors["central.url"]
    assert error.isVisibleTo(panel)
    assert "http:// 或 https://" in error.text()
    assert "must start with http:// or https://" in error.text()
    assert not panel.connection.errors["central.kiosk_id"].isVisibleTo(panel)
    assert Settings.load(prepared_dir).get("central.kiosk_id") == ""
    assert not Settings.load(prepared_dir).path.exists()
    assert wakes.count == 0
    assert audited(prepared_dir) == []   # nothing was saved, so nothing to record


# -- test connection against a real central ----------------------------------------------------
def configure(data_dir: Path, url: str, kiosk_id: str, token: str) -> None:
    settings = Settings.load(data_dir)
    settings.set("central.url", url)
    settings.set("central.kiosk_id", kiosk_id)
    settings.set("central.token", token)


def run_test(qtbot: QtBot, panel: TechnicianPanel) -> Diagnosis:
    panel.show_section("test")
    with qtbot.waitSignal(panel.test.finished, timeout=60_000) as blocker:
        qtbot.mouseClick(panel.test.run_button, Qt.MouseButton.LeftButton)
        assert panel.test.running  # the UI is free while the worker tests
    result: Diagnosis = blocker.args[0]
    return result


def verdicts(panel: TechnicianPanel) -> dict[str, str]:
    return {step: panel.test.result_for(step).text() for step in panel.test.rows}


def test_test_connection_passes_against_a_real_central(
        qtbot: QtBot, make_panel: PanelFactory, prepared_dir: Path, tmp_path: Path) -> None:
    with start_central(tmp_path / "central") as central:
        token = central.storage.add_kiosk("hall-01")
        configure(prepared_dir, central.url, "hall-01", token)
        panel = make_panel()
        diagnosis = run_test(qtbot, panel)
    assert diagnosis.ok
    assert verdicts(panel) == {"address": "正常", "network": "正常", "tls": "注意",
                               "credentials": "正常", "sending": "正常", "clock": "正常"}
    assert panel.test.rows["tls"].badge.text() == "!"
    assert "https" in panel.test.rows["tls"].advice.text()  # http is fine only in the hall
    assert panel.test.rows["credentials"].badge.text() == "✓"
    assert "hall-01" in panel.test.rows["credentials"].message.text()
    assert panel.test.verdict.text().startswith("!")
    assert audited(prepared_dir) == [("connection_test", {"ok": True, "failed_steps": []})]


def test_test_connection_with_a_wrong_token_fails_at_credentials(
        qtbot: QtBot, make_panel: PanelFactory, prepared_dir: Path, tmp_path: Path) -> None:
    with start_central(tmp_path / "central") as central:
        central.storage.add_kiosk("hall-01")
        configure(prepared_dir, central.url, "hall-01", "tk_not-the-token")
        panel = make_panel()
        diagnosis = run_test(qtbot, panel)
    assert not diagnosis.ok
    shown = verdicts(panel)
    assert shown["credentials"] == "有问题" and shown["clock"] == "没有检查"
    assert panel.test.rows["credentials"].badge.text() == "✗"
    assert "重新登记" in panel.test.rows["credentials"].advice.text()
    assert panel.test.verdict.text().startswith("✗")
    assert audited(prepared_dir) == [("connection_test", {"ok": False,
                                                          "failed_steps": ["credentials"]})]


# -- queue -------------------------------------------------------------------------------------
def test_queue_shows_counts_and_a_quarantined_record_and_retry_requeues_it(
        qtbot: QtBot, make_panel: PanelFactory, prepared_dir: Path, wakes: Wakes) -> None:
    with Store.open(database_path(prepared_dir)) as store:
        store.save_answers("elderly_allowance", "v1", {"full_name": "王秀英"}, {}, "zh_CN")
        bad = store.save_answers("elderly_allowance", "v1", {"full_name": "李四"}, {}, "zh_CN")
        store.quarantine(bad.application_id, "id_number: check digit does not match")
        store.set_meta({"last_error": "central unreachable"})
    panel = make_panel()
    with qtbot.waitSignal(panel.queue.loaded, timeout=SIGNAL_MS):
        panel.show_section("queue")
    assert panel.queue.count_labels["queued"].text() == "1"
    assert panel.queue.count_labels["quarantined"].text() == "1"
    assert panel.queue.fact_labels["last_error"].text() == "central unreachable"
    assert panel.queue.fact_labels["oldest"].text() in ("不到 1 分钟", "1 分钟")
    assert panel.queue.fact_labels["catalog"].text() not in ("", "–")
    [row] = panel.queue.rows
    assert row.record.tracking_number == bad.tracking_number
    assert "check digit" in row.record.reason

    with qtbot.waitSignal(panel.queue.inspected, timeout=SIGNAL_MS) as blocker:
        qtbot.mouseClick(row.inspect, Qt.MouseButton.LeftButton)
    shown = panel.queue.details.text.text()
    assert blocker.args[0].summary["tracking_number"] == bad.tracking_number
    assert "quarantined" in shown and "check digit" in shown
    assert "李四" not in shown and "full_name" not in shown  # never the answers

    with qtbot.waitSignal(panel.queue.loaded, timeout=SIGNAL_MS):  # retry, then refresh
        qtbot.mouseClick(row.retry, Qt.MouseButton.LeftButton)
    with Store.open(database_path(prepared_dir)) as store:
        assert store.get(bad.application_id).state == "queued"  # type: ignore[union-attr]
    assert wakes.count == 1
    assert panel.queue.rows == []
    assert panel.queue.count_labels["queued"].text() == "2"
    assert audited(prepared_dir) == [("retry_quarantined", {"application": bad.application_id,
                                                            "requeued": True})]


# -- sync control ------------------------------------------------------------------------------
def test_pause_and_resume_toggle_the_stored_pause(qtbot: QtBot, make_panel: PanelFactory,
                                                   prepared_dir: Path, wakes: Wakes) -> None:
    panel = make_panel()
    with qtbot.waitSignal(panel.sync.changed, timeout=SIGNAL_MS):
        panel.show_section("sync")
    assert panel.sync.state.text() == "● 正在自动发送"
    with qtbot.waitSignal(panel.sync.changed, timeout=SIGNAL_MS):
        qtbot.mouseClick(panel.sync.pause_button, Qt.MouseButton.LeftButton)
    with Store.open(database_path(prepared_dir)) as store:
        assert paused_since(store) is not None
    assert panel.sync.state.text().startswith("‖ 已暂停")
    assert panel.sync.resume_button.isEnabled() and not panel.sync.pause_button.isEnabled()
    with qtbot.waitSignal(panel.sync.changed, timeout=SIGNAL_MS):
        qtbot.mouseClick(panel.sync.resume_button, Qt.MouseButton.LeftButton)
    with Store.open(database_path(prepared_dir)) as store:
        assert paused_since(store) is None
    assert wakes.count == 2
    assert audited(prepared_dir) == [("sync_paused", {}), ("sync_resumed", {})]


# -- health ------------------------------------------------------------------------------------
def test_health_shows_disk_space_and_the_speech_problem(qtbot: QtBot,
                                                        make_panel: PanelFactory) -> None:
    panel = make_panel()
    with qtbot.waitSignal(panel.health.loaded, timeout=SIGNAL_MS):
        panel.show_section("health")
    assert panel.health.values["problem"].text() == "no sound card found"
    assert panel.health.values["audio"].text() == "✗ 不能用"
    assert panel.health.values["engine"].text() == "✓ 正常"
    assert re.search(r"\d+\.\d GB", panel.health.values["disk"].text())
    assert panel.health.values["catalog"].text() not in ("", "–")


def test_health_without_speech_status_says_so_in_english(qtbot: QtBot,
                                                         make_panel: PanelFactory) -> None:
    panel = make_panel("en", speech=None)
    with qtbot.waitSignal(panel.health.loaded, timeout=SIGNAL_MS):
        panel.show_section("health")
    assert "not known" in panel.health.values["problem"].text()
    assert "GB" in panel.health.values["disk"].text()


# -- the whole way in and out ------------------------------------------------------------------
class KeySpy(QObject):
    """Stands in for the resident window's keyboard filter."""

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self.root, self.keys = root, 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(watched, QWidget)
                and self.root.isAncestorOf(watched)):
            self.keys += 1
        return False


def test_flow_asks_the_pin_then_shows_the_panel_and_close_returns(
        qtbot: QtBot, prepared_dir: Path, tasks: TaskRunner, wakes: Wakes) -> None:
    TechnicianPin(prepared_dir).set_pin(PIN)
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    spy = KeySpy(window)
    QApplication.instance().installEventFilter(spy)  # type: ignore[union-attr]
    try:
        open_technician_flow(window, data_dir=prepared_dir, tasks=tasks, language="zh_CN",
                             speech_status=lambda: None, wake_sync=wakes)
        overlay = window.findChild(TechnicianOverlay)
        assert overlay is not None and overlay.geometry() == window.rect()
        dialog = overlay.pin_dialog
        assert dialog is not None
        for digit in PIN:
            qtbot.keyClick(dialog, digit)  # a USB keyboard, kept from the resident filter
        assert spy.keys == 0
        with qtbot.waitSignal(dialog.unlocked, timeout=SIGNAL_MS):
            qtbot.keyClick(dialog, Qt.Key.Key_Return)
        assert overlay.panel is not None and overlay.panel.isVisible()
        open_technician_flow(window, data_dir=prepared_dir, tasks=tasks, language="zh_CN",
                             speech_status=lambda: None, wake_sync=wakes)
        assert len(window.findChildren(TechnicianOverlay)) == 1
        with qtbot.waitSignal(overlay.closed, timeout=1000):
            qtbot.mouseClick(overlay.panel.close_button, Qt.MouseButton.LeftButton)
        assert not overlay.isVisible()
    finally:
        QApplication.instance().removeEventFilter(spy)  # type: ignore[union-attr]


def test_the_overlay_closes_itself_when_left_alone(qtbot: QtBot, prepared_dir: Path,
                                                   tasks: TaskRunner, wakes: Wakes) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    open_technician_flow(window, data_dir=prepared_dir, tasks=tasks, language="zh_CN",
                         speech_status=lambda: None, wake_sync=wakes, idle_close_ms=50)
    overlay = window.findChild(TechnicianOverlay)
    assert overlay is not None
    with qtbot.waitSignal(overlay.closed, timeout=5000):
        pass


# -- words -------------------------------------------------------------------------------------
def _messages(language: str) -> dict[str, str]:
    from kiosk.i18n import _flatten

    path = assets_dir() / "i18n" / language / "technician.toml"
    return _flatten(tomllib.loads(path.read_text(encoding="utf-8")))


def test_every_technician_word_is_in_both_languages() -> None:
    zh, en = _messages("zh_CN"), _messages("en")
    assert set(zh) == set(en)
    assert all(key.startswith("tech.") for key in zh)
    source = "\n".join(p.read_text(encoding="utf-8") for p in
                       (Path(__file__).parents[2] / "kiosk" / "ui" / "technician").glob("*.py"))
    used = set(re.findall(r"""["'](tech\.[a-z_]+\.[a-z_.]+)["']""", source))
    assert used - set(zh) == set()
