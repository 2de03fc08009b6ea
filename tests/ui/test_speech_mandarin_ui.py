"""Numbers as the window says them, through the real espeak-ng with the voices the speech worker
chooses: a tracking number and an ID number are read one digit at a time in both languages
("123" alone would be 一百二十三), the X of an ID number is said 叉 in Chinese, and nothing
switches to another language's voice."""

from __future__ import annotations

import re
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.domain import tracking
from kiosk.i18n import Translator
from kiosk.speech.spoken_text import for_speech
from kiosk.ui.inputs.keypad_input import KeypadInput
from kiosk.ui.shell.context import ResidentDefaults
from kiosk.ui.shell.main_window import MainWindow
from tests.helpers.kiosk_window import WindowFactory, speaker_of
from tests.helpers.phonemes import LANGUAGE_SWITCH, needs_espeak, phonemes, syllables, voice_in_use
from tests.helpers.resident_steps import to_question
from tests.helpers.screen_walk import RECEIPT
from tests.helpers.volunteer_steps import open_today, saved, signed_in

pytestmark = needs_espeak
ZH = Translator("zh_CN")
DIGIT_RUN = re.compile(r"[0-9X叉](?:[ ，,]+[0-9X叉])+")   # "6 0 2 3，7 2 1 7" as spoken


def assert_said_digit_by_digit(said: str, language: str, digits: str) -> None:
    """`said` (what the window asked to be said) reaches the voice with `digits` as one run,
    read as one syllable or word per digit, and with no switch of language."""
    spoken = for_speech(said, language)           # what the speech worker gives the voice
    runs = DIGIT_RUN.findall(spoken)
    assert [re.sub(r"[^0-9X叉]", "", run).replace("叉", "X") for run in runs] == [digits], spoken
    voice = voice_in_use(language)
    whole, run, *each = phonemes([spoken, runs[0], *(for_speech(d, language) for d in digits)],
                                 voice)
    assert not LANGUAGE_SWITCH.search(whole), whole
    expected = [s for phoneme in each for s in syllables(phoneme)]
    assert syllables(run) == expected, (run, each)
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


def test_a_reprinted_receipts_number_is_read_digit_by_digit_too(
        qtbot: QtBot, make_window: WindowFactory, badge_code: str, db_path: Path) -> None:
    # 今天办的事 says "正在补打 6023 7217 4343 的凭条": the screen's groups, which the voice
    # would read as 六千零二十三…, are spoken one digit at a time (kiosk.speech.spoken_text).
    number = saved(db_path, None)
    window = make_window()
    signed_in(window, badge_code)
    open_today(qtbot, window)
    window.pages.today.reprint_buttons[number].click()
    shown = tracking.grouped(number)                              # as the screen shows it
    busy = next(text for _uid, text, _lang in speaker_of(window).spoken if shown in text)
    assert busy == ZH.t("receipts.today.reprint_busy", number=shown)
    assert_said_digit_by_digit(busy, "zh_CN", number)
    qtbot.waitUntil(window.pages.today.error.isVisible, timeout=15_000)   # no printer: a PDF
