"""The technician panel's queue after a proxy refused every request with 413:
the last error says, in the panel's language, that nothing was set aside and what to ask for,
followed by the exact words `kiosk sync` recorded."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytestqt.qtbot import QtBot

from kiosk.cli import main
from kiosk.domain.catalog import Catalog
from kiosk.paths import database_path
from kiosk.store.store import Store
from kiosk.ui.bridges.tasks import TaskRunner
from kiosk.ui.technician import TechnicianPanel
from tests.helpers.fault_proxy import FaultProxy, Mode
from tests.helpers.hosted import show_hosted
from tests.helpers.kiosk_and_central import start_central
from tests.helpers.sync_setup import configure, queue

SIGNAL_MS = 10_000


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait(30_000)
    gc.collect()  # widget wrappers freed here, on the main thread


@pytest.mark.parametrize(("language", "words"), [
    ("zh_CN", "一份也没有作废"),
    ("en", "None is set aside"),
])
def test_the_queue_says_a_proxy_refused_and_nothing_was_set_aside(
        qtbot: QtBot, tasks: TaskRunner, data_dir: Path, catalog: Catalog, tmp_path: Path,
        language: str, words: str) -> None:
    with Store.open(database_path(data_dir)) as store:
        queue(store, catalog, 3)
    with start_central(tmp_path / "central") as central, FaultProxy(central.port) as proxy:
        configure(data_dir, proxy.url, "hall-13", central.storage.add_kiosk("hall-13"))
        proxy.set_fault(Mode.PROXY_413)
        synced = CliRunner().invoke(main, ["--data-dir", str(data_dir), "sync"])
    assert synced.exit_code == 1, synced.output

    panel = TechnicianPanel(data_dir, tasks, language, lambda: None, lambda: None, lambda: None)
    show_hosted(qtbot, panel)
    with qtbot.waitSignal(panel.queue.loaded, timeout=SIGNAL_MS):
        panel.show_section("queue")
    shown = panel.queue.fact_labels["last_error"].text()
    assert words in shown and "5 MB" in shown
    assert "not the central itself" in shown  # the recorded detail follows
    assert panel.queue.count_labels["quarantined"].text() == "0"
    assert panel.queue.count_labels["queued"].text() == "3"
