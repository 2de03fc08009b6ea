"""The back office's HTTP API: record decisions (as `kiosk central set-status` does) and export
the received applications as CSV or JSON lines.

Operators authenticate with their own token (`kiosk central add-operator`): `Authorization:
Bearer op_…` and `X-Operator-Id`. Kiosk tokens never open these routes, nor operator tokens the
kiosks' routes. Every export is logged with the operator's id and whether answers were included.
"""

from __future__ import annotations

import logging
from typing import Literal

from fastapi import FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from kiosk.central.api.auth import authenticate_caller
from kiosk.central.api.openapi import error_responses
from kiosk.central.export import MEDIA_TYPES, export_lines
from kiosk.central.storage.applications import (
    AmbiguousTrackingNumber,
    CentralStorage,
    UnknownApplication,
)
from kiosk.domain.tracking import normalize
from kiosk.wire.protocol import API_PREFIX, ErrorBody, OfficeStatus, StatusChange

log = logging.getLogger("kiosk.central.api.app")

OPERATOR_ID_HEADER = "X-Operator-Id"
OFFICE_STATUS_PATH = f"{API_PREFIX}/office/status"
OFFICE_EXPORT_PATH = f"{API_PREFIX}/office/applications/export"
MAX_MESSAGE = 500
_TIME = "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.]+([+-][0-9:]+|Z)?)?$"


class StatusUpdate(BaseModel):
    """Body of POST /api/v1/office/status: the office's decision on one application."""

    tracking_number: str = Field(min_length=1, max_length=32,
                                 description="12 digits; spaces and dashes are ignored")
    status: OfficeStatus
    message: str | None = Field(default=None, max_length=MAX_MESSAGE,
                                description="Words for the resident (shown and spoken)")
    kiosk_id: str | None = Field(default=None, pattern="^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
                                 description="Only if two kiosks drew the same tracking number")


async def authenticate_operator(request: Request, storage: CentralStorage,
                                authorization: str | None, operator_id: str | None) -> str:
    """The authenticated operator id, or HTTP 401 (429 when over a rate limit)."""
    return await authenticate_caller(request, authorization, operator_id, role="operator",
                                     id_header=OPERATOR_ID_HEADER,
                                     check=storage.authenticate_operator)


def install_office_routes(app: FastAPI, storage: CentralStorage) -> None:
    @app.post(OFFICE_STATUS_PATH, response_model=StatusChange, tags=["office"],
              responses={404: {"model": ErrorBody, "description": "No such application"},
                         409: {"model": ErrorBody,
                               "description": "Several kiosks' applications carry this tracking "
                                            "number; name the kiosk"},
                         **error_responses(400, 401, 422, 429, 503)})
    async def set_status(
        update: StatusUpdate, request: Request,
        authorization: str | None = Header(default=None,
                                           description="Bearer <operator token>"),
        x_operator_id: str | None = Header(default=None, alias=OPERATOR_ID_HEADER),
    ) -> StatusChange:
        """Record the office's decision; the kiosk pulls it at its next sync (as `kiosk central
        set-status` does)."""
        operator = await authenticate_operator(request, storage, authorization, x_operator_id)
        try:
            change = await run_in_threadpool(storage.set_status,
                                             normalize(update.tracking_number), update.status,
                                             update.message, update.kiosk_id)
        except AmbiguousTrackingNumber as exc:
            raise HTTPException(409, str(exc).replace("--kiosk", "kiosk_id")) from None
        except UnknownApplication as exc:
            raise HTTPException(404, str(exc)) from None
        log.info("operator %s set application %s to %s", operator, change.application_id,
                 change.status)
        return change

    @app.get(OFFICE_EXPORT_PATH, tags=["office"], response_class=StreamingResponse,
             responses={200: {"description": "The applications, oldest received first",
                              "content": {
                                  "text/csv": {"schema": {"type": "string"}},
                                  "application/x-ndjson": {"schema": {"type": "string"}}}},
                        **error_responses(401, 422, 429, 503)})
    async def export(
        request: Request,
        format: Literal["csv", "jsonl"] = Query("jsonl", description="csv or jsonl"),
        answers: bool = Query(True, description="Include the residents' answers and consent "
                                                "(personal data); false gives envelopes only"),
        received_since: str | None = Query(None, max_length=40, pattern=_TIME,
                                           description="Only applications received at or "
                                                       "after this ISO 8601 UTC time"),
        service_id: str | None = Query(None, max_length=64),
        authorization: str | None = Header(default=None,
                                           description="Bearer <operator token>"),
        x_operator_id: str | None = Header(default=None, alias=OPERATOR_ID_HEADER),
    ) -> StreamingResponse:
        """Every received application, streamed, with its latest status."""
        operator = await authenticate_operator(request, storage, authorization, x_operator_id)
        log.info("operator %s exports applications as %s (%s)", operator, format,
                 "with answers" if answers else "envelopes only")
        lines = export_lines(storage, format, answers=answers, received_since=received_since,
                             service_id=service_id)
        filename = f"applications.{format}"
        return StreamingResponse(lines, media_type=MEDIA_TYPES[format], headers={
            "Content-Disposition": f'attachment; filename="{filename}"'})

