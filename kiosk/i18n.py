"""Message catalogs: every string a person reads comes from assets/i18n/<language>/*.toml.

Files are TOML tables; nested tables flatten to dotted keys (`[error.phone] format = "..."` is
`error.phone.format`). zh_CN is the default and the fallback for a key missing in another language.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from kiosk.paths import assets_dir
from kiosk.toml_cache import load_toml

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        full = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, full + "."))
        else:
            flat[full] = str(value)
    return flat


@lru_cache(maxsize=8)
def load_messages(language: str, root: Path | None = None) -> dict[str, str]:
    folder = (root or assets_dir() / "i18n") / language
    messages: dict[str, str] = {}
    for file in sorted(folder.glob("*.toml")):
        messages.update(_flatten(load_toml(file)))  # parsed once per content (toml_cache)
    return messages


class Translator:
    """Looks up and fills messages for one language, falling back to zh_CN, then to the key."""

    def __init__(self, language: str = DEFAULT_LANGUAGE, root: Path | None = None) -> None:
        if language not in LANGUAGES:
            language = DEFAULT_LANGUAGE
        self.language = language
        self._messages = load_messages(language, root)
        self._fallback = load_messages(DEFAULT_LANGUAGE, root)

    def has(self, key: str) -> bool:
        return key in self._messages or key in self._fallback

    def t(self, key: str, **params: Any) -> str:
        template = self._messages.get(key) or self._fallback.get(key)
        if template is None:
            return key
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template

    def text(self, localized: Mapping[str, str]) -> str:
        """Pick this language from a catalog text such as {"zh_CN": ..., "en": ...}."""
        return localized.get(self.language) or localized.get(DEFAULT_LANGUAGE) or ""
