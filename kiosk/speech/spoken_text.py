"""What the voice is given to read: the screen's words, with the few signs the Mandarin voice
would read wrongly written out as a Chinese listener says them, and codes (a tracking number as
screens group it, a phone number) digit by digit in both languages (docs/speech.md).

espeak-ng's Mandarin voice reads "+" and "−" through its English voice ("plus", "minus"), "%"
as "percent", a year as a quantity (2026年 → 二千零二十六年), "3.5" as 三五 and a lone "X" as
English letters. The display keeps the signs; only the speech text differs. Pure: the speech
worker applies it to every utterance, and tests render its output through the real espeak-ng.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_DIGITS = "零一二三四五六七八九"


def _chinese_digits(digits: str) -> str:
    """'2026' → '二零二六': each digit on its own, as years and decimals are read."""
    return "".join(_DIGITS[int(d)] for d in digits)


def _clock(match: re.Match[str]) -> str:
    hour, minute = int(match.group(1)), match.group(2)
    return f"{hour}点" if minute == "00" else f"{hour}点{minute}分"


_ZH_RULES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    # 2026-12-04 → 2026年12月4日 (then the year rule reads 二零二六年)
    (re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"),
     lambda m: f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日"),
    (re.compile(r"(?<!\d)(\d{4})(?=\s*年)"), lambda m: _chinese_digits(m.group(1))),
    (re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])"), _clock),
    (re.compile(r"(\d+(?:\.\d+)?)\s*[%％]"), lambda m: f"百分之{m.group(1)}"),
    (re.compile(r"(\d)\.(\d+)"), lambda m: f"{m.group(1)}点{_chinese_digits(m.group(2))}"),
    (re.compile(r"[+＋](?=\s*\d)"), "加"),   # a step button: "+10" → 加10
    (re.compile(r"[+＋]"), "加号"),           # the key itself: "请按 + 或者 −"
    # A minus sign, or a hyphen standing before a number as a minus ("−10", " - 1").
    (re.compile(r"(?:[−－]|(?<![\w-])-)(?=\s*\d)"), "减"),
    (re.compile(r"[−－]|(?<=\s)-(?=\s)"), "减号"),
    # The last character of an ID number, a key's label: said 叉, as residents call it.
    (re.compile(r"(?<![A-Za-z])[Xx](?![A-Za-z])"), "叉"),
)


# A tracking number as screens group it ("6023 7217 4343"), or any run of seven digits or more
# (a phone number): a code to copy down, never a quantity ("六千零二十三…", "six thousand…").
_NOT_IN_A_NUMBER_BEFORE, _NOT_IN_A_NUMBER_AFTER = r"(?<!\d)(?<!\d[.,])", r"(?!\d|[.,]\d)"
_GROUPED_CODE = re.compile(_NOT_IN_A_NUMBER_BEFORE + r"\d{4}(?:[ \u00a0]\d{4})+"
                           + _NOT_IN_A_NUMBER_AFTER)
_LONG_CODE = re.compile(_NOT_IN_A_NUMBER_BEFORE + r"\d{7,}" + _NOT_IN_A_NUMBER_AFTER)


def _digit_by_digit(text: str, group_separator: str) -> str:
    text = _GROUPED_CODE.sub(
        lambda m: group_separator.join(" ".join(group) for group in m.group(0).split()), text)
    return _LONG_CODE.sub(lambda m: " ".join(m.group(0)), text)


def for_speech(text: str, language: str) -> str:
    """`text` as the voice for `language` ("zh_CN", "en") should read it."""
    if not language.lower().startswith("zh"):
        return _digit_by_digit(text, ", ")
    text = _digit_by_digit(text, "，")
    for pattern, replacement in _ZH_RULES:
        text = pattern.sub(replacement, text)
    return text
