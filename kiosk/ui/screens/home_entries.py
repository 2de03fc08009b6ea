"""What home offers, as a list of tiles split into pages: no Qt here, so it is cheap to test.

Without categories, home lists every service, then 村民议事 (when there is one) and 查进度.
When the catalog declares categories, home lists the categories first (each opens its
services), then any service filed under none, then the same two tiles. Either list is cut into
pages of at most `per_page` tiles; a category's services are paged the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.domain.catalog import Catalog


class EntryKind(StrEnum):
    SERVICE = "service"
    CATEGORY = "category"
    CONSULTATIONS = "consultations"   # 村民议事
    STATUS = "status"                 # 查进度


@dataclass(frozen=True)
class Entry:
    """One tile on home: a service or a category by id, or one of home's own tiles."""

    kind: EntryKind
    id: str = ""


def top_entries(catalog: Catalog, consultations: bool) -> list[Entry]:
    """Home's first level: categories (if any), services under none, then home's own tiles."""
    entries = [Entry(EntryKind.CATEGORY, c.id) for c in catalog.categories]
    entries += [Entry(EntryKind.SERVICE, s.id) for s in catalog.in_category(None)]
    if consultations:
        entries.append(Entry(EntryKind.CONSULTATIONS))
    entries.append(Entry(EntryKind.STATUS))
    return entries


def category_entries(catalog: Catalog, category_id: str) -> list[Entry]:
    return [Entry(EntryKind.SERVICE, s.id) for s in catalog.in_category(category_id)]


def paginate(entries: list[Entry], per_page: int) -> list[list[Entry]]:
    """Consecutive pages of at most `per_page` entries (always at least one page)."""
    per_page = max(1, per_page)
    return [entries[i:i + per_page] for i in range(0, len(entries), per_page)] or [[]]


def page_of(pages: list[list[Entry]], entry: Entry) -> int:
    return next((number for number, page in enumerate(pages) if entry in page), 0)
