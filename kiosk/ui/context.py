"""What every screen and widget needs to draw itself: words, colours and today's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.i18n import Translator
from kiosk.ui.theme import STANDARD, Theme


@dataclass(frozen=True)
class UiContext:
    tr: Translator
    theme: Theme = STANDARD
    today: Callable[[], dt.date] = field(default=dt.date.today)

    @property
    def language(self) -> str:
        return self.tr.language

    def t(self, key: str, **params: object) -> str:
        return self.tr.t(key, **params)
