"""The printed receipt's layout (kiosk/printing/layout.py): what it says, that every line fits
the paper, and that nothing from a name can reach the printer as a command."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.printing.layout import (
    QrBlock,
    ReceiptDoc,
    Rule,
    TextLine,
    TextSize,
    display_width,
    layout_receipt,
    wrap_text,
)
from tests.helpers.receipt_docs import DAY, GROUPED, NUMBER, a_receipt, zh_doc


def test_chinese_receipt_has_the_hall_service_date_number_qr_and_next_step() -> None:
    doc = zh_doc()
    text = doc.plain_text()
    for expected in ("青山镇便民服务中心", "办事回执", "办理事项：高龄津贴", "日期：2025年3月1日",
                     "回执号码", GROUPED, "凭这个号码可以查办理进度。", "请收好这张回执。"):
        assert expected in text
    big = [b for b in doc.blocks if isinstance(b, TextLine) and b.size is TextSize.BIG]
    assert [b.text for b in big] == [GROUPED]
    assert big[0].centered and big[0].bold
    assert [b for b in doc.blocks if isinstance(b, QrBlock)] == [QrBlock(NUMBER)]
    assert doc.tracking_number == NUMBER and doc.language == "zh_CN"


@pytest.mark.parametrize("columns", [32, 48])
def test_every_line_fits_the_paper(columns: int) -> None:
    title = "农村低保、特困人员救助供养和临时救助申请（含残疾人两项补贴）"
    hall = "某某县某某乡镇人民政府便民服务中心（综合窗口）"
    doc = layout_receipt(a_receipt(), service_title=title, hall_name=hall, language="zh_CN",
                         date=DAY, columns=columns)
    for block in doc.blocks:
        if isinstance(block, TextLine):
            assert display_width(block.text) * block.size.width_factor <= columns, block


def test_english_receipt_and_empty_hall_uses_the_translated_default() -> None:
    doc = layout_receipt(a_receipt(), service_title="Elderly allowance", hall_name="  ",
                         language="en", date=DAY)
    text = doc.plain_text()
    assert "Township Service Centre" in text
    assert "Date: 2025-03-01" in text
    assert "Service: Elderly allowance" in text
    assert GROUPED in text
    assert doc.language == "en"


def test_control_characters_in_names_cannot_reach_the_printer_as_commands() -> None:
    doc = zh_doc(hall="青山镇\x1b@\x1dV\x00中心\n二楼")
    lines = doc.text_lines()
    assert "青山镇@V中心 二楼" in lines
    assert not any(ch < " " for line in lines for ch in line)


def test_layout_is_pure() -> None:
    assert zh_doc() == zh_doc()


_CLOSING = "，。、；：？！）》”"
_CJK_WITH_PUNCT = st.tuples(st.sampled_from("办理事项高龄津贴乡镇便民服务中心回执号码"),
                            st.text(_CLOSING, max_size=2)).map("".join)
_LATIN = st.text("abcXYZ0123456789-/", min_size=1, max_size=5)
_UNIT = st.one_of(_CJK_WITH_PUNCT, _LATIN, st.just(" "), _LATIN.map(lambda w: w + "，"))


@given(st.lists(_UNIT, max_size=40).map("".join), st.integers(min_value=10, max_value=48))
def test_wrap_keeps_every_character_fits_and_never_starts_with_closing_punctuation(
        text: str, columns: int) -> None:
    lines = wrap_text(text, columns)
    assert all(display_width(line) <= columns for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line and line[0] in _CLOSING for line in lines), lines


def test_rule_and_qr_blocks_render_in_plain_text() -> None:
    doc = ReceiptDoc(NUMBER, "zh_CN", 20, (Rule(), QrBlock(NUMBER)))
    assert doc.text_lines() == ["-" * 20, f"[QR {NUMBER}]"]
