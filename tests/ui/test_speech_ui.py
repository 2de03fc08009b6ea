"""The kiosk speaks every screen, its options, errors and the receipt; keeps personal data off
the loudspeaker; Repeat and Help work everywhere; any touch cuts speech off; the resident's
rate and volume last one session; a speech problem shows residents one plain sentence."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.domain.samples import SAMPLE_ID_NUMBER
from kiosk.domain.session import Step
from kiosk.i18n import Translator
from kiosk.speech.api import RateStep
from kiosk.ui.inputs.keypad_input import KeypadInput
from kiosk.ui.shell.context import ResidentDefaults
from tests.helpers.kiosk_window import WindowFactory, speaker_of, wait_for_step
from tests.helpers.resident_steps import to_question
from tests.helpers.screen_walk import RECEIPT

ZH, EN = Translator("zh_CN"), Translator("en")


def test_each_screen_speaks_its_title_question_and_options(make_window: WindowFactory) -> None:
    window = make_window()
    speaker = speaker_of(window)
    assert ZH.t("ui.home.title") in speaker.last() and "测试服务" in speaker.last()
    window.home.tiles["every_type"].click()
    assert "我们会记下您填的内容。" in speaker.last()
    to_question(window, "village")
    said = speaker.last()
    assert said.startswith("您住哪个村？") and "东湾村" in said and "其他村" in said
    assert all(language == "zh_CN" for _uid, _text, language in speaker.spoken)


def test_an_error_is_spoken_first_then_the_question(make_window: WindowFactory) -> None:
    window = make_window()
    to_question(window, "id_number")
    window.question.input.set_raw("110105194912310021")  # type: ignore[union-attr]
    window.question.bar.next.click()
    said = speaker_of(window).last()
    assert said.startswith(ZH.t("error.id_number.checksum"))
    assert "您的身份证号码是多少？" in said


def test_id_numbers_are_never_read_aloud_only_counted(make_window: WindowFactory) -> None:
    window = make_window()
    speaker = speaker_of(window)
    to_question(window, "id_number")
    entry = window.question.input
    assert isinstance(entry, KeypadInput)
    entry.type_keys(SAMPLE_ID_NUMBER)
    assert speaker.last() == ZH.t("ui.speech.entered_count", count=18)
    window.question.bar.next.click()
    while window.session.step is Step.QUESTION:
        field = window.session.view.field
        assert field is not None
        raw = {"birth_date": "1949-12-31", "village": "shiqiao", "has_pension": False,
               "household_size": "3", "phone": "13800138000"}[field.id]
        window.question.input.set_raw(raw)  # type: ignore[union-attr]
        window.question.bar.next.click()
    review = speaker.last()
    assert "身份证号码：已输入 18 位" in review and "电话：已输入 11 位" in review
    everything = " ".join(speaker.texts()).replace(" ", "")
    assert SAMPLE_ID_NUMBER[:6] not in everything and "13800138000" not in everything
    assert "19491231" not in everything


def test_a_headset_may_hear_the_digits(make_window: WindowFactory) -> None:
    window = make_window(defaults=ResidentDefaults(private_listening=True))
    to_question(window, "id_number")
    entry = window.question.input
    assert isinstance(entry, KeypadInput)
    entry.type_keys("1101")
    assert speaker_of(window).last() == ZH.t("ui.speech.entered", text="1 1 0 1")


def test_the_receipt_reads_the_number_digit_by_digit_and_what_to_do(
        make_window: WindowFactory) -> None:
    window = make_window()
    to_question(window, "phone")
    window.question.bar.skip.click()
    window.session.begin_submit()
    assert speaker_of(window).last() == ZH.t("ui.review.saving")
    window.session.submit_succeeded(RECEIPT)
    said = speaker_of(window).last()
    assert "6 0 2 3，7 2 1 7，4 3 4 3" in said
    assert ZH.t("ui.receipt.next_hint") in said


def test_repeat_and_help_on_every_screen_by_button_and_key(
        qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    speaker = speaker_of(window)
    for screen in ("home", "consent", "question"):
        if screen == "consent":
            window.home.tiles["every_type"].click()
        if screen == "question":
            window.consent.bar.next.click()
        before = len(speaker.spoken)
        window.current_screen().bar.repeat.click()
        assert len(speaker.spoken) == before + 1
        assert speaker.last() == window.current_screen().spoken(window.ctx)
        QTest.keyClick(window, Qt.Key.Key_F2)
        assert speaker.last() == window.current_screen().spoken(window.ctx)
    window.top_bar.help.click()
    assert window.stack.currentWidget() is window.help_panel
    assert "写身份证上的名字。" in speaker.last()  # the help of the current question
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.question
    QTest.keyClick(window, Qt.Key.Key_F1)
    assert window.stack.currentWidget() is window.help_panel


def test_any_key_or_touch_cuts_speech_off(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    speaker = speaker_of(window)
    stops = speaker.stops
    qtbot.mouseClick(window.home.tiles["every_type"], Qt.MouseButton.LeftButton)
    assert speaker.stops > stops
    stops = speaker.stops
    QTest.keyClick(window, Qt.Key.Key_Tab)
    assert speaker.stops > stops


def test_rate_and_volume_are_the_residents_until_the_session_ends(
        make_window: WindowFactory) -> None:
    window = make_window()
    window.home.tiles["every_type"].click()
    window.open_help()
    window.help_panel.rate_buttons[0].click()
    window.help_panel.volume_buttons[0].click()
    status = window.speech.status()
    assert status is not None and status.rate is RateStep.SLOW and status.volume < 1.0
    window.close_overlay()
    window.consent.bar.back.click()  # 不同意: home, and the next resident
    status = window.speech.status()
    assert status is not None and status.rate is RateStep.NORMAL and status.volume == 1.0


def test_the_voice_follows_the_language(make_window: WindowFactory) -> None:
    window = make_window()
    window.top_bar.language.click()
    _uid, text, language = speaker_of(window).spoken[-1]
    assert language == "en" and text.startswith(EN.t("ui.home.title"))


def test_speech_problems_show_for_the_technician_and_the_kiosk_goes_on(
        make_window: WindowFactory) -> None:
    window = make_window(speech_problem="no audio device: aplay failed")
    assert window.top_bar.status.text() == ZH.t("speech_voice.no_sound")  # not aplay's words
    assert window.top_bar.status.isVisible()
    assert window.speech.problem == "no audio device: aplay failed"   # for the technician
    window.home.tiles["every_type"].click()
    assert window.session.step is Step.CONSENT


def test_timeout_warning_is_spoken(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    window.home.tiles["every_type"].click()
    window.show_timeout_warning()
    assert speaker_of(window).last().startswith(ZH.t("ui.timeout.title"))
    window.extend_time()
    wait_for_step(qtbot, window, Step.CONSENT)
