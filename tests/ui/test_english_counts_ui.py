"""English counts on the screens that show them: "1 digit so far", not
"1 digits so far"; "1 application today; 1 person is waiting", not "1 applications… 1 people";
the same screens in Chinese keep their one form."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.domain.catalog import Catalog, load_catalog
from kiosk.i18n import Translator
from kiosk.store.store import Store
from kiosk.ui.inputs.keypad_input import KeypadInput
from kiosk.ui.shell.main_window import MainWindow
from tests.helpers.kiosk_window import WindowFactory, speaker_of
from tests.helpers.screen_walk import settle_work
from tests.helpers.volunteer_steps import open_today, saved, signed_in

PHONE_ONLY = """
id = "phone_only"
icon = "elderly"
title = { zh_CN = "留电话", en = "Leave a number" }
summary = { zh_CN = "只有一题", en = "One question" }
consent = { zh_CN = "我们会记下您的电话。", en = "We will note your phone number." }

[[fields]]
id = "phone"
type = "phone"
label  = { zh_CN = "电话", en = "Phone" }
prompt = { zh_CN = "您的电话是多少？", en = "Your phone number?" }
help   = { zh_CN = "手机 11 位。", en = "11 digits for a mobile." }
"""


def phone_catalog(tmp_path: Path) -> Catalog:
    folder = tmp_path / "phone-catalog"
    (folder / "services").mkdir(parents=True)
    (folder / "catalog.toml").write_text('version = "t"\nservices = ["phone_only"]\n',
                                         encoding="utf-8")
    (folder / "services" / "phone_only.toml").write_text(PHONE_ONLY, encoding="utf-8")
    return load_catalog(folder)


def phone_question(window: MainWindow) -> KeypadInput:
    window.home.tiles["phone_only"].click()
    window.consent.bar.next.click()
    field = window.question.input
    assert isinstance(field, KeypadInput)
    return field


def test_the_phone_keypad_counts_one_digit_and_two_digits(
        make_window: WindowFactory, tmp_path: Path) -> None:
    window = make_window(catalog=phone_catalog(tmp_path), language="en")
    keypad = phone_question(window).keypad
    keypad.keys["1"].click()
    assert keypad.counter.text() == "1 digit so far"
    keypad.keys["3"].click()
    assert keypad.counter.text() == "2 digits so far"


def test_the_chinese_keypad_keeps_its_one_form(make_window: WindowFactory,
                                               tmp_path: Path) -> None:
    window = make_window(catalog=phone_catalog(tmp_path), language="zh_CN")
    keypad = phone_question(window).keypad
    keypad.keys["1"].click()
    one = keypad.counter.text()
    keypad.keys["3"].click()
    assert one.replace("1", "2") == keypad.counter.text() == Translator("zh_CN").t(
        "ui.keypad.count", count=2)


def test_todays_summary_says_one_application_and_one_person_waiting(
        qtbot: QtBot, make_window: WindowFactory, badge_code: str, db_path: Path) -> None:
    saved(db_path, None)
    with Store.open(db_path) as store:
        store.record_volunteer_request("home", None)
    window = make_window(language="en")
    signed_in(window, badge_code)
    open_today(qtbot, window)
    said = speaker_of(window).last()
    assert "1 application today; 1 person is waiting for a volunteer." in said
    assert "1 applications" not in said and "1 people" not in said


def test_todays_summary_says_two_applications_and_two_people_waiting(
        qtbot: QtBot, make_window: WindowFactory, badge_code: str, db_path: Path) -> None:
    saved(db_path, None)
    saved(db_path, None)
    with Store.open(db_path) as store:
        store.record_volunteer_request("home", None)
        store.record_volunteer_request("question:phone", "every_type")
    window = make_window(language="en")
    signed_in(window, badge_code)
    open_today(qtbot, window)
    settle_work(window)
    assert "2 applications today; 2 people are waiting for a volunteer." in (
        speaker_of(window).last())
