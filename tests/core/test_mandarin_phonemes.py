"""Every Chinese string the kiosk can say, through the real espeak-ng with the voice the speech
worker really chooses: not one may switch to another language's voice.

espeak-ng 1.51's `cmn` voice read 577 of 585 of them through its English voice ("(en)nI55nt'u:55"
for 您好: "nin two, hao three"). The texts are the service catalog's (every zh_CN value in
assets/catalog) and every message of assets/i18n/zh_CN, placeholders filled with realistic
values, turned into speech text as the worker does (kiosk.speech.spoken_text.for_speech).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from kiosk.i18n import Translator, load_messages
from kiosk.paths import assets_dir
from kiosk.speech.spoken_text import for_speech
from tests.helpers.phonemes import (
    LANGUAGE_SWITCH,
    command_phonemes,
    needs_espeak,
    phonemes,
    syllables,
    voice_in_use,
)

pytestmark = needs_espeak

# Realistic values for each placeholder name; a new name gets a count, so a new message is
# checked the day it is written (and a count is what most new placeholders hold).
SAMPLES: dict[str, object] = {
    "answer": "东湾村", "calls": 2, "choice": "东湾村", "count": 3, "date": "2029年12月31日",
    "day": 4, "days": 2, "digits": "6 0 2 3，7 2 1 7，4 3 4 3",
    "error": "连接超时", "free": "12.5", "hour": 9, "hours": 5, "label": "姓名", "max": 20,
    "message": "材料齐全，已经批了", "min": 2, "minute": 5, "minutes": 15, "month": 12,
    "month_name": "12月", "name": "李明", "number": "6023 7217 4343", "option": "去小学的路",
    "options": "东湾村，石桥村，其他村", "part": "年", "pending": 3, "quarantined": 1,
    "reason": "内容不全", "seconds": 10, "service": "高龄津贴", "size": "大字", "step": 10,
    "text": "下周二上午九点，村委会开会。", "time": "2026-12-04 09:30", "total": 40,
    "value": "1949", "votes": 12, "weekday": "星期五", "where": "二号窗口", "year": 2026,
}
# Shown on the technician panel only, which has no voice (TechnicianPanel is given no speaker),
# with a command, an address or a configuration line to be typed exactly as written: a Mandarin
# voice cannot say them and never has to. Nothing a resident or volunteer hears is exempt.
TYPED_LITERALLY = {"tech.pin.not_set", "tech.settings.url_hint", "tech.settings.bad_url",
                   "tech.test.advice.sending"}
_PLACEHOLDER = re.compile(r"\{\s*([A-Za-z_]\w*)")


def _catalog_texts(folder: Path) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "zh_CN" and isinstance(value, str):
                    found.append((where, value))
                else:
                    walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    for file in sorted(folder.rglob("*.toml")):
        walk(tomllib.loads(file.read_text(encoding="utf-8")), file.relative_to(folder).as_posix())
    return found


def _message_texts() -> list[tuple[str, str]]:
    tr = Translator("zh_CN")
    texts = []
    for key, template in sorted(load_messages("zh_CN").items()):
        params = {name: SAMPLES.get(name, 3) for name in _PLACEHOLDER.findall(template)}
        texts.append((key, tr.t(key, **params)))
    return texts


def every_chinese_text() -> list[tuple[str, str]]:
    return _catalog_texts(assets_dir() / "catalog") + _message_texts()


def test_every_chinese_string_is_read_in_mandarin_only() -> None:
    texts = every_chinese_text()
    assert len(texts) > 500   # the catalog and every message file were found
    unfilled = [(key, text) for key, text in texts if "{" in text]
    assert not unfilled, f"placeholders left unfilled (add a sample to SAMPLES): {unfilled}"
    voice = voice_in_use("zh_CN")
    spoken = [for_speech(text, "zh_CN") for _key, text in texts]
    switched = [f"{key}: {text!r} → {said!r}: {found[:160]}"
                for (key, text), said, found in zip(texts, spoken, phonemes(spoken, voice),
                                                    strict=True)
                if LANGUAGE_SWITCH.search(found) and key not in TYPED_LITERALLY]
    assert not switched, f"{len(switched)} strings leave Mandarin with {voice}:\n" + \
        "\n".join(switched)


def test_the_library_and_the_espeak_ng_command_agree_on_every_switch() -> None:
    # A few texts both ways, with the old voice (switches) and the chosen one (none).
    sample = [for_speech(text, "zh_CN") for _key, text in every_chinese_text()[:8]]
    sample.append("请用 kiosk technician set-pin 设置。")
    for voice in ("cmn", voice_in_use("zh_CN")):
        for text, found in zip(sample, phonemes(sample, voice), strict=True):
            by_command = command_phonemes(text, voice)
            assert LANGUAGE_SWITCH.findall(found) == LANGUAGE_SWITCH.findall(by_command), text
            assert syllables(found) == syllables(by_command), text


def test_the_check_catches_the_voice_the_kiosk_used_to_choose() -> None:
    # The old choice, cmn, on the same texts: the check must see its switches to English.
    sample = [text for _key, text in every_chinese_text()[:40]]
    found = phonemes([for_speech(text, "zh_CN") for text in sample], "cmn")
    assert sum(bool(LANGUAGE_SWITCH.search(ph)) for ph in found) > 30


def test_signs_years_decimals_and_the_letter_x_are_said_in_mandarin() -> None:
    voice = voice_in_use("zh_CN")
    cases = {
        "请按 + 或者 − 选年、月、日。": "请按加号或者减号选年、月、日。",
        "年 −10": "年减10",
        "1949年12月31日": "一九四九年12月31日",    # a year digit by digit, not 一千九百…
        "更新于 2026-12-04 09:30": "更新于二零二六年12月4日9点30分",
        "3.5 亩": "三点五亩",
        "最后一位如果是 X，就按 X 键。": "最后一位如果是叉，就按叉键。",
        "正在补打 6023 7217 4343 的凭条。": "正在补打六零二三，七二一七，四三四三的凭条。",
        "电话 13812345678": "电话一三八一二三四五六七八",
    }
    said = phonemes([for_speech(text, "zh_CN") for text in cases], voice)
    expected = phonemes(list(cases.values()), voice)
    for text, got, want in zip(cases, said, expected, strict=True):
        assert syllables(got) == syllables(want), text
        assert not LANGUAGE_SWITCH.search(got), text
