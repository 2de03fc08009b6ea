"""The text of a resident ID card: fixed-width UCS-2 (little-endian) fields, space-padded.

Layout in bytes: name 30, sex 2, ethnicity 4, birth date 16, address 70, ID number 36, issuing
authority 30, valid from 16, valid until 16, reserved 36 (256 in all). Other card kinds (the
foreigners' permanent residence card, the Hong Kong/Macao/Taiwan residence permit) use the
same 256 bytes differently and mark themselves with a letter in the reserved part: we refuse
them by name rather than misread them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.identity.card_errors import BadCardText, CardExpired, UnsupportedCard

TEXT_SIZE = 256
LAYOUT: tuple[tuple[str, int], ...] = (
    ("name", 30), ("sex", 2), ("ethnicity", 4), ("birth_date", 16), ("address", 70),
    ("id_number", 36), ("issuing_authority", 30), ("valid_from", 16), ("valid_until", 16),
    ("reserved", 36),
)
CARD_TYPE_OFFSET = 248  # bytes into the text: one UCS-2 letter in the reserved part
CARD_TYPES = {" ": "resident", "\0": "resident", "I": "foreign_permanent_residence",
              "J": "hmt_residence_permit"}
LONG_TERM = "长期"
SEXES = {"1": "male", "2": "female"}

# GB/T 3304-1991 (中国各民族名称的罗马字母拼写法和代码): the 56 groups by their two-digit code.
ETHNICITIES: dict[str, str] = {f"{i:02d}": name for i, name in enumerate((
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族",
    "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族",
    "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",
    "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族",
    "基诺族"), start=1)}


@dataclass(frozen=True)
class CardFields:
    """What a resident card says. `valid_until` is None for a card valid for life (长期)."""

    name: str
    sex: str                  # male, female or unknown
    ethnicity: str            # the group's name (汉族…), or the code if it is not in the list
    birth_date: dt.date
    address: str
    id_number: str
    issuing_authority: str
    valid_from: dt.date
    valid_until: dt.date | None
    card_type: str = "resident"

    def check_valid_on(self, today: dt.date) -> None:
        if self.valid_until is not None and self.valid_until < today:
            raise CardExpired(self.valid_until)


def card_type_of(text: bytes) -> str:
    letter = text[CARD_TYPE_OFFSET:CARD_TYPE_OFFSET + 2].decode("utf-16-le", "replace")
    return CARD_TYPES.get(letter, "unknown")


def _split(text: bytes) -> dict[str, str]:
    values, start = {}, 0
    for name, size in LAYOUT:
        try:
            raw = text[start:start + size].decode("utf-16-le")
        except UnicodeDecodeError:
            raise BadCardText("the card's text could not be read (not UCS-2): try again"
                              ) from None
        values[name] = raw.rstrip(" \0")
        start += size
    return values


def _date(value: str, field: str) -> dt.date:
    try:
        if len(value) != 8 or not value.isdigit():
            raise ValueError(value)
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise BadCardText(f"the card's {field.replace('_', ' ')} is not a date: try "
                          "again") from None


def parse_text(text: bytes) -> CardFields:
    """The 256 text bytes → fields. Raises UnsupportedCard for other card kinds, BadCardText
    for text that does not fit the resident layout."""
    if len(text) < TEXT_SIZE:
        raise BadCardText("the card's text is shorter than a resident card's: try again")
    card_type = card_type_of(text)
    if card_type != "resident":
        raise UnsupportedCard(card_type)
    values = _split(text[:TEXT_SIZE])
    number = values["id_number"].upper()
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit()
                                                              or number[17] == "X"):
        raise BadCardText("the card's ID number is not 18 characters: try again")
    until = values["valid_until"]
    return CardFields(
        name=values["name"], sex=SEXES.get(values["sex"], "unknown"),
        ethnicity=ETHNICITIES.get(values["ethnicity"], values["ethnicity"]),
        birth_date=_date(values["birth_date"], "birth_date"), address=values["address"],
        id_number=number, issuing_authority=values["issuing_authority"],
        valid_from=_date(values["valid_from"], "valid_from"),
        valid_until=None if until == LONG_TERM else _date(until, "valid_until"),
        card_type=card_type)
