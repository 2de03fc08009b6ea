"""Which of the speech engine's voices speaks which language (the speech worker's choice).

Pure, so it is tested against fake voice lists (espeak-ng's, SAPI5's). Apart from kiosk.speech.api,
which the window imports before its first frame: only the worker process needs this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class VoiceInfo:
    """A voice the speech engine offers."""

    id: str
    name: str
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class VoiceChoice:
    """The voice chosen for a language, and how well it fits."""

    voice_id: str | None
    problem: str | None = None


_LANGUAGE_NAMES = {"zh": "Mandarin", "en": "English"}
_NOT_MANDARIN = ("cantonese", "hakka", "hong kong", "yue", "hak")
_MANDARIN_NAMES = ("mandarin", "huihui", "yaoyao", "kangkang", "xiaoxiao", "simplified")


def _score(voice: VoiceInfo, primary: str) -> int:
    """How well a voice fits a language: 0 = not at all; higher is better; ties keep list order."""
    langs = [lang.lower().replace("_", "-") for lang in voice.languages]
    name = voice.name.lower()
    if primary == "zh":
        if any(word in name for word in _NOT_MANDARIN) or any(
                lang.startswith(("yue", "hak", "zh-hk")) for lang in langs):
            return 0
        if "cmn-latn-pinyin" in langs or voice.id.lower().endswith("cmn-latn-pinyin"):
            return 100  # espeak-ng's voice that reads every character as Mandarin
        if any(lang in ("zh-cn", "zh", "zh-hans", "zh-hans-cn") for lang in langs):
            return 90
        if any(word in name for word in _MANDARIN_NAMES):
            return 80
        if "cmn" in langs:
            return 75  # espeak-ng 1.51's cmn reads most characters through its English voice
        if any(lang.startswith(("cmn-", "zh-")) for lang in langs):
            return 70  # zh-TW: Mandarin, but not the first choice
        return 50 if "chinese" in name else 0
    if primary in langs:
        return 100
    if any(lang in (f"{primary}-us", f"{primary}-gb") for lang in langs):
        return 90
    if any(lang.startswith(primary + "-") for lang in langs):
        return 80
    return 50 if primary == "en" and "english" in name else 0


def voice_name(voice_id: str | None) -> str:
    """The short name a technician types: 'sit/cmn-latn-pinyin' → 'cmn-latn-pinyin' (espeak-ng's
    own name for `espeak-ng -v`); a SAPI5 token's last part, 'TTS_MS_ZH-CN_HUIHUI_11.0'."""
    if not voice_id:
        return ""
    return voice_id.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def choose_voice(voices: Sequence[VoiceInfo], language: str) -> VoiceChoice:
    """The best voice for "zh_CN" / "en"; else any voice, with a problem the technician sees."""
    primary = language.replace("-", "_").split("_")[0].lower()
    if not voices:
        return VoiceChoice(None, "the speech engine has no voices installed")
    best = max(voices, key=lambda v: _score(v, primary))  # max() keeps the first of equals
    if _score(best, primary) > 0:
        return VoiceChoice(best.id)
    wanted = _LANGUAGE_NAMES.get(primary, language)
    return VoiceChoice(voices[0].id, f"no {wanted} voice; speaking {language} with "
                                     f"{voices[0].name} ({voices[0].id})")
