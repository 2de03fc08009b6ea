"""English wording: no "1 people", no curly or full-width punctuation.

Runs over every English message (assets/i18n/en/*.toml, as the kiosk loads them) and the English
side of every text in the service catalog (assets/catalog), so a new message is checked too.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.i18n import (
    DEFAULT_LANGUAGE,
    Translator,
    expand_plurals,
    load_messages,
    plural_category,
    plural_parts,
)
from kiosk.paths import assets_dir

# Curly quotes, CJK punctuation (U+3000–303F) and full-width forms (U+FF00–FFEF): a CJK font
# draws them a full character wide, which looks broken in an English sentence.
FULL_WIDTH = re.compile(r"[“”‘’\u3000-\u303f\uff00-\uffef]")

# Parameters that count something. In English each must be an ICU plural, except where the
# number is followed by no noun at all (listed, with why).
COUNTS = {"count", "total", "pending", "quarantined", "seconds", "minutes", "hours", "days",
          "calls", "people", "services", "categories", "pages", "tries"}
NO_NOUN = {
    "ui.nav.step": "Step 2 of 5: the count stands alone",
    "ui.keypad.count_of": "the first number of '3 of 18 characters' stands alone",
    "tech.age.days": "d and h are unit symbols, the same for 1 and 2",
    "tech.age.hours": "h and min are unit symbols",
    "tech.age.minutes": "min is a unit symbol",
    "tech.health.disk_free": "GB is a unit symbol",
    "home_pages.page": "Page 2 of 5",
    "home_pages.page_spoken": "This is page 2 of 5",
}
# Whatever its name, a number written straight before one of these nouns needs plural forms.
NOUNS = re.compile(r"\}\s+(people|persons?|characters?|digits?|votes?|applications?|minutes?|"
                   r"seconds?|hours?|days?|tries|try|services?|categories|category|items?|"
                   r"pages?|requests?|receipts?|times)\b")
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def _catalog_english(value: object, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "en" and isinstance(item, str):
                yield where, item
            else:
                yield from _catalog_english(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _catalog_english(item, f"{where}[{index}]")


def catalog_texts() -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for path in sorted((assets_dir() / "catalog").rglob("*.toml")):
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        texts += _catalog_english(document, path.relative_to(assets_dir()).as_posix())
    return texts


def chosen_in_code(key: str, messages: dict[str, str]) -> bool:
    """A key pair `X_one`/`X_other` (or `X.one`/`X.other`) whose form the code picks by count:
    the `other` key may name its count plainly, as long as the `one` key exists."""
    for mark in ("_other", ".other"):
        if key.endswith(mark) and key[:-len(mark)] + mark.replace("other", "one") in messages:
            return True
    return key.endswith(("_one", ".one"))


def outside_plurals(template: str) -> str:
    """The template with every plural construct cut out."""
    kept, last = [], 0
    for _name, _forms, start, end in plural_parts(template):
        kept.append(template[last:start])
        kept.append(" ")
        last = end
    kept.append(template[last:])
    return "".join(kept)


def test_there_are_english_messages_and_catalog_texts_to_check() -> None:
    assert len(load_messages("en")) > 300
    assert len(catalog_texts()) > 50


def test_no_english_message_or_catalog_text_has_full_width_punctuation() -> None:
    bad = [f"{key}: {text!r}" for key, text in load_messages("en").items()
           if FULL_WIDTH.search(text)]
    bad += [f"{where}: {text!r}" for where, text in catalog_texts() if FULL_WIDTH.search(text)]
    assert bad == []


def test_every_english_count_has_plural_forms() -> None:
    bad: list[str] = []
    messages = load_messages("en")
    for key, template in messages.items():
        for _name, forms, _start, _end in plural_parts(template):
            if set(forms) - {"one", "other"} - {f for f in forms if f.startswith("=")}:
                bad.append(f"{key}: a form English does not have: {sorted(forms)}")
            if "one" not in forms:
                bad.append(f"{key}: no 'one' form")
        rest = outside_plurals(template)
        if chosen_in_code(key, messages):
            continue
        if key not in NO_NOUN:
            bad += [f"{key}: {{{name}}} is a count without plural forms"
                    for name in PLACEHOLDER.findall(rest) if name in COUNTS]
        bad += [f"{key}: a number before {m.group(1)!r} without plural forms"
                for m in NOUNS.finditer(rest)]
    assert bad == []


def test_every_catalog_text_with_a_count_has_plural_forms() -> None:
    bad = [f"{where}: {text!r}" for where, text in catalog_texts()
           if any(name in COUNTS for name in PLACEHOLDER.findall(outside_plurals(text)))
           or NOUNS.search(outside_plurals(text))]
    assert bad == []


def test_every_plural_is_well_formed_in_both_languages() -> None:
    """A plural that does not parse would be shown as the raw template: each has `other`, and
    filled with a count it leaves no `plural` text behind."""
    for language in ("zh_CN", "en"):
        for key, template in load_messages(language).items():
            if ", plural," not in template:
                continue
            names = {name for name, _f, _s, _e in plural_parts(template)}
            assert names, f"{language} {key}: a plural that does not parse"
            filled = expand_plurals(template, language, dict.fromkeys(names, 2))
            assert "plural" not in filled, f"{language} {key}: {filled!r}"


def test_cldr_categories_for_english_and_chinese() -> None:
    assert [plural_category("en", n) for n in (0, 1, 2, 11, 21)] == [
        "other", "one", "other", "other", "other"]
    assert plural_category("en", 1.5) == "other"
    assert plural_category("en", True) == "other"   # a flag is not a count
    assert {plural_category("zh_CN", n) for n in (0, 1, 2)} == {"other"}


@pytest.mark.parametrize(("key", "params", "one", "two"), [
    ("receipts.today.summary", {"calls": 1}, "1 application today; 1 person is waiting",
     "2 applications today; 1 person is waiting"),
    ("ui.keypad.count", {}, "1 digit so far", "2 digits so far"),
    ("consultations.results.votes", {}, "1 vote", "2 votes"),
    ("tech.pin.wrong", {}, "Wrong PIN. 1 try left.", "Wrong PIN. 2 tries left."),
    ("ui.speech.entered_count", {}, "1 character entered", "2 characters entered"),
])
def test_english_counts_read_right_for_one_and_two(key: str, params: dict[str, int], one: str,
                                                   two: str) -> None:
    en = Translator("en")
    assert en.t(key, count=1, **params).startswith(one)
    assert en.t(key, count=2, **params).startswith(two)


def test_several_counts_in_one_message_and_chinese_keeps_its_one_form() -> None:
    en, zh = Translator("en"), Translator(DEFAULT_LANGUAGE)
    assert en.t("receipts.today.summary", count=2, calls=2) == (
        "2 applications today; 2 people are waiting for a volunteer.")
    assert en.t("ui.sync.waiting", pending=1).startswith("1 application saved; it will")
    assert en.t("ui.sync.waiting", pending=3).startswith("3 applications saved; they will")
    assert zh.t("receipts.today.summary", count=1, calls=1) == zh.t(
        "receipts.today.summary", count=1, calls=1).replace("{", "")
    assert "1" in zh.t("receipts.today.summary", count=1, calls=2)


def test_a_plural_in_a_message_file_is_filled(tmp_path: Path) -> None:
    """The engine itself, on a catalog of its own: exact forms, nested placeholders, and a
    missing count left as `{name}` (as any missing parameter is)."""
    for language in ("zh_CN", "en"):
        (tmp_path / language).mkdir()
    (tmp_path / "zh_CN" / "m.toml").write_text('x = "{n} 个"\n', encoding="utf-8")
    (tmp_path / "en" / "m.toml").write_text(
        'x = "{n, plural, =0 {nobody} one {# person in {place}} other {# people in {place}}}"\n',
        encoding="utf-8")
    en = Translator("en", root=tmp_path)
    assert en.t("x", n=0, place="Dongwan") == "nobody"
    assert en.t("x", n=1, place="Dongwan") == "1 person in Dongwan"
    assert en.t("x", n=7, place="Dongwan") == "7 people in Dongwan"
    assert en.t("x", place="Dongwan") == "{n} people in {place}"   # as any missing one
    assert Translator("zh_CN", root=tmp_path).t("x", n=1) == "1 个"
