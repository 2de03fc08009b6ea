"""Message catalogs: every string a person reads comes from assets/i18n/<language>/*.toml.

Files are TOML tables; nested tables flatten to dotted keys (`[error.phone] format = "..."` is
`error.phone.format`). zh_CN is the default and the fallback for a key missing in another language.

Counts (the convention, also written at the top of every catalog file): a number that counts
something is written as an ICU plural, `{count, plural, one {# person} other {# people}}`, where
`#` is the number and the forms follow CLDR's cardinal rules: English has `one` (exactly the
integer 1) and `other`; Chinese has only `other`, so zh_CN simply writes `{count}` (a plural
there needs only `other`). An exact form such as `=0 {no one}` wins over the category. Any
parameter can be the count (`{pending, plural, ...}`), and one message may hold several.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from kiosk.cache.toml import load_toml
from kiosk.paths import assets_dir

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")
PLURAL_MARK = ", plural,"


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


def plural_category(language: str, number: object) -> str:
    """CLDR cardinal category: en `one` for the integer 1 (i = 1, v = 0), else `other`; zh has
    only `other`. A count that is not a whole number (or not a number) is `other`."""
    if language == "en" and isinstance(number, int) and not isinstance(number, bool):
        return "one" if number == 1 else "other"
    return "other"


def _matching_brace(text: str, opening: int) -> int:
    """The index of the `}` closing the `{` at `opening`, or -1."""
    depth = 0
    for index in range(opening, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return -1


def parse_forms(body: str) -> dict[str, str] | None:
    """`one {# person} other {# people}` → {"one": "# person", "other": "# people"}."""
    forms: dict[str, str] = {}
    index = 0
    while index < len(body):
        if body[index].isspace():
            index += 1
            continue
        opening = body.find("{", index)
        selector = body[index:opening].strip() if opening >= 0 else ""
        closing = _matching_brace(body, opening) if opening >= 0 else -1
        if not selector or closing < 0:
            return None
        forms[selector] = body[opening + 1:closing]
        index = closing + 1
    return forms if "other" in forms else None


def plural_parts(template: str) -> list[tuple[str, dict[str, str], int, int]]:
    """Every top-level `{name, plural, forms}` in `template`: (name, forms, start, end)."""
    found: list[tuple[str, dict[str, str], int, int]] = []
    start = template.find("{")
    while start >= 0:
        end = _matching_brace(template, start)
        if end < 0:
            break
        inner = template[start + 1:end]
        name, mark, rest = inner.partition(PLURAL_MARK)
        if mark and name.strip().isidentifier():
            forms = parse_forms(rest)
            if forms is not None:
                found.append((name.strip(), forms, start, end + 1))
        start = template.find("{", end + 1)
    return found


def expand_plurals(template: str, language: str, params: Mapping[str, Any]) -> str:
    """Replace each plural by the form for its count (`#` → the count); a count not given
    leaves `{name}` in the `other` form, so the usual fill says what is missing."""
    if PLURAL_MARK not in template:
        return template
    pieces: list[str] = []
    last = 0
    for name, forms, start, end in plural_parts(template):
        if name in params:
            value = params[name]
            form = forms.get(f"={value}") or forms.get(plural_category(language, value))
            text = (form if form is not None else forms["other"]).replace("#", str(value))
        else:
            text = forms["other"].replace("#", "{" + name + "}")
        pieces += [template[last:start], expand_plurals(text, language, params)]
        last = end
    pieces.append(template[last:])
    return "".join(pieces)


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
        own = self._messages.get(key)
        template = own or self._fallback.get(key)
        if template is None:
            return key
        template = expand_plurals(template, self.language if own else DEFAULT_LANGUAGE, params)
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template

    def text(self, localized: Mapping[str, str]) -> str:
        """Pick this language from a catalog text such as {"zh_CN": ..., "en": ...}."""
        return localized.get(self.language) or localized.get(DEFAULT_LANGUAGE) or ""
