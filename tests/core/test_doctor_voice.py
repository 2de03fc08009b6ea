"""`kiosk doctor --json` names the voice each language is spoken with (espeak-ng's own name, as
the speech worker chooses it), fails a Mandarin voice that reads Chinese through English, and
keeps aplay's words for the technician when there is no sound card."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.deploy.machine_check import Verdict, check_voice
from kiosk.settings import Settings
from tests.helpers.kiosk_and_central import kiosk

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="espeak-ng is not installed")


def _doctor(data_dir: Path) -> dict[str, dict[str, object]]:
    found = json.loads(kiosk(data_dir, "doctor", "--json").stdout)
    return {str(check["check"]): check for check in found["machine"]}


@needs_espeak
def test_doctor_names_the_voice_of_each_language(data_dir: Path) -> None:
    voice = _doctor(data_dir)["voice"]
    assert voice["verdict"] == "pass", voice
    voices = voice["voices"]
    assert isinstance(voices, dict)
    assert voices["zh_CN"]["voice"] == "cmn-latn-pinyin"
    assert voices["en"]["voice"].startswith("en")
    assert "zh_CN: cmn-latn-pinyin" in str(voice["message"])


@needs_espeak
def test_a_mandarin_voice_that_reads_chinese_through_english_fails(data_dir: Path) -> None:
    # The speech worker's answer as it was before the fix (cmn), the rest from this machine.
    def run(argv: list[str]) -> tuple[int, str]:
        if argv[1:3] == ["-m", "kiosk.speech.worker"]:
            return 0, ('{"engine_problem": null, "voices": {"zh_CN": {"voice": "cmn", '
                       '"voice_id": "sit/cmn", "name": "Chinese", "problem": null}}}')
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        return done.returncode, done.stdout
    result = check_voice(Settings.load(data_dir), run)
    assert result.verdict is Verdict.FAIL and "(en)" in result.message
    assert "cmn-latn-pinyin" in result.message                     # what to install instead


@pytest.mark.skipif(shutil.which("aplay") is None, reason="alsa-utils not installed")
def test_doctor_keeps_aplays_words_when_there_is_no_sound_card(data_dir: Path) -> None:
    cards = subprocess.run(["aplay", "-l"], capture_output=True, text=True, check=False)
    if "card " in cards.stdout:
        pytest.skip("this machine has a sound card")
    audio = _doctor(data_dir)["audio"]
    assert audio["verdict"] == "fail"
    assert "speaker" in str(audio["message"]) and "no soundcards found" in str(audio["message"])
