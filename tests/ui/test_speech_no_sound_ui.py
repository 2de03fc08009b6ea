"""No sound card: residents read one plain sentence in their language in the top bar, never
aplay's or ALSA's own English; the technician panel still shows that detail.

The real speech worker and the real `aplay` (this machine has no sound card; where one is
fitted, a card that does not exist, hw:99, gives the same kind of failure).
"""

from __future__ import annotations

import gc
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.i18n import Translator
from kiosk.paths import database_path
from kiosk.speech.process import ProcessSpeaker
from kiosk.store.store import Store
from kiosk.ui.bridges.speech_bridge import SpeechBridge
from kiosk.ui.bridges.tasks import TaskRunner
from kiosk.ui.shell.main_window import MainWindow
from kiosk.ui.technician import TechnicianPanel
from tests.helpers.hosted import show_hosted
from tests.helpers.kiosk_window import WindowFactory
from tests.helpers.phonemes import needs_espeak

pytestmark = [pytest.mark.skipif(shutil.which("aplay") is None, reason="alsa-utils not installed"),
              needs_espeak]
ZH, EN = Translator("zh_CN"), Translator("en")
MACHINE_WORDS = re.compile(r"aplay|ALSA|alsa|audio open|device|error|No such", re.IGNORECASE)


def _player() -> list[str]:
    cards = subprocess.run(["aplay", "-l"], capture_output=True, text=True, check=False)
    return ["aplay", "-q"] if "card " not in cards.stdout else ["aplay", "-q", "-D", "hw:99,0"]


@pytest.fixture
def soundless(qtbot: QtBot, make_window: WindowFactory) -> MainWindow:
    """The window, its speech worker started and its sound test failed."""
    bridge = SpeechBridge(lambda on_event: ProcessSpeaker(on_event, player_command=_player()))
    window = make_window(speech=bridge)
    qtbot.waitUntil(lambda: window.top_bar.status.text() != "", timeout=30_000)
    status = bridge.status()
    assert status is not None and status.engine_available and not status.audio_available
    return window


def test_residents_read_one_plain_sentence_in_their_language(soundless: MainWindow) -> None:
    window = soundless
    shown = window.top_bar.status.text()
    assert shown == ZH.t("speech_voice.no_sound")
    assert window.top_bar.status.isVisible()
    assert window.top_bar.status.accessibleName() == shown
    assert not re.search(r"[A-Za-z]", shown)         # no aplay, no ALSA, no English at all
    window.top_bar.language.click()
    shown = window.top_bar.status.text()
    assert shown == EN.t("speech_voice.no_sound")
    assert not MACHINE_WORDS.search(shown), shown
    window.home.tiles["every_type"].click()          # and the kiosk goes on
    assert window.top_bar.status.text() == shown


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait(30_000)
    gc.collect()   # on the main thread, not on a later test's worker thread


def test_the_technician_panel_shows_aplays_words(qtbot: QtBot, soundless: MainWindow,
                                                 data_dir: Path, tasks: TaskRunner) -> None:
    Store.open(database_path(data_dir)).close()
    panel = TechnicianPanel(data_dir, tasks, "zh_CN", soundless.speech.status, lambda: None,
                            lambda: None)
    show_hosted(qtbot, panel)
    with qtbot.waitSignal(panel.health.loaded, timeout=10_000):
        panel.show_section("health")
    problem = panel.health.values["problem"].text()
    assert "no audio device" in problem and "aplay" in problem, problem
    assert panel.health.values["audio"].text() == ZH.t("tech.health.missing")
    voices = panel.health.values["voices"].text()
    assert "zh_CN: cmn-latn-pinyin" in voices and "en: en" in voices, voices
