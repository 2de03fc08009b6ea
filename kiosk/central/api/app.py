"""The central's HTTP API (sync protocol v1) as a FastAPI application.

The batch endpoint reads its body by hand instead of letting FastAPI parse a PushRequest: the size
limit must hold before anything is buffered, an unknown protocol must say so (400) rather than fail
schema validation, and one malformed item must be rejected on its own while the rest are stored.
The OpenAPI document still describes the body as a PushRequest (see `_install_openapi`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from kiosk.central.api.auth import authenticate_request, client_ip, read_body, too_many
from kiosk.central.api.envelope import describe_errors as _describe
from kiosk.central.api.envelope import parse_envelope as _parse_envelope
from kiosk.central.api.envelope import parse_item
from kiosk.central.api.office import install_office_routes
from kiosk.central.api.openapi import error_responses, install_openapi
from kiosk.central.api.pull import install_pull_routes
from kiosk.central.api.ratelimit import Clock, Limiter, RateLimits
from kiosk.central.api.ratings_votes import install_ratings_votes_routes
from kiosk.central.rules.catalogs import CentralCatalogs
from kiosk.central.rules.shape import Validator, check_shape
from kiosk.central.storage.applications import CentralStorage
from kiosk.wire.protocol import (
    BATCH_PATH,
    HEALTH_PATH,
    KIOSK_ID_HEADER,
    PROTOCOL_VERSION,
    ApplicationPayload,
    ErrorBody,
    HealthInfo,
    ItemResult,
    PushResponse,
    utc_now_iso,
)

log = logging.getLogger(__name__)


__all__ = ["Validator", "check_shape", "create_app"]  # check_shape: bundle_import uses it


def _combine(validator: Validator | None) -> Validator:
    if validator is None:
        return check_shape

    def combined(item: ApplicationPayload) -> str | None:
        return check_shape(item) or validator(item)

    return combined


def _error(status: int, detail: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    body = ErrorBody(detail=detail, server_time=utc_now_iso())
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _parse_item(raw: Any) -> tuple[ApplicationPayload, str] | ItemResult:
    # Only `consent` (typed Any) can fail to serialize once the model accepted it.
    return parse_item(raw, ApplicationPayload, "application",
                      "consent holds a non-finite number or is nested too deeply")


def create_app(storage: CentralStorage, validator: Validator | None = None,
               catalogs: CentralCatalogs | None = None, *,
               rate_limits: RateLimits | None = None, clock: Clock = time.monotonic) -> FastAPI:
    """Build the API over `storage`.

    `validator` returns a rejection reason or None; it runs after `check_shape`, which always runs.
    `rate_limits` defaults to `RateLimits()`; `clock` (monotonic seconds) drives the rate limits
    and is there for tests.
    """
    validate = _combine(validator)
    app = FastAPI(title="Township Kiosk central", version=f"protocol {PROTOCOL_VERSION}",
                  description="Receives residents' applications from kiosks. See docs/protocol.md.")
    app.state.storage = storage
    app.state.limiter = Limiter(rate_limits or RateLimits(), clock)
    _install_error_handlers(app, storage.db.transient_errors)

    @app.get(HEALTH_PATH, response_model=HealthInfo, tags=["sync"],
             responses=error_responses(429))
    async def health(request: Request) -> HealthInfo:
        """Cheap liveness probe, no authentication; kiosks call it about once a second offline."""
        wait = app.state.limiter.health.take(client_ip(request))
        if wait is not None:
            await too_many(request, wait, "health checks from this address")
        return HealthInfo(server_time=utc_now_iso())

    @app.post(BATCH_PATH, response_model=PushResponse, tags=["sync"],
              responses=error_responses(400, 401, 413, 422, 429, 503),
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                  "schema": {"$ref": "#/components/schemas/PushRequest"}}}}})
    async def push_batch(
        request: Request,
        authorization: str | None = Header(default=None, description="Bearer <token>"),
        x_kiosk_id: str | None = Header(default=None, alias=KIOSK_ID_HEADER),
    ) -> PushResponse:
        """Store a batch of applications; idempotent on each application's id."""
        kiosk_id = await authenticate_request(request, storage, authorization, x_kiosk_id)
        raw_items = _parse_envelope(await read_body(request), kiosk_id)
        parsed = [_parse_item(raw) for raw in raw_items]
        valid = [item for item in parsed if not isinstance(item, ItemResult)]
        stored = iter(await run_in_threadpool(
            storage.store_items, kiosk_id, [item for item, _ in valid], validate,
            texts=[text for _, text in valid]))
        results = [item if isinstance(item, ItemResult) else next(stored) for item in parsed]
        counts = {status: sum(r.status == status for r in results)
                  for status in ("accepted", "duplicate", "rejected")}
        # Counts only: rejection reasons may quote what a resident typed.
        log.info("kiosk %s pushed %d item(s): %d accepted, %d duplicate, %d rejected", kiosk_id,
                 len(results), counts["accepted"], counts["duplicate"], counts["rejected"])
        return PushResponse(server_time=utc_now_iso(), results=results)

    catalogs = catalogs or CentralCatalogs(None)
    install_pull_routes(app, storage, catalogs)
    install_ratings_votes_routes(app, storage, catalogs)
    install_office_routes(app, storage)
    install_openapi(app)
    return app


def _install_error_handlers(app: FastAPI, transient: tuple[type[Exception], ...]) -> None:
    """Give every error a JSON body with `detail` and `server_time`."""

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        if not isinstance(exc, StarletteHTTPException):  # registered for it only
            raise exc
        return _error(exc.status_code, str(exc.detail), exc.headers)

    async def validation_error(request: Request, exc: Exception) -> JSONResponse:
        if not isinstance(exc, RequestValidationError):  # registered for it only
            raise exc
        return _error(422, _describe(exc))

    async def database_error(request: Request, exc: Exception) -> JSONResponse:
        # "database is locked" (SQLite) under heavy load, a lost connection or a deadlock
        # (PostgreSQL): transient, so ask the kiosk to retry.
        log.error("database error on %s: %s", request.url.path, type(exc).__name__)
        return _error(503, "central database busy, retry later", {"Retry-After": "5"})

    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error on %s: %s", request.url.path, type(exc).__name__)
        return _error(500, "internal error in the central")

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    for error in transient:
        app.add_exception_handler(error, database_error)
    app.add_exception_handler(Exception, internal_error)
