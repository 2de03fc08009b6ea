"""The reference central checks each application against the same catalog and rules the kiosk
uses, so a record the kiosk could not have produced (edited by hand, an old catalog, a bug) is
rejected on its own with a reason a technician can act on, and never stored half-right."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable

from kiosk.catalog import Catalog
from kiosk.central.catalogs import CentralCatalogs
from kiosk.errors import UnknownServiceError
from kiosk.fields import AnswersInvalid, validate_answers
from kiosk.i18n import Translator
from kiosk.sync.protocol import ApplicationPayload
from kiosk.tracking import is_valid as tracking_number_is_valid

Validator = Callable[[ApplicationPayload], str | None]


def central_validator(catalogs: CentralCatalogs) -> Validator:
    """Validate each application against the catalog version it was made with."""

    def validate(item: ApplicationPayload) -> str | None:
        catalog = catalogs.get(item.catalog_version) or catalogs.current()
        return catalog_validator(catalog)(item)

    return validate


def catalog_validator(catalog: Catalog) -> Validator:
    english = Translator("en")

    def validate(item: ApplicationPayload) -> str | None:
        try:
            uuid.UUID(item.id)
        except ValueError:
            return f"id {item.id[:60]!r} is not a UUID"
        if not re.fullmatch(r"\d{12}", item.tracking_number) \
                or not tracking_number_is_valid(item.tracking_number):
            return "tracking number is not 12 digits with a valid check digit"
        try:
            created = dt.datetime.fromisoformat(item.created_at)
        except ValueError:
            return "created_at is not an ISO 8601 time"
        try:
            service = catalog.service(item.service_id)
        except UnknownServiceError as exc:
            return str(exc)
        try:
            # Judge dates as of the day the resident answered, not the day the record arrived.
            validate_answers(service, item.answers, today=created.date())
        except AnswersInvalid as exc:
            problems = [f"{e.field_id}: {english.t(e.key, **e.params)}" for e in exc.errors]
            return "invalid answers — " + "; ".join(problems)
        return None

    return validate
