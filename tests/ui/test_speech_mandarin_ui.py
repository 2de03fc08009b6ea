"""Numbers as the window says them, through the real espeak-ng with the voices the speech worker
chooses: a tracking number and an ID number are read one digit at a time in both languages
("123" alone would be 一百二十三), the X of an ID number is said 叉 in Chinese, and nothing
switches to another language's voice."""

from __future__ import annotations

import re

from kiosk.spoken_text import for_speech
from kiosk.ui.context import ResidentDefaults
from kiosk.ui.inputs.keypad_input import KeypadInput
from kiosk.ui.main_window import MainWindow
from tests.core.phonemes import LANGUAGE_SWITCH, needs_espeak, phonemes, syllables, voice_in_use
from tests.ui.conftest import WindowFactory, speaker_of
from tests.ui.test_speech_ui import to_question
from tests.ui.walk import RECEIPT

pytestmark = needs_espeak
DIGIT_RUN = re.compile(r"[0-9Xx](?:[ ，,]+[0-9Xx])+")   # "6 0 2 3，7 2 1 7" as spoken


def assert_said_digit_by_digit(said: str, language: str, digits: str) -> None:
    runs = DIGIT_RUN.findall(said)
    assert [re.sub(r"[^0-9Xx]", "", run) for run in runs] == [digits], said
    voice = voice_in_use(language)
    spoken = for_speech(runs[0], language)
    whole, run, *each = phonemes([for_speech(said, language), spoken,
                                  *(for_speech(d, language) for d in digits)], voice)
    assert not LANGUAGE_SWITCH.search(whole), whole
    expected = [s for phoneme in each for s in syllables(phoneme)]
    assert syllables(run) == expected, (run, each)   # one syllable or word per digit
    assert len(expected) == len(digits)


def to_receipt(window: MainWindow) -> str:
    to_question(window, "phone")
    window.question.bar.skip.click()
    window.session.begin_submit()
    window.session.submit_succeeded(RECEIPT)
    return speaker_of(window).last()


def test_the_receipt_number_is_read_digit_by_digit_in_mandarin(
        make_window: WindowFactory) -> None:
    window = make_window()
    assert_said_digit_by_digit(to_receipt(window), "zh_CN", RECEIPT.tracking_number)


def test_the_receipt_number_is_read_digit_by_digit_in_english(
        make_window: WindowFactory) -> None:
    window = make_window()
    window.top_bar.language.click()
    said = to_receipt(window)
    assert speaker_of(window).spoken[-1][2] == "en"
    assert_said_digit_by_digit(said, "en", RECEIPT.tracking_number)


def test_an_id_number_on_a_headset_is_read_digit_by_digit_and_x_is_cha(
        make_window: WindowFactory) -> None:
    window = make_window(defaults=ResidentDefaults(private_listening=True))
    to_question(window, "id_number")
    entry = window.question.input
    assert isinstance(entry, KeypadInput)
    entry.type_keys("11010519491231002X")
    said = speaker_of(window).last()
    assert_said_digit_by_digit(said, "zh_CN", "11010519491231002X")
    assert for_speech(said, "zh_CN").endswith("叉")
