"""The printed receipt as a document: wrapped lines, the big tracking number and a QR block.

A pure function from a `Receipt` (plus service title, hall name, language and date) to a
`ReceiptDoc`. It never sees the resident's answers, so a receipt cannot carry a name, an ID
number or a phone number. kiosk.printing.printer turns it into ESC/POS bytes; the Qt PDF fallback
draws
the same document.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from kiosk.domain import tracking
from kiosk.domain.receipts import Receipt
from kiosk.i18n import DEFAULT_LANGUAGE, Translator

# -- the receipt document ---------------------------------------------------------------------


class TextSize(Enum):
    NORMAL = "normal"
    TALL = "tall"  # double height
    BIG = "big"  # double width and double height

    @property
    def width_factor(self) -> int:
        return 2 if self is TextSize.BIG else 1

    @property
    def height_factor(self) -> int:
        return 1 if self is TextSize.NORMAL else 2


@dataclass(frozen=True)
class TextLine:
    """One printed line, already wrapped to fit the paper at its size."""

    text: str
    size: TextSize = TextSize.NORMAL
    bold: bool = False
    centered: bool = False


@dataclass(frozen=True)
class QrBlock:
    """A QR code of `data` (the 12 digits of the tracking number, nothing else), centred."""

    data: str


@dataclass(frozen=True)
class Rule:
    """A horizontal separator across the paper."""


Block = TextLine | QrBlock | Rule


@dataclass(frozen=True)
class ReceiptDoc:
    tracking_number: str  # 12 digits, no separators
    language: str
    columns: int  # half-width character cells per line (a Chinese character takes two)
    blocks: tuple[Block, ...]

    def text_lines(self) -> list[str]:
        """Every line of text in order (a rule as dashes, the QR code as a placeholder)."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, TextLine):
                lines.append(block.text)
            elif isinstance(block, Rule):
                lines.append("-" * self.columns)
            else:
                lines.append(f"[QR {block.data}]")
        return lines

    def plain_text(self) -> str:
        return "\n".join(self.text_lines())


PAPER_COLUMNS = {58: 32, 80: 48}  # Font A (12×24 dots) on 384 / 576 printable dots
DEFAULT_COLUMNS = PAPER_COLUMNS[58]

_NO_LINE_START = frozenset("，。、；：？！）》」』】〉”’,.;:?!)]}%")
_TOKEN = re.compile(r"\s+|[\x21-\x7e]+|.", re.DOTALL)


def char_width(ch: str) -> int:
    """Cells a character takes on a thermal printer: 2 for Chinese (and full-width), else 1."""
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def clean_text(text: str) -> str:
    """One line of printable text: line breaks become spaces; control and format characters
    (which the printer would take as commands) are dropped."""
    text = re.sub(r"[\r\n\t\v\f\u2028\u2029]+", " ", text)
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith("C")).strip()


def _split_to_width(token: str, columns: int) -> list[str]:
    """Cut a run too wide for one line; a closing punctuation mark takes a character along."""
    pieces, current = [], ""
    for ch in token:
        if current and display_width(current) + char_width(ch) > columns:
            carried = current[-1] if ch in _NO_LINE_START and len(current) > 1 else ""
            pieces.append(current[:len(current) - len(carried)])
            current = carried
        current += ch
    return [*pieces, current] if current else pieces


def wrap_text(text: str, columns: int) -> list[str]:
    """Wrap to `columns` cells: Chinese may break between any two characters, Latin words and
    numbers only at spaces; closing punctuation never starts a line."""
    text = clean_text(text)
    if not text:
        return [""]
    words: list[str] = []  # unbreakable pieces; closing punctuation sticks to what precedes it
    for match in _TOKEN.findall(text):
        if match.isspace():
            words.append(" ")
        elif words and words[-1] != " " and match[0] in _NO_LINE_START:
            words[-1] += match
        else:
            words.append(match)
    lines: list[str] = []
    current = ""
    for word in words:
        if word == " ":
            current += " " if current else ""
            continue
        for piece in _split_to_width(word, columns):
            if display_width(current) + display_width(piece) <= columns:
                current += piece
                continue
            if current.strip():
                lines.append(current.rstrip())
            current = piece
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


def _lines(text: str, columns: int, size: TextSize = TextSize.NORMAL, bold: bool = False,
           centered: bool = False) -> list[TextLine]:
    width = max(1, columns // size.width_factor)
    return [TextLine(line, size, bold, centered) for line in wrap_text(text, width)]


def layout_receipt(receipt: Receipt, *, service_title: str, hall_name: str, language: str,
                   date: dt.date, columns: int = DEFAULT_COLUMNS) -> ReceiptDoc:
    """What goes on the paper, in order. Pure: the same inputs give the same document.

    Only the tracking number, the service title, the hall name and the date are printed: the
    receipt may be lost or left on the counter, so nothing about the resident is on it.
    `hall_name` empty → the translated default ("乡镇便民服务中心").
    """
    if columns < 16:
        raise ValueError("a receipt needs at least 16 columns")
    t = Translator(language if language else DEFAULT_LANGUAGE)
    digits = tracking.normalize(receipt.tracking_number)
    hall = clean_text(hall_name) or t.t("printing.receipt.default_hall")
    when = t.t("printing.receipt.date_format", year=date.year, month=date.month, day=date.day)
    blocks: list[Block] = [
        *_lines(hall, columns, TextSize.TALL, bold=True, centered=True),
        *_lines(t.t("printing.receipt.heading"), columns, centered=True),
        Rule(),
        *_lines(t.t("printing.receipt.service", service=clean_text(service_title)), columns),
        *_lines(t.t("printing.receipt.date", date=when), columns),
        Rule(),
        *_lines(t.t("printing.receipt.number_label"), columns, centered=True),
        *_lines(tracking.grouped(digits), columns, TextSize.BIG, bold=True, centered=True),
        QrBlock(digits),
        *_lines(t.t("printing.receipt.next_step"), columns, bold=True, centered=True),
        *_lines(t.t("printing.receipt.how_to_check"), columns),
        *_lines(t.t("printing.receipt.keep"), columns),
    ]
    return ReceiptDoc(digits, t.language, columns, tuple(blocks))
