"""What the central accepts as a rating or a vote, and how closed consultations are counted.

Like `check_shape` for applications, every reason names the field and never quotes a value (a
vote's suggestion is the resident's own words).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kiosk.central.rules import shape
from kiosk.central.rules.catalogs import CentralCatalogs
from kiosk.central.storage.ratings_votes import RatingsVotesStorage
from kiosk.domain.catalog import Catalog
from kiosk.domain.consultations import MAX_SUGGESTION, Consultation, valid_consultation_id
from kiosk.domain.ratings import REASONS, RatingInvalid, check_rating
from kiosk.domain.tracking import is_valid as tracking_number_is_valid
from kiosk.errors import CatalogError
from kiosk.wire.protocol import ConsultationResultItem, RatingPayload, VotePayload

MAX_OPTION = 32


def check_rating_item(item: RatingPayload) -> str | None:
    problem = (shape._check_id(item.id) or shape._check_tracking(item.tracking_number)
               or shape._check_name("service id", item.service_id, shape.MAX_SERVICE_ID)
               or _check_aware_time(item.created_at))
    if problem:
        return problem
    if not tracking_number_is_valid(item.tracking_number):
        return "tracking number has a wrong check digit"
    if len(item.reasons) > len(REASONS) or len(set(item.reasons)) != len(item.reasons):
        return "reasons: listed twice or too many"
    try:
        check_rating(item.level, item.reasons)
    except RatingInvalid as exc:
        return str(exc)
    return None


def vote_checker(catalogs: CentralCatalogs) -> Callable[[VotePayload], str | None]:
    """Votes are judged against the catalog version they were made with (else the current
    one): the consultation must exist, the option be one of its own, and the vote be made
    before the consultation closed (created_at, not the time it arrived: kiosks may be offline
    for days)."""

    def check(item: VotePayload) -> str | None:
        problem = (shape._check_id(item.id)
                   or shape._check_name("catalog_version", item.catalog_version,
                                        shape.MAX_CATALOG_VERSION)
                   or _check_aware_time(item.created_at))
        if problem:
            return problem
        if not valid_consultation_id(item.consultation_id):
            return "consultation_id is not a consultation id"
        if item.suggestion is not None and len(item.suggestion) > MAX_SUGGESTION:
            return f"suggestion is longer than {MAX_SUGGESTION} characters"
        consultation = _find(catalogs, item.catalog_version, item.consultation_id)
        if consultation is None:
            return "unknown consultation"
        if len(item.option) > MAX_OPTION or consultation.option(item.option) is None:
            return "option is not one of the consultation's options"
        if not consultation.is_open(dt.datetime.fromisoformat(item.created_at)):
            return f"the consultation closed on {consultation.closes.isoformat()}"
        return None

    return check


def _check_aware_time(value: str) -> str | None:
    problem = shape._check_created_at(value)
    if problem:
        return problem
    if dt.datetime.fromisoformat(value).tzinfo is None:
        return "created_at has no UTC offset"
    return None


def _find(catalogs: CentralCatalogs, version: str, consultation_id: str) -> Consultation | None:
    for catalog in (_catalog(catalogs, version), catalogs.current()):
        if catalog is None:
            continue
        found = next((c for c in catalog.consultations if c.id == consultation_id), None)
        if found is not None:
            return found
    return None


def _catalog(catalogs: CentralCatalogs, version: str) -> Catalog | None:
    try:
        return catalogs.get(version)
    except CatalogError:
        return None


def closed_results(storage: RatingsVotesStorage, catalogs: CentralCatalogs,
                   now: dt.datetime | None = None, include_open: bool = False
                   ) -> list[ConsultationResultItem]:
    """Counts per option of every consultation closed by `now` (the central's clock): those of
    the current catalog and of any version votes were made with; every option, zeros too."""
    moment = now or dt.datetime.now(dt.UTC)
    known: dict[str, Consultation] = {}
    for version in storage.vote_catalog_versions():
        catalog = _catalog(catalogs, version)
        for consultation in catalog.consultations if catalog else ():
            known.setdefault(consultation.id, consultation)
    for consultation in catalogs.current().consultations:
        known[consultation.id] = consultation  # the current definition wins
    votes = storage.vote_counts()
    results = []
    for cid, consultation in sorted(known.items(), key=lambda kv: (kv[1].closes, kv[0])):
        if consultation.is_open(moment) and not include_open:
            continue
        counts = {o.value: 0 for o in consultation.options}
        counts.update(votes.get(cid, {}))
        results.append(ConsultationResultItem(consultation_id=cid,
                                              closes=consultation.closes.isoformat(),
                                              counts=counts, total=sum(counts.values())))
    return results
