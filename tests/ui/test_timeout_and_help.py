"""Time-outs (a spoken, visible count-down, unlimited extensions, then nothing personal left),
calling a volunteer (a clear signal and a recorded request), and each resident starting afresh."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.domain.samples import SAMPLE_ID_NUMBER, SAMPLE_PHONE
from kiosk.domain.session import Step
from kiosk.i18n import Translator
from kiosk.store.store import Store
from kiosk.ui.app import volunteer_recorder
from kiosk.ui.shell.context import ResidentDefaults
from tests.helpers.kiosk_window import WindowFactory, speaker_of
from tests.helpers.resident_steps import NAME, every_text, fill_in_personal_data

ZH = Translator("zh_CN")
QUICK = ResidentDefaults(idle_timeout_s=0.05, idle_warning_s=20)


def test_quiet_spell_warns_counts_down_extends_then_clears_everything(
        qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window(defaults=QUICK, idle_tick_ms=5)
    fill_in_personal_data(window)
    for _ in range(3):  # as many extensions as the resident likes
        with qtbot.waitSignal(window.idle.warn, timeout=5_000) as warned:
            window.idle.start()
        assert warned.args == [20]
        assert window.stack.currentWidget() is window.timeout_panel
        assert "20" in window.timeout_panel.countdown.words()
        assert speaker_of(window).last().startswith(ZH.t("ui.timeout.title"))
        with qtbot.waitSignal(window.idle.tick, timeout=5_000):
            pass
        window.timeout_panel.more_time.click()
        assert window.stack.currentWidget() is window.review
        assert window.session.step is Step.REVIEW  # nothing lost
    with qtbot.waitSignal(window.idle.expired, timeout=10_000):
        window.idle.start()
    assert window.session.step is Step.HOME
    assert window.stack.currentWidget() is window.home
    left = every_text(window)
    for secret in (NAME, SAMPLE_ID_NUMBER, "110105", SAMPLE_PHONE, "1380013"):
        assert secret not in left, secret
    assert window.speech.last is None or NAME not in window.speech.last[0]
    assert window.question.input is None and window.review.answer_labels == {}


def test_the_countdown_is_at_least_twenty_seconds() -> None:
    from kiosk.settings import SETTINGS

    warning = next(s for s in SETTINGS if s.key == "ui.idle_warning_seconds")
    assert warning.default >= 20
    assert ResidentDefaults().idle_warning_s >= 20 and ResidentDefaults().idle_timeout_s == 90


def test_calling_a_volunteer_shows_a_banner_and_records_it(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    window = make_window(record_volunteer=volunteer_recorder(db_path))
    window.home.tiles["every_type"].click()
    window.consent.bar.next.click()
    window.top_bar.help.click()
    assert window.stack.currentWidget() is window.help_panel
    with qtbot.waitSignal(window.volunteer_recorded, timeout=10_000):
        window.help_panel.volunteer.click()
    assert window.help_panel.notice.isVisible()
    assert window.help_panel.notice_words.words() == ZH.t("ui.help.volunteer_called")
    assert speaker_of(window).last() == ZH.t("ui.help.volunteer_called")
    with Store.open(db_path) as store:
        requests = store.open_volunteer_requests()
    assert [(r["screen"], r["service_id"]) for r in requests] == [
        ("question:full_name", "every_type")]


def test_each_resident_starts_with_the_settings_look_and_language(
        make_window: WindowFactory) -> None:
    window = make_window(defaults=ResidentDefaults(theme="high_contrast"))
    assert window.ctx.theme.name == "high_contrast"
    window.top_bar.language.click()
    window.top_bar.text_size.click()
    window.top_bar.contrast.click()
    window.home.tiles["every_type"].click()
    assert (window.ctx.language, window.ctx.theme.size, window.ctx.theme.name) == (
        "en", "large", "standard")
    assert window.consent.heading.words() == Translator("en").t("ui.consent.title")
    window.consent.bar.back.click()   # "No, thanks": home for the next resident
    assert (window.ctx.language, window.ctx.theme.size, window.ctx.theme.name) == (
        "zh_CN", "standard", "high_contrast")
    assert window.home.heading.words() == ZH.t("ui.home.title")


def test_changing_the_look_keeps_what_was_typed(make_window: WindowFactory) -> None:
    window = make_window()
    window.home.tiles["every_type"].click()
    window.consent.bar.next.click()
    window.question.input.set_raw(NAME)  # type: ignore[union-attr]
    window.top_bar.text_size.click()
    window.top_bar.text_size.click()
    assert window.ctx.theme.size == "extra_large"
    assert window.question.input.raw_value() == NAME  # type: ignore[union-attr]
    assert speaker_of(window).last() == ZH.t("ui.top.text_size_now",
                                             size=ZH.t("ui.top.size_extra_large"))
