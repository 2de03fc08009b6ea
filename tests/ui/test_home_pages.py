"""Home offers every service at any count: pages of at most six tiles
turned with 上一页 / 下一页, or categories first when the catalog declares them; spoken, named
for screen readers, reachable with the keyboard, and never cut off at 1920×1080, in both
languages and at every text size. Catalogs are built here, with realistic titles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.domain.announcements import Announcement
from kiosk.domain.catalog import Catalog, load_catalog
from kiosk.domain.session import Step
from kiosk.i18n import LANGUAGES
from kiosk.ui.look.theme import TEXT_SIZES
from kiosk.ui.screens.home import ConsultationTile, HomeScreen
from kiosk.ui.shell.context import ResidentDefaults
from kiosk.ui.shell.main_window import MainWindow
from kiosk.ui.widgets.tile_button import TileButton
from tests.helpers.kiosk_window import WindowFactory, speaker_of
from tests.helpers.screen_walk import accessible_name, visible_part, window_rect

# Real service names of a township hall, long ones included (the English wraps the most).
NAMES = [
    ("高龄津贴", "80 岁以上老人每月领的补贴", "Elderly allowance",
     "A monthly allowance for people aged 80 and over"),
    ("城乡居民养老保险", "交钱、领养老金、改信息", "Residents' pension insurance",
     "Pay in, draw your pension, or change your details"),
    ("医保参保", "交明年的城乡居民医保", "Health insurance",
     "Sign up for next year's residents' health insurance"),
    ("残疾人补贴", "困难和重度残疾人的两项补贴", "Disability allowance",
     "Living and care allowances for disabled people"),
    ("最低生活保障", "家里收入低，申请低保", "Basic living support",
     "Apply if your household income is very low"),
    ("意见建议", "有什么想法，跟我们说说", "Suggestions", "Tell us what could be better"),
]
ICONS = ["elderly", "elderly", "medical", "disability", "notice", "suggestion"]
CATEGORIES = [("yanglao", "养老", "Pensions and old age", "elderly"),
              ("yibao", "医保", "Health insurance", "medical"),
              ("canji", "残疾", "Disability", "disability"),
              ("minzheng", "民政", "Civil affairs", "notice"),
              ("yijian", "意见", "Suggestions", "suggestion")]
SERVICE = """id = "{id}"
icon = "{icon}"
{category}
title = {{ zh_CN = "{zh}", en = "{en}" }}
summary = {{ zh_CN = "{zh_summary}", en = "{en_summary}" }}
consent = {{ zh_CN = "我们会记下您填的内容。", en = "We will note your answers." }}

