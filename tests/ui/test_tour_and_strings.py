"""The screenshot tour, the screens' fit on a 1920×1080 display, and where the words come from."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.domain.catalog import Catalog
from kiosk.domain.samples import sample_answer
from kiosk.domain.session import Step
from kiosk.i18n import LANGUAGES, _flatten
from kiosk.paths import assets_dir
from kiosk.store.store import Store
from kiosk.ui.look.theme import COLOUR_THEMES, TEXT_SIZES
from kiosk.ui.tour.tour import render_tour
from tests.helpers.kiosk_window import WindowFactory

UI_DIR = Path(__file__).resolve().parents[2] / "kiosk" / "ui"


def test_the_tour_renders_every_screen(qtbot: QtBot, tmp_path: Path, data_dir: Path,
                                       catalog: Catalog) -> None:
    out = tmp_path / "tour"
    paths = render_tour(out, data_dir)
    top = [p for p in paths if p.parent == out]  # the README's pictures
    names = [p.name for p in top]
    service = next(s for s in catalog.services if s.id == "elderly_allowance")
    assert names[0] == "01-home.png" and names[1] == "02-consent.png"
    for field in service.fields:
        assert any(n.endswith(f"-question-{field.id}.png") for n in names)
    assert any(n.endswith("-question-id_number-error.png") for n in names)
    for wanted in ("-review.png", "-receipt.png", "-en-home.png"):
        assert any(n.endswith(wanted) for n in names)
    # Screens added later carry a letter, so the numbered README set keeps its names.
    assert names[2:4] == ["02b-sensitive-consent.png", "02c-home-declined.png"]
    for wanted in ("b-volunteer-sign-in.png", "c-question-id_number-assisted.png",
                   "b-review-id-shown.png", "-receipt-print-fault.png", "-volunteer-today.png",
                   "-rating.png", "-rating-reasons.png", "-status-typed.png",
                   "-status-result.png", "-status-mistyped.png", "-consultation-question.png",
                   "-consultation-results.png", "-announcements.png", "-home-categories.png",
                   "-home-category.png"):
        assert any(n.endswith(wanted) for n in names), wanted
    numbered = [n for n in names if n[2] == "-"]
    assert [int(n[:2]) for n in numbered] == list(range(1, len(numbered) + 1))
    assert numbered[2] == f"03-question-{service.fields[0].id}.png"
    assert len(numbered) >= len(service.fields) + 7
    combos = {p.parent.relative_to(out) for p in paths if p.parent != out}
    assert combos == {Path(lang) / f"{colours}-{size}" for lang in LANGUAGES
                      for colours in COLOUR_THEMES for size in TEXT_SIZES}
    for combo in combos:
        shots = {p.name.split("-", 1)[1] for p in paths if p.parent == out / combo}
        assert {"home.png", "consent.png", "question-id_number-error.png", "help.png",
                "help-volunteer-called.png", "timeout-warning.png", "review.png",
                "saving.png", "receipt.png", "sensitive-consent.png", "home-declined.png",
                "volunteer-sign-in.png", "question-id_number-assisted.png",
                "review-id-shown.png", "rating.png", "rating-reasons.png",
                "status-result.png", "status-mistyped.png"} <= shots, combo
    for path in top + paths[-3:]:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1920, 1080), path.name
        assert path.stat().st_size > 10_000, path.name
    with Store.open(data_dir / "kiosk.sqlite3") as store:
        assert sum(store.counts().values()) == 1 + len(combos)


def test_every_screen_fits_on_the_kiosk_display(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog) -> None:
    """No screen may need more than 1920×1080: in full screen, the rest would be cut off."""
    for language in ("zh_CN", "en"):
        window = make_window(catalog=catalog, language=language)
        for service in catalog.services:
            window.home.tiles[service.id].click()
            window.consent.bar.next.click()
            while window.session.step is Step.QUESTION:
                field = window.session.view.field
                assert field is not None
                if field.required:  # first the "not filled in" error beside the field
                    window.question.bar.next.click()
                    assert window.session.view.error is not None
                    QApplication.processEvents()  # let the layouts take in the message
                    hint = window.minimumSizeHint()
                    assert hint.height() <= 1080 and hint.width() <= 1920, (
                        language, service.id, field.id, hint)
                window.question.input.set_raw(sample_answer(field))  # type: ignore[union-attr]
                window.question.bar.next.click()
            QApplication.processEvents()
            hint = window.minimumSizeHint()
            assert hint.height() <= 1080, (language, service.id, "review", hint)
            window.session.reset()


def _ui_messages(language: str) -> dict[str, str]:
    path = assets_dir() / "i18n" / language / "ui.toml"
    return _flatten(tomllib.loads(path.read_text(encoding="utf-8")))


def test_every_word_on_screen_comes_from_both_message_files() -> None:
    used: set[str] = set()
    for source in UI_DIR.rglob("*.py"):
        used |= set(re.findall(r"""["'](ui\.[a-z_]+\.[a-z_0-9]+)["']""", source.read_text()))
        used |= {f"ui.date.{p}" for p in ("year", "month", "day")}  # built from PARTS
    zh, en = _ui_messages("zh_CN"), _ui_messages("en")
    assert used - set(zh) == set()
    assert used - set(en) == set()
    assert set(zh) == set(en)
