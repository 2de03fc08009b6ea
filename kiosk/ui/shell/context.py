"""What every screen and widget needs to draw itself: words, colours and today's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.hall_time import HallTime
from kiosk.i18n import DEFAULT_LANGUAGE, Translator
from kiosk.ui.look.theme import STANDARD, Theme


@dataclass(frozen=True)
class UiContext:
    """The resident's language, look and words, handed to every screen as it renders."""

    tr: Translator
    theme: Theme = STANDARD
    today: Callable[[], dt.date] = field(default=dt.date.today)
    private_listening: bool = False   # a headset: personal data may be read back aloud
    hall: HallTime = field(default_factory=HallTime)   # the hall's zone: every time shown

    @property
    def language(self) -> str:
        return self.tr.language

    def t(self, key: str, **params: object) -> str:
        return self.tr.t(key, **params)


@dataclass(frozen=True)
class ResidentDefaults:
    """How each new resident's session starts (from the settings); their changes end with it."""

    language: str = DEFAULT_LANGUAGE
    theme: str = "standard"
    text_size: str = "standard"
    private_listening: bool = False
    idle_timeout_s: float = 90.0
    idle_warning_s: float = 30.0
