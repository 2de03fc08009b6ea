"""Every screen, in both languages, both colour themes and all three text sizes: nothing clipped
or outside the 1920×1080 window, every target ≥ 72×72 px and ≥ 16 px apart, and every control
named for screen readers in the screen's language. One window is reused for all combinations.
"""

from __future__ import annotations

import re

from pytestqt.qtbot import QtBot

from kiosk.domain.catalog import Catalog
from kiosk.i18n import LANGUAGES
from kiosk.ui.look.theme import COLOUR_THEMES, TEXT_SIZES
from kiosk.ui.shell.context import ResidentDefaults
from kiosk.ui.widgets.qr_widget import QrWidget
from tests.helpers.kiosk_window import VOLUNTEER_NAME, WindowFactory
from tests.helpers.screen_walk import (
    RECEIPT,
    accessible_name,
    clipping_problems,
    controls,
    settle,
    target_report,
    walk,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def names_problems(window: object, language: str) -> list[str]:
    problems = []
    for widget in controls(window):  # type: ignore[arg-type]
        name = accessible_name(widget).replace(VOLUNTEER_NAME, "")  # a name is a name
        if not name.strip():
            problems.append(f"{type(widget).__name__} {widget.objectName()!r} has no name")
        elif language == "en" and CJK.search(name) and name != "中文":
            problems.append(f"Chinese name on an English screen: {name!r}")
        elif language == "zh_CN" and LATIN_WORD.search(name):
            problems.append(f"English name on a Chinese screen: {name!r}")
    return problems


def test_every_screen_in_every_language_theme_and_size(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog, badge_code: str) -> None:
    window = make_window(catalog=catalog)
    service = next(s for s in catalog.services if s.id == "elderly_allowance")
    other = next(s for s in catalog.services if s.id == "medical_insurance")
    failures: list[str] = []
    smallest, closest, screens = 10_000, 10_000, 0
    seen: set[str] = set()
    for language in LANGUAGES:
        for colours in COLOUR_THEMES:
            for size in TEXT_SIZES:
                window.apply_defaults(ResidentDefaults(language, colours, size))
                for chosen in (service, other):
                    for screen in walk(window, chosen, catalog, badge_code):
                        settle()
                        screens += 1
                        seen.add(screen)
                        where = f"{language}/{colours}-{size}/{chosen.id}/{screen}"
                        failures += [f"{where}: {p}" for p in clipping_problems(window)]
                        side, distance, problems = target_report(window)
                        smallest, closest = min(smallest, side), min(closest, distance)
                        failures += [f"{where}: {p}" for p in problems]
                        failures += [f"{where}: {p}" for p in names_problems(window, language)]
                        if screen == "receipt":
                            qr = window.receipt.findChild(QrWidget)
                            assert accessible_name(qr) == RECEIPT.tracking_number
    assert {"sensitive-consent", "home-declined", "review-id-shown", "volunteer-sign-in",
            "volunteer-sign-in-wrong", "question-id_number-assisted", "status-lookup",
            "status-result", "rating", "rating-reasons"} <= seen
    print(f"\n{screens} screens; smallest target {smallest} px; closest targets {closest} px")
    assert not failures, "\n".join(failures[:60]) + f"\n… {len(failures)} problems in all"
