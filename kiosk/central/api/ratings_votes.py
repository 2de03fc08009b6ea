"""Residents' ratings and votes and the central's notices over HTTP: ratings and votes in
(batches like applications), announcements and closed consultations' results out (ETag /
If-None-Match)."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any, cast

from fastapi import FastAPI, Header, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from kiosk.central.api.auth import authenticate_request, read_body
from kiosk.central.api.envelope import parse_envelope, parse_item
from kiosk.central.api.openapi import error_responses
from kiosk.central.rules.catalogs import CentralCatalogs
from kiosk.central.rules.ratings_votes import check_rating_item, closed_results, vote_checker
from kiosk.central.storage.applications import CentralStorage
from kiosk.wire.protocol import (
    ANNOUNCEMENTS_PATH,
    CONSULTATION_RESULTS_PATH,
    KIOSK_ID_HEADER,
    RATINGS_PATH,
    VOTES_PATH,
    Announcements,
    ConsultationResults,
    ItemResult,
    PushResponse,
    RatingPayload,
    VotePayload,
    utc_now_iso,
)

log = logging.getLogger("kiosk.central.api.app")
MAX_IF_NONE_MATCH = 1024
_BATCH_ERRORS = error_responses(400, 401, 413, 422, 429, 503)
_GET_ERRORS = {304: {"description": "Unchanged since the ETag in If-None-Match"},
               **error_responses(401, 429, 503)}


def _body_schema(name: str) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{name}"}}}}}


def _safe(check: Callable[[Any], str | None], what: str) -> Callable[[Any], str | None]:
    def run(item: Any) -> str | None:
        try:
            return check(item)
        except Exception as exc:  # a rule's bug must not fail the whole batch
            log.error("checking %s %s failed: %s", what, getattr(item, "id", "?"),
                      type(exc).__name__)
            return f"the central could not validate this {what} (internal error)"
    return run


def _etag(document: BaseModel) -> str:
    data = document.model_dump(mode="json", exclude={"server_time"})
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return f'"{hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]}"'


def _unchanged(if_none_match: str | None, etag: str) -> bool:
    return bool(if_none_match) and len(if_none_match or "") <= MAX_IF_NONE_MATCH \
        and etag in [tag.strip() for tag in (if_none_match or "").split(",")]


def install_ratings_votes_routes(app: FastAPI, storage: CentralStorage,
                                 catalogs: CentralCatalogs) -> None:
    check_rating = _safe(check_rating_item, "rating")
    check_vote = _safe(vote_checker(catalogs), "vote")

    async def receive(request: Request, authorization: str | None, x_kiosk_id: str | None,
                      model: type[BaseModel], what: str,
                      check: Callable[[Any], str | None]) -> PushResponse:
        kiosk_id = await authenticate_request(request, storage, authorization, x_kiosk_id)
        parsed = [parse_item(raw, model, what)
                  for raw in parse_envelope(await read_body(request), kiosk_id)]
        valid = [cast(RatingPayload | VotePayload, item[0]) for item in parsed
                 if not isinstance(item, ItemResult)]
        stored = iter(await run_in_threadpool(storage.store_ratings_votes, kiosk_id, valid, check))
        results = [item if isinstance(item, ItemResult) else next(stored) for item in parsed]
        rejected = sum(r.status == "rejected" for r in results)
        # Counts only: a rejection reason could one day quote what a resident wrote.
        log.info("kiosk %s sent %d %s(s): %d acknowledged, %d rejected", kiosk_id, len(results),
                 what, len(results) - rejected, rejected)
        return PushResponse(server_time=utc_now_iso(), results=results)

    @app.post(RATINGS_PATH, response_model=PushResponse, tags=["feedback"],
              responses=_BATCH_ERRORS, openapi_extra=_body_schema("RatingBatch"))
    async def push_ratings(
        request: Request,
        authorization: str | None = Header(default=None, description="Bearer <token>"),
        x_kiosk_id: str | None = Header(default=None, alias=KIOSK_ID_HEADER),
    ) -> PushResponse:
        """Store a batch of 好差评 ratings; idempotent on each rating's id."""
        return await receive(request, authorization, x_kiosk_id, RatingPayload, "rating",
                             check_rating)

    @app.post(VOTES_PATH, response_model=PushResponse, tags=["feedback"],
              responses=_BATCH_ERRORS, openapi_extra=_body_schema("VoteBatch"))
    async def push_votes(
        request: Request,
        authorization: str | None = Header(default=None, description="Bearer <token>"),
        x_kiosk_id: str | None = Header(default=None, alias=KIOSK_ID_HEADER),
    ) -> PushResponse:
        """Store a batch of consultation votes; idempotent on each vote's id."""
        return await receive(request, authorization, x_kiosk_id, VotePayload, "vote",
                             check_vote)

    @app.get(ANNOUNCEMENTS_PATH, response_model=Announcements, tags=["feedback"],
             responses=_GET_ERRORS)
    async def announcements(
        request: Request, response: Response,
        if_none_match: str | None = Header(default=None, description="ETag of a previous answer"),
        authorization: str | None = Header(default=None, description="Bearer <token>"),
        x_kiosk_id: str | None = Header(default=None, alias=KIOSK_ID_HEADER),
    ) -> Announcements | Response:
        """The announcements current now, newest first; 304 when the kiosk already has them."""
        await authenticate_request(request, storage, authorization, x_kiosk_id)
        current = await run_in_threadpool(storage.current_announcements)
        document = Announcements(server_time=utc_now_iso(), announcements=current)
        return _answer(document, if_none_match, response)

    @app.get(CONSULTATION_RESULTS_PATH, response_model=ConsultationResults, tags=["feedback"],
             responses=_GET_ERRORS)
    async def consultation_results(
        request: Request, response: Response,
        if_none_match: str | None = Header(default=None, description="ETag of a previous answer"),
        authorization: str | None = Header(default=None, description="Bearer <token>"),
        x_kiosk_id: str | None = Header(default=None, alias=KIOSK_ID_HEADER),
    ) -> ConsultationResults | Response:
        """Votes per option, all kiosks, of the consultations closed by the central's clock."""
        await authenticate_request(request, storage, authorization, x_kiosk_id)
        results = await run_in_threadpool(closed_results, storage, catalogs)
        document = ConsultationResults(server_time=utc_now_iso(), results=results)
        return _answer(document, if_none_match, response)


def _answer(document: BaseModel, if_none_match: str | None, response: Response
            ) -> Any:
    etag = _etag(document)
    if _unchanged(if_none_match, etag):
        return Response(status_code=304, headers={"ETag": etag, "X-Server-Time": utc_now_iso()})
    response.headers["ETag"] = etag
    return document