[[fields]]
id = "has_pension"
type = "yes_no"
label  = {{ zh_CN = "有没有养老金", en = "Pension" }}
prompt = {{ zh_CN = "您有养老金吗？", en = "Do you get a pension?" }}
help   = {{ zh_CN = "有就点是。", en = "Tap Yes if you do." }}
"""


def write_catalog(folder: Path, count: int, categories: int = 0) -> Path:
    """A catalog of `count` services (spread over the first `categories` categories)."""
    (folder / "services").mkdir(parents=True, exist_ok=True)
    ids = [f"service_{n:02d}" for n in range(count)]
    manifest = f'version = "pages-{count}-{categories}"\nservices = {ids!r}\n'.replace("'", '"')
    for cid, zh, en, icon in CATEGORIES[:categories]:
        manifest += (f'\n[categories.{cid}]\nicon = "{icon}"\n'
                     f'title = {{ zh_CN = "{zh}", en = "{en}" }}\n')
    (folder / "catalog.toml").write_text(manifest, encoding="utf-8")
    for n, service_id in enumerate(ids):
        zh, zh_summary, en, en_summary = NAMES[n % len(NAMES)]
        category = (f'category = "{CATEGORIES[n % categories][0]}"' if categories else "")
        (folder / "services" / f"{service_id}.toml").write_text(SERVICE.format(
            id=service_id, icon=ICONS[n % len(ICONS)], category=category,
            zh=f"{zh}{n + 1}", en=f"{en} {n + 1}", zh_summary=zh_summary,
            en_summary=en_summary), encoding="utf-8")
    return folder


Builder = Callable[..., Catalog]


@pytest.fixture
def build(tmp_path: Path) -> Builder:
    def make(count: int, categories: int = 0) -> Catalog:
        return load_catalog(write_catalog(tmp_path / f"c{count}-{categories}", count,
                                          categories))
    return make


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def cut_off(window: MainWindow, widget: QWidget) -> str | None:
    """Why `widget` is not wholly on screen without scrolling (None when it is)."""
    rect = window_rect(window, widget)
    if not QRect(0, 0, 1920, 1080).contains(rect):
        return f"{widget.accessibleName()!r} at {rect} is outside the window"
    if visible_part(window, widget) != rect:
        return f"{widget.accessibleName()!r} at {rect} is cut off by the edge of the page"
    bar_top = window_rect(window, window.home.bar).top()
    if rect.bottom() >= bar_top:
        return f"{widget.accessibleName()!r} at {rect} runs under the bottom bar ({bar_top})"
    return None


def page_problems(window: MainWindow, language: str) -> list[str]:
    home = window.home
    problems = [p for p in (cut_off(window, t) for t in home.page_tiles()) if p]
    if home.scroller.verticalScrollBar().maximum() > 0:
        problems.append("home scrolls")
    for button in (home.bar.back, home.bar.skip, home.bar.next):
        if button.isVisible():
            name = accessible_name(button)
            if not name or (language == "en") != name.isascii():
                problems.append(f"page button named {name!r}")
            problem = cut_off(window, button) if button is not home.bar.next else None
            if problem and "bottom bar" not in problem:
                problems.append(problem)
    for tile in home.page_tiles():
        if accessible_name(tile) != tile.text() or not tile.text():
            problems.append(f"tile {tile.text()!r} named {accessible_name(tile)!r}")
    return problems


def visit_pages(window: MainWindow, language: str, where: str) -> tuple[list[str], list[str]]:
    """Every page of the level shown, by 下一页: the tiles seen, and what is wrong."""
    home, speaker = window.home, speaker_of(window)
    seen: list[str] = []
    problems: list[str] = []
    count = len(home.pages)
    for number in range(1, count + 1):
        settle()
        problems += [f"{where} page {number}: {p}" for p in page_problems(window, language)]
        seen += [t.text() for t in home.page_tiles()]
        if count > 1:
            page = ("第 {n} 页，共 {c} 页" if language == "zh_CN" else "Page {n} of {c}").format(
                n=number, c=count)
            if home.bar.step.text() != page:
                problems.append(f"{where}: page line {home.bar.step.text()!r}, not {page!r}")
            if number > 1 and page.replace("Page", "page") not in speaker.last():
                problems.append(f"{where}: page {number} not said: {speaker.last()!r}")
        if number < count:
            assert home.bar.next.isVisible(), f"{where}: no 下一页 on page {number} of {count}"
            home.bar.next.click()
        else:
            assert not home.bar.next.isVisible(), f"{where}: 下一页 on the last page"
    return seen, problems


def show_tile(home: HomeScreen, tile: TileButton) -> None:
    """Turn to the page that shows `tile` (from wherever home is)."""
    for _ in range(len(home.pages)):
        if tile.isVisible():
            return
        (home.bar.next if home.bar.next.isVisible() else home.bar.skip).click()
        settle()
    while not tile.isVisible() and home.bar.skip.isVisible():
        home.bar.skip.click()
    assert tile.isVisible(), f"{tile.text()!r} is on no page"


def titles(catalog: Catalog, language: str) -> list[str]:
    return [s.title[language] for s in catalog.services]


@pytest.mark.parametrize("count", [1, 4, 7, 40])
def test_every_service_is_on_a_page_that_fits_the_screen(
        qtbot: QtBot, make_window: WindowFactory, build: Builder,
        count: int) -> None:
    catalog = build(count)
    window = make_window(catalog=catalog)
    problems: list[str] = []
    for language in LANGUAGES:
        for size in TEXT_SIZES:
            where = f"{count} services, {language}/{size}"
            window.apply_defaults(ResidentDefaults(language, "standard", size))
            settle()
            home = window.home
            assert home.page == 0 and not home.bar.skip.isVisible()
            seen, found = visit_pages(window, language, where)
            problems += found
            assert sorted(t for t in seen if t in titles(catalog, language)) == sorted(
                titles(catalog, language)), where   # every service, each once
            status = "查进度" if language == "zh_CN" else "Check progress"
            assert home.status_tile is not None and home.status_tile.text() in seen, where
            assert status[:2] in home.status_tile.text() or language == "en", where
            if len(home.pages) > 1:   # and back again with 上一页
                for _ in range(len(home.pages) - 1):
                    home.bar.skip.click()
                assert home.page == 0 and not home.bar.skip.isVisible(), where
    assert not problems, "\n".join(problems[:40])
    if count <= 4:   # few services: one page at the standard size, as before, no page buttons
        window.apply_defaults(ResidentDefaults("zh_CN", "standard", "standard"))
        settle()
        assert len(window.home.pages) == 1 and not window.home.bar.next.isVisible()


def test_forty_services_are_counted_and_paged_aloud(
        qtbot: QtBot, make_window: WindowFactory, build: Builder) -> None:
    window = make_window(catalog=build(40))
    settle()
    pages = len(window.home.pages)
    said = window.home.spoken(window.ctx)
    assert "这里有 40 项服务。" in said and f"这是第 1 页，共 {pages} 页。" in said
    assert "点“下一页”" in said
    window.home.bar.next.click()
    assert f"这是第 2 页，共 {pages} 页。" in speaker_of(window).last()
    assert window.home.page_tiles()[0].text() in speaker_of(window).last()
    window.set_language("en")
    settle()
    said = window.home.spoken(window.ctx)
    assert "There are 40 services here." in said and f"page 2 of {pages}" in said


def test_pages_turn_with_the_keyboard_and_are_named_for_screen_readers(
        qtbot: QtBot, make_window: WindowFactory, build: Builder) -> None:
    window = make_window(catalog=build(40))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    home = window.home
    first_page = home.page_tiles()
    assert QApplication.focusWidget() is first_page[0]
    for _ in range(30):
        if QApplication.focusWidget() is home.bar.next:
            break
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is home.bar.next, "下一页 cannot be reached with Tab"
    face = QAccessible.queryAccessibleInterface(home.bar.next)
    assert face is not None and face.text(QAccessible.Text.Name) == "下一页：看后面的服务"
    assert face.role() == QAccessible.Role.Button
    QTest.keyClick(home.bar.next, Qt.Key.Key_Return)
    assert home.page == 1 and QApplication.focusWidget() is home.bar.next   # turn again
    QTest.keyClick(home.bar.next, Qt.Key.Key_Return)
    assert home.page == 2
    assert not any(t.isVisible() for t in first_page)
    for tile in home.page_tiles():
        face = QAccessible.queryAccessibleInterface(tile)
        assert face is not None and face.text(QAccessible.Text.Name) == tile.text()
    previous = QAccessible.queryAccessibleInterface(home.bar.skip)
    assert previous is not None and previous.text(QAccessible.Text.Name) == (
        "上一页：看前面的服务")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)   # to 上一页, Enter
    assert QApplication.focusWidget() is home.bar.skip
    QTest.keyClick(home.bar.skip, Qt.Key.Key_Return)
    assert home.page == 1
    shown = home.page_tiles()[0]
    home.bar.next.click()
    home.bar.skip.click()
    shown.click()
    assert window.session.step is Step.CONSENT


@pytest.mark.parametrize("language", LANGUAGES)
def test_categories_come_first_and_hold_every_service(
        qtbot: QtBot, make_window: WindowFactory, build: Builder,
        language: str) -> None:
    catalog = build(23, categories=5)
    window = make_window(catalog=catalog)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    problems: list[str] = []
    for size in TEXT_SIZES:
        where = f"23 services in 5 categories, {language}/{size}"
        window.apply_defaults(ResidentDefaults(language, "standard", size))
        settle()
        home = window.home
        said = home.spoken(window.ctx)
        assert ("这里有 23 项服务，分成 5 类。" if language == "zh_CN"
                else "There are 23 services here, in 5 groups.") in said, said
        assert list(home.category_tiles) == [c[0] for c in CATEGORIES]
        assert not home.tiles   # services only inside their categories
        seen: list[str] = []
        for category_id, zh, en, _icon in CATEGORIES:
            show_tile(home, home.category_tiles[category_id])
            home.category_tiles[category_id].click()
            settle()
            assert home.heading.words().startswith(zh if language == "zh_CN" else en)
            assert home.bar.back.isVisible() and accessible_name(home.bar.back)
            assert QApplication.focusWidget() is home.page_tiles()[0], where
            found, trouble = visit_pages(window, language, f"{where}/{category_id}")
            seen += found
            problems += trouble
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)   # back to them
            assert home.category is None and window.session.step is Step.HOME, where
            assert QApplication.focusWidget() is home.category_tiles[category_id], where
        assert sorted(seen) == sorted(titles(catalog, language)), where
        problems += [f"{where}: {p}" for p in page_problems(window, language)]
    assert not problems, "\n".join(problems[:40])
    # 返回 on the screen does what Esc does; a service in a category starts as any other.
    home = window.home
    home.back_out()
    show_tile(home, home.category_tiles["canji"])
    home.category_tiles["canji"].click()
    home.bar.back.click()
    assert home.category is None
    home.category_tiles["canji"].click()
    home.page_tiles()[0].click()
    assert window.session.step is Step.CONSENT
    assert window.session.view.service is not None
    assert window.session.view.service.category == "canji"


@pytest.mark.parametrize("notices", [False, True])
def test_the_shipped_home_fits_the_screen_in_every_language_and_size(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog, notices: bool) -> None:
    """Item 9: English home at the standard size had its second row of tiles cut off."""
    window = make_window(catalog=catalog)
    if notices:
        notice = Announcement(1, {"zh_CN": "本周五下午停电，便民服务中心照常开门。",
                                  "en": "Power cut on Friday afternoon; the hall stays open."},
                              "2026-11-01T08:00:00+08:00")
        window.home.set_board([notice], ConsultationTile.OPEN)
    problems: list[str] = []
    for language in LANGUAGES:
        for size in TEXT_SIZES:
            window.apply_defaults(ResidentDefaults(language, "standard", size))
            settle()
            seen, found = visit_pages(window, language, f"{language}/{size}")
            problems += found
            assert set(titles(catalog, language)) <= set(seen)
            assert window.home.consultation_tile is not None or not notices
    assert not problems, "\n".join(problems)


def test_a_quiet_spell_on_home_brings_the_next_resident_back_to_the_start(
        qtbot: QtBot, make_window: WindowFactory, build: Builder) -> None:
    window = make_window(catalog=build(12, categories=3))
    home = window.home
    settle()
    home.open_category(home.pages[0][0].id)
    if home.bar.next.isVisible():
        home.bar.next.click()
    assert home.category is not None
    window.show_timeout_warning()   # at home: nothing to warn about, but a fresh start
    settle()
    assert home.category is None and home.page == 0
    assert home.heading.words() == "您好！您要办什么事？"
    assert window.focusWidget() is home.page_tiles()[0]


def test_counts_are_worded_for_one_and_for_more(
        qtbot: QtBot, make_window: WindowFactory, build: Builder) -> None:
    window = make_window(catalog=build(7, categories=5), language="en")
    home = window.home
    settle()
    assert home.category_tiles["yanglao"].accessibleDescription() == "2 services"
    assert home.category_tiles["canji"].accessibleDescription() == "1 service"
    assert "There are 7 services here, in 5 groups." in home.spoken(window.ctx)
    show_tile(home, home.category_tiles["canji"])
    home.category_tiles["canji"].click()
    assert "This group has 1 service." in speaker_of(window).last()
    window.set_language("zh_CN")
    assert "这一类有 1 项服务。" in home.spoken(window.ctx)


def test_a_notice_arriving_while_home_is_shown_still_leaves_every_tile_whole(
        qtbot: QtBot, make_window: WindowFactory, catalog: Catalog) -> None:
    notice = Announcement(2, {"zh_CN": "明天上午停水。", "en": "No water tomorrow morning."},
                          "2026-11-01T08:00:00+08:00")
    problems: list[str] = []
    for size in TEXT_SIZES:
        window = make_window(catalog=catalog, defaults=ResidentDefaults("en", "standard", size))
        settle()
        window.home.set_board([notice], ConsultationTile.OPEN)   # as the sync brings it
        settle()
        assert window.home.strip.isVisible() and window.home.consultation_tile is not None
        seen, found = visit_pages(window, "en", f"en/{size}, a notice arrived")
        problems += found
        assert set(titles(catalog, "en")) <= set(seen)
    assert not problems, "\n".join(problems)
