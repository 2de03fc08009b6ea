"""The disk-space guard: warn early, refuse new applications before the disk is full, with a
plain spoken message, never touching what is stored. Free space is injected, not provoked."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.deploy.machine_check import Verdict, check_free_disk
from kiosk.domain.catalog import Catalog
from kiosk.domain.session import Step
from kiosk.i18n import Translator
from kiosk.paths import config_path
from kiosk.settings import Settings
from kiosk.store.disk_guard import MB, DiskLevel, DiskNearlyFull, check_disk, use_free_space
from kiosk.store.store import Store
from kiosk.ui.operations.saving import failure_message_key
from tests.helpers.kiosk_window import WindowFactory, speaker_of
from tests.helpers.resident_steps import answer_every_question, press_next, start_application
from tests.helpers.running_kiosk import RESIDENT_ID, resident_answers


def free(megabytes: int) -> AbstractContextManager[None]:
    return use_free_space(lambda _path: megabytes * MB)


def test_levels_follow_the_settings(data_dir: Path) -> None:
    settings = Settings.load(data_dir)
    settings.set("disk.warn_free_mb", "500")
    settings.set("disk.refuse_free_mb", "100")
    assert check_disk(data_dir, lambda _p: 600 * MB).level is DiskLevel.OK
    assert check_disk(data_dir, lambda _p: 400 * MB).level is DiskLevel.LOW
    assert check_disk(data_dir, lambda _p: 99 * MB).level is DiskLevel.FULL


def test_a_broken_config_file_falls_back_to_the_defaults(data_dir: Path) -> None:
    config_path(data_dir).write_text("[disk\n", encoding="utf-8")
    assert check_disk(data_dir, lambda _p: 150 * MB).level is DiskLevel.FULL
    assert check_disk(data_dir, lambda _p: 5000 * MB).level is DiskLevel.OK


def test_doctor_warns_the_technician_early(data_dir: Path) -> None:
    with free(700):
        result = check_free_disk(data_dir)
    assert result.verdict is Verdict.WARN and "700 MB free" in result.message
    with free(50):
        assert check_free_disk(data_dir).verdict is Verdict.FAIL


def test_a_nearly_full_disk_refuses_without_writing(store: Store, data_dir: Path,
                                                    catalog: Catalog) -> None:
    kept = store.save_answers("elderly_allowance", "v1", resident_answers(catalog), {}, "zh_CN")
    before = store.counts()
    with free(150), pytest.raises(DiskNearlyFull) as refused:
        store.save_answers("elderly_allowance", "v1", resident_answers(catalog), {}, "zh_CN")
    assert "not saved" in str(refused.value)
    assert failure_message_key(refused.value) == "error.save.disk_nearly_full"
    assert store.counts() == before
    again = store.find(kept.application_id)
    assert again is not None and again.answers["id_number"] == RESIDENT_ID
    with free(5000):  # space freed: accepted again
        store.save_answers("elderly_allowance", "v1", resident_answers(catalog), {}, "zh_CN")
    assert store.counts()["queued"] == before["queued"] + 1


def test_the_resident_hears_a_plain_message_and_keeps_the_answers(
        qtbot: QtBot, make_window: WindowFactory, db_path: Path) -> None:
    window = make_window()
    start_application(qtbot, window)
    answer_every_question(qtbot, window)
    with free(10):
        press_next(qtbot, window)  # 提交
        qtbot.waitUntil(lambda: window.session.view.save_error is not None, timeout=10_000)
    message = Translator("zh_CN").t("error.save.disk_nearly_full")
    assert "存储快满了" in message and "工作人员" in message
    assert window.session.step is Step.REVIEW
    assert window.review.error.message() == message
    qtbot.waitUntil(lambda: any(message in text for text in speaker_of(window).texts()),
                    timeout=10_000)
    with Store.open(db_path) as store:
        assert sum(store.counts().values()) == 0
    assert window.session.view.answers  # nothing the resident typed is lost


def test_both_languages_have_the_message() -> None:
    for language in ("zh_CN", "en"):
        tr = Translator(language)
        assert tr.has("error.save.disk_nearly_full") and tr.has("tech.panel.exit_kiosk")
