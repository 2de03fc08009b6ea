"""The input widgets on their own: keypad, date steppers, tiles, QR code, answer formatting."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.domain.catalog import Catalog, FieldType
from kiosk.domain.receipts import qr_matrix
from kiosk.i18n import Translator
from kiosk.ui.look.formatting import answer_text, grouped_for, in_groups
from kiosk.ui.shell.context import UiContext
from kiosk.ui.widgets.date_picker import DatePicker
from kiosk.ui.widgets.keypad import Keypad
from kiosk.ui.widgets.qr_widget import QrWidget
from kiosk.ui.widgets.tile_grid import TileGrid, columns_for

CTX = UiContext(Translator("zh_CN"))


def test_digits_are_grouped_the_way_people_read_them() -> None:
    assert grouped_for(FieldType.ID_NUMBER, "11010519491231002X") == "110105 19491231 002X"
    assert grouped_for(FieldType.ID_NUMBER, "1101051") == "110105 1"
    assert grouped_for(FieldType.PHONE, "13800138000") == "138 0013 8000"
    assert grouped_for(FieldType.PHONE, "01012345678") == "010 1234 5678"
    assert grouped_for(FieldType.PHONE, "075512345678") == "0755 1234 5678"
    assert in_groups("123456789", (2, 2)) == "12 3456789"


def test_keypad_types_deletes_clears_and_stops_at_the_length(qtbot: QtBot) -> None:
    keypad = Keypad(CTX, max_length=4)
    qtbot.addWidget(keypad)
    assert keypad.display.text() == CTX.t("ui.keypad.placeholder")
    for key in "12345":
        keypad.press(key)
    assert keypad.text() == "1234"
    assert not keypad.keys["5"].isEnabled()
    qtbot.mouseClick(keypad.delete_key, Qt.MouseButton.LeftButton)
    assert keypad.text() == "123" and keypad.keys["5"].isEnabled()
    qtbot.mouseClick(keypad.clear_key, Qt.MouseButton.LeftButton)
    assert keypad.text() == "" and not keypad.clear_key.isEnabled()


def test_the_x_key_exists_only_for_id_numbers_and_only_as_the_last_character(
        qtbot: QtBot) -> None:
    plain = Keypad(CTX, max_length=11)
    qtbot.addWidget(plain)
    assert "X" not in plain.keys
    id_pad = Keypad(CTX, max_length=18, extra_key="X", exact_length=18)
    qtbot.addWidget(id_pad)
    assert not id_pad.keys["X"].isEnabled()
    id_pad.press("X")
    assert id_pad.text() == ""
    id_pad.set_text("11010519491231002")
    assert id_pad.keys["X"].isEnabled()
    id_pad.press("X")
    assert id_pad.text() == "11010519491231002X"
    assert id_pad.counter.text() == CTX.t("ui.keypad.count_of", count=18, total=18)


def test_date_picker_starts_unchosen_then_steps_within_its_range(qtbot: QtBot) -> None:
    picker = DatePicker(CTX, dt.date(1900, 1, 1), dt.date(2026, 11, 3))
    qtbot.addWidget(picker)
    assert picker.value() is None
    assert picker.summary.words() == CTX.t("ui.date.none_chosen")
    picker.step("year", 10)
    assert picker.value_labels["year"].text() == "1960"
    for _ in range(10):
        picker.step("year", 10)
    assert picker.value_labels["year"].text() == "2026"         # stops at the last year
    assert not picker.buttons[("year", 10)].isEnabled()
    picker.set_value(dt.date(2024, 1, 31))
    picker.step("month", 1)                                       # 31 Feb does not exist
    assert picker.value() == dt.date(2024, 2, 29)
    picker.step("day", 1)                                         # goes round within February
    assert picker.value() == dt.date(2024, 2, 1)
    assert picker.summary.words().endswith("2024年2月1日")


def test_tile_grid_never_takes_more_than_six(qtbot: QtBot) -> None:
    assert [columns_for(n) for n in range(1, 7)] == [1, 2, 3, 2, 3, 3]
    from kiosk.ui.widgets.tile_button import TileButton

    tiles = [TileButton(str(i), CTX.theme) for i in range(7)]
    try:
        TileGrid(tiles, 24)
    except ValueError as exc:
        assert "6" in str(exc)
    else:
        raise AssertionError("seven tiles were accepted")


def test_qr_widget_paints_the_tracking_number(qtbot: QtBot) -> None:
    widget = QrWidget("123456789012", side=300)
    qtbot.addWidget(widget)
    assert widget.matrix == qr_matrix("123456789012")
    image = widget.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, 300, 5) for y in range(0, 300, 5)}
    assert colours == {"#000000", "#ffffff"}


def test_review_text_for_each_answer_type(ui_catalog: Catalog) -> None:
    service = ui_catalog.service("every_type")
    tr, en = Translator("zh_CN"), Translator("en")

    def text(field_id: str, answer: object, translator: Translator = tr) -> str:
        field = service.field(field_id)
        assert field is not None
        return answer_text(field, answer, translator)  # type: ignore[arg-type]

    assert text("village", "other") == "其他村"
    assert text("has_pension", True) == "是"
    assert text("has_pension", False, en) == "No"
    assert text("birth_date", "1949-12-31", en) == "31 December 1949"
    assert text("household_size", 2, en) == "2 people"
    assert text("phone", None) == tr.t("ui.review.not_answered")
