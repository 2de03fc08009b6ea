"""The home-with-categories pictures of `kiosk tour` (see kiosk/ui/tour/tour.py).

The shipped catalog is small enough for one page, so the tour files its services under the
categories a township would use (养老, 医保, 残疾, 意见: kiosk/domain/catalog.py,
docs/catalog-format.md)
for two pictures, the categories and one category opened, then puts the catalog back. Home's
pages are seen at the larger text sizes of the tour's matrix.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from kiosk.domain.catalog import Catalog, Category
from kiosk.ui.shell.main_window import MainWindow

# service id → (category id, icon, 中文, English); services not named here stay uncategorised
TOUR_CATEGORIES: dict[str, tuple[str, str, str, str]] = {
    "elderly_allowance": ("yanglao", "elderly", "养老", "Old age"),
    "medical_insurance": ("yibao", "medical", "医保", "Health insurance"),
    "disability_subsidy": ("canji", "disability", "残疾", "Disability"),
    "suggestion": ("yijian", "suggestion", "意见", "Suggestions"),
}


def with_categories(catalog: Catalog) -> Catalog:
    """The same services, filed under TOUR_CATEGORIES (a catalog version of its own)."""
    used = [TOUR_CATEGORIES[s.id] for s in catalog.services if s.id in TOUR_CATEGORIES]
    categories = tuple(Category(cid, icon, {"zh_CN": zh, "en": en})
                       for cid, icon, zh, en in dict.fromkeys(used))
    services = tuple(dataclasses.replace(s, category=TOUR_CATEGORIES[s.id][0])
                     if s.id in TOUR_CATEGORIES else s for s in catalog.services)
    return dataclasses.replace(catalog, version=f"{catalog.version}-tour-categories",
                               services=services, categories=categories)


def category_shots(window: MainWindow, shot: Callable[[str], None]) -> None:
    """Home with categories, then the first category open; the window's catalog is put back."""
    shipped = window.catalog
    categorised = with_categories(shipped)
    if not categorised.categories:
        return
    window.set_catalog(categorised)
    shot("home-categories")
    window.home.open_category(categorised.categories[0].id)
    shot("home-category")
    window.home.back_out()
    window.set_catalog(shipped)
