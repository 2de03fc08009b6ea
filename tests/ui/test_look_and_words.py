"""Colours, sizes and line spacing measured from the real Theme and stylesheet; and no words on
screen (or spoken) that do not come from the message catalogs."""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import pytest
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from kiosk.ui.look.theme import (
    COLOUR_THEMES,
    LINE_HEIGHT,
    TEXT_SIZES,
    stylesheet,
    text_pairs,
    theme_for,
)
from kiosk.ui.widgets.words import Words

UI_DIR = Path(__file__).resolve().parents[2] / "kiosk" / "ui"
HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("colours", COLOUR_THEMES)
def test_all_text_is_at_least_7_to_1(colours: str) -> None:
    theme = theme_for(colours)
    ratios = {what: contrast(fg, bg) for what, fg, bg in text_pairs(theme)}
    print(colours, {k: round(v, 1) for k, v in ratios.items()})
    assert min(ratios.values()) >= 7.0, ratios
    # Every text colour the stylesheet sets is one of the measured pairs' colours.
    sheet = stylesheet(theme)
    text_colours = {fg.upper() for _what, fg, _bg in text_pairs(theme)}
    used = {m.group(1).upper() for m in re.finditer(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{6})",
                                                    sheet)}
    assert used <= text_colours, used - text_colours


@pytest.mark.parametrize("colours", COLOUR_THEMES)
def test_focus_ring_is_thick_and_stands_out(colours: str) -> None:
    theme = theme_for(colours)
    assert theme.focus_px >= 4
    for background in (theme.background, theme.bar_background, theme.tile_background):
        assert contrast(theme.focus, background) >= 3.0, (theme.focus, background)
    sheet = stylesheet(theme)
    assert f"QPushButton:focus {{ border: {theme.focus_px}px solid {theme.focus}" in sheet


def test_three_text_sizes_up_to_twice_the_smallest() -> None:
    sizes = [theme_for("standard", size) for size in TEXT_SIZES]
    assert [t.body_px for t in sizes] == [36, 48, 72]
    assert [t.heading_px for t in sizes] == [48, 64, 96]
    assert sizes[-1].body_px >= 2 * sizes[0].body_px
    for theme in sizes:
        assert f"font-size: {theme.body_px}px" in stylesheet(theme)
        assert theme.target_px >= 72


@pytest.mark.parametrize("size", TEXT_SIZES)
def test_lines_are_at_least_1_3_font_sizes_apart(qtbot: QtBot, size: str) -> None:
    theme = theme_for("standard", size)
    label = Words("请把身份证放在感应区，然后按确认键继续。" * 6)
    qtbot.addWidget(label)
    label.setStyleSheet(f"font-size: {theme.body_px}px;")
    label.ensurePolished()
    assert label.font().pixelSize() == theme.body_px
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(label.font())
    doc.setHtml(label.text())
    doc.setTextWidth(600)
    doc.documentLayout()  # lay the text out
    layout = doc.firstBlock().layout()
    assert layout.lineCount() >= 3
    tops = [layout.lineAt(i).position().y() for i in range(layout.lineCount())]
    spacing = min(b - a for a, b in itertools.pairwise(tops))
    assert spacing >= LINE_HEIGHT * theme.body_px - 0.5 >= 1.3 * theme.body_px - 0.5
    # The label asks its layout for exactly that much room.
    assert label.heightForWidth(600) >= layout.lineCount() * 1.3 * theme.body_px


SETTERS = {"setText", "setAccessibleName", "setAccessibleDescription", "setPlaceholderText",
           "setWindowTitle", "setToolTip", "set_words", "say", "show_message", "set_status",
           "QLabel", "QPushButton", "Words", "TileButton", "configure", "set_repeat"}
ALLOWED = re.compile(r"^[\s\d\W]*$|^X$")  # digits, punctuation, the ID card's X


def _literal_words(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return []


def test_no_hard_coded_words_reach_the_screen_or_the_speaker() -> None:
    found = []
    for source in sorted(UI_DIR.rglob("*.py")):
        if "technician" in source.parts:
            continue  # the technician's screens have their own rules
        if source.name.startswith("bench_probe"):
            continue  # `kiosk bench`'s measuring harness: never shown to or said to a resident
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in SETTERS:
                continue
            for arg in [*call.args, *(k.value for k in call.keywords if k.arg != "role")]:
                for text in _literal_words(arg):
                    if text and not ALLOWED.match(text):
                        found.append(f"{source.name}:{call.lineno} {name}({text!r})")
    assert not found, "\n".join(found)


def test_emitting_signals_does_not_wear_out_true() -> None:
    """PySide6 6.12 loses a reference to True per Python emit; the kiosk emits via qt_compat."""
    import sys

    from PySide6.QtCore import QObject, Signal

    from kiosk.ui.look.qt_compat import emit

    class Source(QObject):
        fired = Signal(object)

    source = Source()
    before = sys.getrefcount(True)
    for _ in range(1000):
        emit(source.fired, 1)
    assert abs(sys.getrefcount(True) - before) < 10
