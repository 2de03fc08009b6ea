"""The kiosk window under test: a small catalog with every field type, a window saving to a real
store with a silent speaker that records what it would have said, and the fixtures that make them
(re-exported by tests/ui/conftest.py and tests/deploy/conftest.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.domain.catalog import Catalog, load_catalog
from kiosk.domain.receipts import Receipt
from kiosk.domain.session import Step, Submission
from kiosk.paths import database_path
from kiosk.privacy.volunteers import VolunteerRegistry
from kiosk.speech.api import EventCallback, SilentSpeaker
from kiosk.store.store import Store
from kiosk.ui.bridges.speech_bridge import SpeechBridge
from kiosk.ui.features.volunteer import VolunteerAccess
from kiosk.ui.operations.saving import SaveFn, store_saver
from kiosk.ui.shell.main_window import MainWindow

TODAY = dt.date(2026, 11, 3)

MANIFEST = 'version = "test-1"\nservices = ["every_type"]\n'
SERVICE = """
id = "every_type"
icon = "elderly"
title = { zh_CN = "测试服务", en = "Test service" }
summary = { zh_CN = "每种题目都有", en = "Every kind of question" }
consent = { zh_CN = "我们会记下您填的内容。", en = "We will note your answers." }

[[fields]]
id = "full_name"
type = "short_text"
label  = { zh_CN = "姓名", en = "Name" }
prompt = { zh_CN = "您叫什么名字？", en = "What is your name?" }
help   = { zh_CN = "写身份证上的名字。", en = "As on the ID card." }
[fields.validation]
max_length = 20

[[fields]]
id = "id_number"
type = "id_number"
label  = { zh_CN = "身份证号码", en = "ID number" }
prompt = { zh_CN = "您的身份证号码是多少？", en = "Your ID number?" }
help   = { zh_CN = "一共 18 位。", en = "18 characters." }

[[fields]]
id = "birth_date"
type = "date"
label  = { zh_CN = "出生日期", en = "Date of birth" }
prompt = { zh_CN = "您是哪天出生的？", en = "When were you born?" }
help   = { zh_CN = "先选年，再选月，再选日。", en = "Year, month, day." }
[fields.validation]
min = "1900-01-01"
max = "today"

[[fields]]
id = "village"
type = "choice"
label  = { zh_CN = "村", en = "Village" }
prompt = { zh_CN = "您住哪个村？", en = "Which village?" }
help   = { zh_CN = "点一个。", en = "Tap one." }
[[fields.choices]]
value = "dongwan"
label = { zh_CN = "东湾村", en = "Dongwan" }
[[fields.choices]]
value = "shiqiao"
label = { zh_CN = "石桥村", en = "Shiqiao" }
[[fields.choices]]
value = "other"
label = { zh_CN = "其他村", en = "Another village" }

[[fields]]
id = "has_pension"
type = "yes_no"
label  = { zh_CN = "有没有养老金", en = "Pension" }
prompt = { zh_CN = "您有养老金吗？", en = "Do you get a pension?" }
help   = { zh_CN = "有就点是。", en = "Tap Yes if you do." }

[[fields]]
id = "household_size"
type = "number"
label  = { zh_CN = "家里几口人", en = "Household size" }
prompt = { zh_CN = "家里有几口人？", en = "How many people at home?" }
help   = { zh_CN = "算上您自己。", en = "Count yourself." }
[fields.validation]
min = 1
max = 20
unit = { zh_CN = "人", en = "people" }

[[fields]]
id = "phone"
type = "phone"
required = false
label  = { zh_CN = "电话", en = "Phone" }
prompt = { zh_CN = "您的电话是多少？", en = "Your phone number?" }
help   = { zh_CN = "可以不填。", en = "You may leave it out." }
"""


@pytest.fixture
def ui_catalog(tmp_path: Path) -> Catalog:
    folder = tmp_path / "catalog"
    (folder / "services").mkdir(parents=True)
    (folder / "catalog.toml").write_text(MANIFEST, encoding="utf-8")
    (folder / "services" / "every_type.toml").write_text(SERVICE, encoding="utf-8")
    return load_catalog(folder)


@pytest.fixture
def db_path(data_dir: Path) -> Path:
    path = database_path(data_dir)
    Store.open(path).close()
    return path


WindowFactory = Callable[..., MainWindow]


class RecordingSpeaker(SilentSpeaker):
    """A silent speaker that also counts how often speech was cut off."""

    def __init__(self, on_event: EventCallback, problem: str | None = None) -> None:
        super().__init__(on_event, problem=problem)
        self.stops = 0

    def stop(self) -> None:
        self.stops += 1

    def texts(self) -> list[str]:
        return [text for _uid, text, _language in self.spoken]

    def last(self) -> str:
        return self.spoken[-1][1] if self.spoken else ""


def speaker_of(window: MainWindow) -> RecordingSpeaker:
    speaker = window.speech.speaker
    assert isinstance(speaker, RecordingSpeaker)
    return speaker


VOLUNTEER_ID, VOLUNTEER_NAME = "li-ming", "李明"


@pytest.fixture
def badge_code(data_dir: Path) -> str:
    """A registered volunteer's badge code (the volunteer is 李明, id li-ming)."""
    return VolunteerRegistry(data_dir).add(VOLUNTEER_ID, VOLUNTEER_NAME)


@pytest.fixture
def make_window(qtbot: QtBot, ui_catalog: Catalog, db_path: Path, data_dir: Path
                ) -> Iterator[WindowFactory]:
    made: list[MainWindow] = []

    def make(save: SaveFn | None = None, catalog: Catalog | None = None,
             speech_problem: str | None = None, **kwargs: object) -> MainWindow:
        if "speech" not in kwargs:
            kwargs["speech"] = SpeechBridge(lambda cb: RecordingSpeaker(cb, speech_problem),
                                            threaded=False)
        kwargs.setdefault("volunteers", VolunteerAccess.for_data_dir(data_dir))
        kwargs.setdefault("db_path", db_path)
        window = MainWindow(catalog or ui_catalog, save or store_saver(db_path),
                            today=lambda: TODAY, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        window.resize(1920, 1080)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.shutdown()


def wait_for_step(qtbot: QtBot, window: MainWindow, step: Step) -> None:
    qtbot.waitUntil(lambda: window.session.step is step, timeout=10_000)


def failing_save(submission: Submission, language: str) -> Receipt:
    from kiosk.errors import StoreError

    raise StoreError("the local database failed: disk I/O error")
