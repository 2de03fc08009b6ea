"""Privacy on screen and assisted mode: the separate consent for sensitive data, the counter
offered after a decline, the masked ID number on the review, nothing personal left after finishing
or timing out, and volunteers signing in with a badge code (audited, shown, recorded)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.domain.catalog import Catalog
from kiosk.domain.samples import SAMPLE_ID_NUMBER, SAMPLE_PHONE
from kiosk.domain.session import Step
from kiosk.i18n import Translator
from kiosk.printing.layout import layout_receipt
from kiosk.privacy.volunteers import VolunteerRegistry
from kiosk.store.store import Store
from kiosk.ui.bridges.audit_trail import AuditTrail
from kiosk.ui.features.volunteer import LOCK_SECONDS, MAX_WRONG_CODES, VolunteerAccess
from kiosk.ui.shell.context import ResidentDefaults
from kiosk.ui.shell.main_window import MainWindow
from tests.helpers.keys import activate, key, move_to, type_text
from tests.helpers.kiosk_window import (
    VOLUNTEER_ID,
    VOLUNTEER_NAME,
    WindowFactory,
    speaker_of,
    wait_for_step,
)
from tests.helpers.resident_steps import NAME, answer_all, every_text, fill_in_personal_data, start
from tests.helpers.screen_walk import settle_work, sign_in, wrong_code
from tests.helpers.volunteer_steps import audit_entries, open_sign_in

ZH = Translator("zh_CN")
SECRETS = (NAME, SAMPLE_ID_NUMBER, "110105", "19491231", "1101**", SAMPLE_PHONE, "1380013",
           "0013 8000".replace(" ", ""))
ID_LABEL = "身份证号码"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def spoken_digits(window: MainWindow) -> str:
    return "".join(speaker_of(window).texts()).replace(" ", "")


# -- the separate consent for sensitive data ---------------------------------------------------
def test_the_sensitive_consent_names_what_will_be_asked_and_why(
        make_window: WindowFactory, catalog: Catalog) -> None:
    window = make_window(catalog=catalog)
    start(window, "disability_subsidy")
    assert window.session.step is Step.SENSITIVE_CONSENT
    assert window.stack.currentWidget() is window.sensitive_consent
    service = catalog.service("disability_subsidy")
    labels = [ZH.text(f.label) for f in service.fields if f.sensitive]
    assert len(labels) >= 2
    page = window.sensitive_consent
    said = speaker_of(window).last()
    assert said.startswith(ZH.t("ui.sensitive.title"))
    for label in labels:
        assert label in page.asks.words() and label in said
    assert ZH.t("ui.sensitive.why") in said and ZH.t("ui.sensitive.help") in said
    assert page.agree.text() == "同意" and page.disagree.text() == "不同意"
    assert page.agree.accessibleName() == ZH.t("ui.sensitive.agree_name")
    assert page.disagree.accessibleName() == ZH.t("ui.sensitive.disagree_name")
    window.open_help()  # help for this screen names the things asked, too
    assert labels[0] in window.help_panel.help.words()
    window.close_overlay()

    page.agree.click()
    assert window.session.step is Step.QUESTION
    window.go_back()                          # Esc from the first question: this consent again
    assert window.session.step is Step.SENSITIVE_CONSENT
    window.go_back()
    assert window.session.step is Step.CONSENT


def test_a_service_without_sensitive_fields_asks_only_once(
        make_window: WindowFactory, catalog: Catalog) -> None:
    window = make_window(catalog=catalog)
    start(window, "suggestion")
    assert window.session.step is Step.QUESTION


def test_the_sensitive_consent_works_by_keyboard(qtbot: QtBot, make_window: WindowFactory,
                                                 catalog: Catalog) -> None:
    window = make_window(catalog=catalog)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    activate(window.home.tiles["elderly_allowance"])
    activate(window.consent.bar.next)
    assert window.session.step is Step.SENSITIVE_CONSENT
    move_to(window.sensitive_consent.disagree)
    assert speaker_of(window).last() == ZH.t("ui.sensitive.disagree_name")  # focus says it
    activate(window.sensitive_consent.agree, Qt.Key.Key_Up)
    assert window.session.step is Step.QUESTION
    key(Qt.Key.Key_Escape)
    assert window.session.step is Step.SENSITIVE_CONSENT
    activate(window.sensitive_consent.disagree)
    assert window.session.step is Step.HOME and window.home.notice.isVisible()


def test_declining_offers_the_counter_once_and_it_goes_at_the_next_touch(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog) -> None:
    window = make_window(catalog=catalog)
    start(window, "elderly_allowance")
    window.sensitive_consent.disagree.click()
    notice = ZH.t("ui.home.declined")
    assert window.session.step is Step.HOME and window.session.view.declined
    assert window.home.notice.isVisible() and window.home.notice_text() == notice
    assert speaker_of(window).last().startswith(notice)
    assert sum(notice in said for said in speaker_of(window).texts()) == 1   # said once
    tile = window.home.tiles["elderly_allowance"]
    top = tile.mapTo(window, tile.rect().topLeft())

    qtbot.mouseClick(window.home.heading, Qt.MouseButton.LeftButton)        # any touch
    assert not window.home.notice.isVisible() and window.home.notice_text() == ""
    assert tile.mapTo(window, tile.rect().topLeft()) == top   # no tile jumps under a finger
    window.toggle_language()
    window.toggle_language()                                  # drawn again: it stays gone
    assert not window.home.notice.isVisible()
    assert not speaker_of(window).last().startswith(notice)

    window.home.tiles["suggestion"].click()
    window.consent.bar.back.click()     # "不同意" on the first consent offers it as well
    assert window.home.notice.isVisible()
    window.home.tiles["suggestion"].click()   # a new application: no notice left over
    assert not window.session.view.declined
    window.consent.bar.back.click()
    window.show_timeout_warning()             # a quiet spell at home: the next resident
    assert not window.home.notice.isVisible()


# -- the masked ID number ----------------------------------------------------------------------
def test_the_review_masks_the_id_number_until_asked_and_never_says_it(
        make_window: WindowFactory) -> None:
    window = make_window()
    fill_in_personal_data(window)
    review = window.review
    label = review.answer_labels["id_number"]
    assert label.words() == "1101**********002X"
    assert label.accessibleName() == ZH.t("ui.review.hidden_answer", label=ID_LABEL, count=18)
    assert "110105" not in every_text(window)
    assert review.answer_labels["phone"].words() == "138 0013 8000"  # the phone may show
    assert set(review.reveal_buttons) == {"id_number"}
    toggle = review.reveal_buttons["id_number"]
    assert toggle.text() == "显示" and toggle.accessibleName() == f"显示{ID_LABEL}"
    assert toggle.height() >= 72 and toggle.width() >= 72

    toggle.click()
    assert label.words() == "110105 19491231 002X"
    assert toggle.text() == "隐藏" and toggle.accessibleName() == f"隐藏{ID_LABEL}"
    assert speaker_of(window).last() == ZH.t("ui.review.shown_now", label=ID_LABEL)
    window.repeat()
    assert "身份证号码：已输入 18 位" in speaker_of(window).last()
    toggle.click()
    assert label.words() == "1101**********002X"

    review.reveal_buttons["id_number"].click()       # shown, then the resident changes a field
    review.edit_buttons["household_size"].click()
    window.question.bar.next.click()
    assert window.session.step is Step.REVIEW
    assert window.review.answer_labels["id_number"].words() == "1101**********002X"
    window.review.reveal_buttons["id_number"].click()
    window.toggle_language()                          # drawn afresh: hidden again
    assert window.review.answer_labels["id_number"].words() == "1101**********002X"
    for secret in ("110105", "19491231", "1101", SAMPLE_PHONE):
        assert secret not in spoken_digits(window), secret


# -- nothing personal left behind --------------------------------------------------------------
def test_finishing_an_assisted_application_clears_every_widget_and_records_the_volunteer(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog, badge_code: str,
        data_dir: Path, db_path: Path) -> None:
    window = make_window(catalog=catalog)
    open_sign_in(window)
    sign_in(window, badge_code)
    assert window.volunteer is not None and window.volunteer.id == VOLUNTEER_ID
    banner = ZH.t("ui.volunteer.banner", name=VOLUNTEER_NAME)
    start(window, "elderly_allowance")
    assert window.top_bar.volunteer.text() == banner           # on every screen
    window.sensitive_consent.agree.click()
    answer_all(window)
    assert window.session.step is Step.REVIEW
    assert window.top_bar.volunteer.isVisible()
    window.review.reveal_buttons["id_number"].click()
    assert "11010519491231002X" in every_text(window)
    window.review.bar.next.click()
    wait_for_step(qtbot, window, Step.RECEIPT)
    left = every_text(window)
    for secret in SECRETS:   # the receipt shows the tracking number, never the ID number
        assert secret not in left, secret
    receipt = window.session.view.receipt
    assert receipt is not None                 # nor does the paper receipt
    paper = layout_receipt(receipt, service_title="高龄津贴", hall_name="", language="zh_CN",
                           date=receipt.created_at.date()).plain_text().replace(" ", "")
    for secret in SECRETS:
        assert secret not in paper, secret
    assert window.top_bar.volunteer.text() == banner
    window.receipt.bar.next.click()
    window.rating_page.bar.skip.click()     # the rating is voluntary
    assert window.session.step is Step.HOME
    left = every_text(window)
    for secret in SECRETS:
        assert secret not in left, secret
    assert window.question.input is None and window.review.answer_labels == {}
    assert window.volunteer_page.keypad is None
    for secret in ("110105", "19491231", SAMPLE_PHONE, badge_code):
        assert secret not in spoken_digits(window), secret

    with Store.open(db_path) as store:
        [app] = store.list_applications()
    assert app.consent["assisted_by"] == VOLUNTEER_ID
    assert "id_number" in app.consent["sensitive_fields"]  # type: ignore[operator]
    assert app.consent["sensitive_accepted_at"]
    assert window.volunteer is not None      # still helping the next resident
    assert [(e["role"], e["actor"], e["action"]) for e in audit_entries(data_dir)] == [
        ("volunteer", VOLUNTEER_ID, "sign_in"), ("volunteer", VOLUNTEER_ID, "assisted_application")]


def test_timing_out_clears_the_shown_id_and_signs_the_volunteer_out(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog, badge_code: str,
        data_dir: Path) -> None:
    window = make_window(catalog=catalog, idle_tick_ms=5,
                         defaults=ResidentDefaults(idle_warning_s=20))
    open_sign_in(window)
    sign_in(window, badge_code)
    start(window, "medical_insurance")
    assert window.session.step is Step.SENSITIVE_CONSENT
    window.sensitive_consent.agree.click()
    answer_all(window)
    window.review.reveal_buttons["id_number"].click()
    assert "11010519491231002X" in every_text(window)
    with qtbot.waitSignal(window.idle.expired, timeout=10_000):
        window.show_timeout_warning()
    assert window.session.step is Step.HOME and window.volunteer is None
    assert not window.top_bar.volunteer.isVisible() and window.top_bar.hall.isVisible()
    left = every_text(window)
    for secret in (*SECRETS, VOLUNTEER_NAME):
        assert secret not in left, secret
    assert window.session.view.assisted_by is None
    assert [e["action"] for e in audit_entries(data_dir)] == ["sign_in", "timeout_sign_out"]


# -- volunteers --------------------------------------------------------------------------------
def test_a_volunteer_signs_in_by_keyboard_and_out_from_help(
        qtbot: QtBot, make_window: WindowFactory, badge_code: str, data_dir: Path,
        db_path: Path) -> None:
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    key(Qt.Key.Key_F1)
    activate(window.help_panel.sign_in)
    page = window.volunteer_page
    assert window.stack.currentWidget() is page
    assert speaker_of(window).last().startswith(ZH.t("ui.volunteer.title"))
    type_text(badge_code[:3])                               # digits go to the badge keypad
    assert page.keypad is not None and page.keypad.display.text() == "●●●"
    assert speaker_of(window).last() == ZH.t("ui.speech.entered_count", count=3)
    key(Qt.Key.Key_Backspace)
    type_text(badge_code[2:])
    activate(page.bar.next)
    qtbot.waitUntil(lambda: window.volunteer is not None, timeout=10_000)
    assert speaker_of(window).last() == ZH.t("ui.volunteer.signed_in", name=VOLUNTEER_NAME)
    assert window.stack.currentWidget() is window.home    # back where the volunteer was
    assert window.top_bar.volunteer.isVisible() and not window.top_bar.hall.isVisible()
    assert badge_code not in spoken_digits(window) and badge_code not in every_text(window)

    start(window, "every_type")                         # the banner stays on every screen
    assert window.top_bar.volunteer.isVisible()
    window.open_help()
    sign_out = window.help_panel.sign_in
    assert sign_out.text() == ZH.t("ui.volunteer.sign_out")
    assert sign_out.accessibleName() == ZH.t("ui.volunteer.sign_out_name", name=VOLUNTEER_NAME)
    sign_out.click()
    assert window.volunteer is None and not window.top_bar.volunteer.isVisible()
    assert window.session.step is Step.QUESTION           # the resident's form is untouched
    assert speaker_of(window).last() == ZH.t("ui.volunteer.signed_out")
    answer_all(window)
    window.review.bar.next.click()
    wait_for_step(qtbot, window, Step.RECEIPT)
    with Store.open(db_path) as store:
        [app] = store.list_applications()
    assert app.consent["assisted_by"] is None
    entries = audit_entries(data_dir)
    assert [(e["role"], e["actor"], e["action"]) for e in entries] == [
        ("volunteer", VOLUNTEER_ID, "sign_in"), ("volunteer", VOLUNTEER_ID, "sign_out")]
    assert badge_code not in (data_dir / "audit" / "audit.jsonl").read_text()


def test_wrong_codes_are_said_plainly_and_five_lock_sign_in_for_five_minutes(
        qtbot: QtBot, make_window: WindowFactory, badge_code: str, data_dir: Path) -> None:
    clock = FakeClock()
    window = make_window(volunteers=VolunteerAccess(VolunteerRegistry(data_dir).sign_in,
                                                    AuditTrail(data_dir), clock))
    open_sign_in(window)
    page = window.volunteer_page
    page.keypad.keys["1"].click()  # type: ignore[union-attr]
    page.bar.next.click()                    # too short: said, not counted
    assert page.error.message() == ZH.t("ui.volunteer.too_short", count=8)
    for _ in range(MAX_WRONG_CODES - 1):
        sign_in(window, wrong_code(badge_code))
        assert page.error.message() == ZH.t("ui.volunteer.wrong")
        assert speaker_of(window).last() == ZH.t("ui.volunteer.wrong")
        assert page.error.isVisible()
    sign_in(window, wrong_code(badge_code))
    locked = ZH.t("ui.volunteer.locked", minutes=5)
    assert page.error.message() == locked and speaker_of(window).last() == locked
    sign_in(window, badge_code)              # even the right code waits out the lock
    assert window.volunteer is None and page.error.message() == locked
    window.close_overlay()
    open_sign_in(window)                     # coming back says so at once
    assert page.error.message() == locked
    clock.now += LOCK_SECONDS + 1
    sign_in(window, badge_code)
    assert window.volunteer is not None
    actions = [e["action"] for e in audit_entries(data_dir)]
    assert actions == ["sign_in_failed"] * 4 + ["sign_in_locked", "sign_in"]


def test_a_quiet_spell_at_home_signs_the_volunteer_out(
        make_window: WindowFactory, badge_code: str, data_dir: Path) -> None:
    window = make_window()
    open_sign_in(window)
    sign_in(window, badge_code)
    assert window.volunteer is not None
    window.show_timeout_warning()            # at home the quiet spell warns nobody…
    assert window.volunteer is None          # …but a volunteer who walked away is signed out
    assert [e["action"] for e in audit_entries(data_dir)] == ["sign_in", "timeout_sign_out"]


def test_a_half_typed_code_goes_when_the_sign_in_closes(
        make_window: WindowFactory) -> None:
    window = make_window()
    open_sign_in(window)
    keypad = window.volunteer_page.keypad
    assert keypad is not None
    for digit in "2024":
        keypad.keys[digit].click()
    window.open_help()                       # F1 here: help about signing in…
    assert ZH.t("ui.volunteer.help") in window.help_panel.help.words()
    assert window.volunteer_page.keypad is None   # …and the half-typed code is gone
    window.go_back()                         # Esc closes Help
    open_sign_in(window)
    keypad = window.volunteer_page.keypad
    assert keypad is not None and keypad.text() == ""
    keypad.keys["7"].click()
    window.go_back()                         # Esc / 返回
    assert window.stack.currentWidget() is window.home
    assert window.volunteer_page.keypad is None
    QApplication.processEvents()
    assert "●●●●" not in every_text(window)


def test_a_broken_badge_check_is_said_plainly(
        make_window: WindowFactory, data_dir: Path) -> None:
    def broken(code: str) -> None:
        raise OSError("volunteers.json unreadable")

    window = make_window(volunteers=VolunteerAccess(broken, AuditTrail(data_dir)))  # type: ignore[arg-type]
    open_sign_in(window)
    sign_in(window, "12345678")
    assert window.volunteer_page.error.message() == ZH.t("ui.volunteer.failed")
    assert window.volunteer is None
    settle_work(window)
