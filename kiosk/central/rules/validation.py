"""The reference central checks each application against the same catalog and rules the kiosk
uses, so a record the kiosk could not have produced (edited by hand, an old catalog, a bug) is
rejected on its own with a reason a technician can act on, and never stored half-right.

Speed (docs/benchmarks.md, item 3): the checker of a catalog version is built once and reused;
which catalog a version names is looked up again at most once per `REFRESH_SECONDS` (looking
means reading the catalog folder), so a batch of 500 costs one look-up, not 500.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
import uuid
from collections.abc import Callable

from kiosk.central.rules.catalogs import CentralCatalogs
from kiosk.central.rules.shape import Validator
from kiosk.domain.catalog import Catalog, Service
from kiosk.domain.fields import AnswersInvalid, validate_answers
from kiosk.domain.tracking import is_valid as tracking_number_is_valid
from kiosk.errors import UnknownServiceError
from kiosk.i18n import Translator
from kiosk.wire.protocol import ApplicationPayload

REFRESH_SECONDS = 1.0
_MAX_VERSIONS = 64  # versions come from items: a hostile kiosk must not grow the memo forever
_TWELVE_DIGITS = re.compile(r"\d{12}")


class _Memo:
    """catalog version → checker, forgotten every REFRESH_SECONDS (thread-safe enough: the
    worst a race costs is one extra look-up)."""

    def __init__(self, catalogs: CentralCatalogs, clock: Callable[[], float]) -> None:
        self._catalogs, self._clock = catalogs, clock
        self._lock = threading.Lock()
        self._by_version: dict[str, Validator] = {}
        self._by_catalog: dict[int, tuple[Catalog, Validator]] = {}
        self._checked_at = float("-inf")

    def checker(self, version: str) -> Validator:
        now = self._clock()
        with self._lock:
            if now - self._checked_at >= REFRESH_SECONDS or len(self._by_version) > _MAX_VERSIONS:
                self._by_version = {}
                self._checked_at = now
            found = self._by_version.get(version)
        if found is not None:
            return found
        catalog = self._catalogs.get(version) or self._catalogs.current()
        with self._lock:
            known = self._by_catalog.get(id(catalog))
            if known is None or known[0] is not catalog:
                if len(self._by_catalog) > _MAX_VERSIONS:
                    self._by_catalog = {}
                known = (catalog, catalog_validator(catalog))
                self._by_catalog[id(catalog)] = known
            self._by_version[version] = known[1]
        return known[1]


def central_validator(catalogs: CentralCatalogs, clock: Callable[[], float] = time.monotonic
                      ) -> Validator:
    """Validate each application against the catalog version it was made with (the current
    catalog for a version this central never published)."""
    memo = _Memo(catalogs, clock)

    def validate(item: ApplicationPayload) -> str | None:
        return memo.checker(item.catalog_version)(item)

    return validate


def catalog_validator(catalog: Catalog) -> Validator:
    english = Translator("en")
    # The first service of an id wins, as in Catalog.service.
    services: dict[str, Service] = {service.id: service for service in reversed(catalog.services)}

    def validate(item: ApplicationPayload) -> str | None:
        try:
            uuid.UUID(item.id)
        except ValueError:
            return f"id {item.id[:60]!r} is not a UUID"
        if not _TWELVE_DIGITS.fullmatch(item.tracking_number) \
                or not tracking_number_is_valid(item.tracking_number):
            return "tracking number is not 12 digits with a valid check digit"
        try:
            created = dt.datetime.fromisoformat(item.created_at)
        except ValueError:
            return "created_at is not an ISO 8601 time"
        service = services.get(item.service_id)
        if service is None:
            return str(UnknownServiceError(item.service_id, [s.id for s in catalog.services]))
        try:
            # Judge dates as of the day the resident answered, not the day the record arrived.
            validate_answers(service, item.answers, today=created.date())
        except AnswersInvalid as exc:
            problems = [f"{e.field_id}: {english.t(e.key, **e.params)}" for e in exc.errors]
            return "invalid answers — " + "; ".join(problems)
        return None

    return validate
