"""What kiosks pull back from the central: the office's status changes and the catalog."""

from __future__ import annotations

from fastapi import FastAPI, Header, HTTPException, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from kiosk.central.api.auth import authenticate_request
from kiosk.central.api.openapi import error_responses
from kiosk.central.rules.catalogs import CentralCatalogs
from kiosk.central.storage.applications import CentralStorage
from kiosk.wire.protocol import (
    CATALOG_PATH,
    KIOSK_ID_HEADER,
    MAX_STATUS_CHANGES,
    STATUS_CHANGES_PATH,
    CatalogDocument,
    StatusChanges,
    utc_now_iso,
)

MAX_CURSOR = 2**63 - 1
MAX_CURSOR_DIGITS = len(str(MAX_CURSOR))
MAX_IF_NONE_MATCH = 1024


def install_pull_routes(app: FastAPI, storage: CentralStorage, catalogs: CentralCatalogs
                        ) -> None:
    @app.get(STATUS_CHANGES_PATH, response_model=StatusChanges, tags=["sync"],
             responses=error_responses(401, 422, 429, 503))
    async def status_changes(
        request: Request,
        since: str = Query("0", description="cursor from the previous answer; 0 at first",
                           max_length=MAX_CURSOR_DIGITS, pattern="^[0-9]+$"),
        authorization: str | None = Header(default=None, description="Bearer <token>"),
        x_kiosk_id: str | None = Header(default=None, alias=KIOSK_ID_HEADER),
    ) -> StatusChanges:
        """This kiosk's status changes after `since`, oldest first (at most 500 a page)."""
        kiosk_id = await authenticate_request(request, storage, authorization, x_kiosk_id)
        after = int(since)  # the pattern allows ASCII digits only ("²".isdigit() is True)
        if after > MAX_CURSOR:  # SQLite integers are 64-bit; a bigger one cannot be a seq
            raise HTTPException(422, "since: not a cursor this central gave out")
        changes = await run_in_threadpool(storage.status_changes_since, kiosk_id, after,
                                          MAX_STATUS_CHANGES + 1)
        more = len(changes) > MAX_STATUS_CHANGES
        changes = changes[:MAX_STATUS_CHANGES]
        cursor = str(changes[-1].seq) if changes else str(after)
        return StatusChanges(server_time=utc_now_iso(), changes=changes, cursor=cursor,
                             more=more)

    @app.get(CATALOG_PATH, response_model=CatalogDocument, tags=["sync"],
             responses={304: {"description": "Unchanged since the ETag in If-None-Match"},
                        **error_responses(401, 429, 503)})
    async def catalog(
        request: Request, response: Response,
        if_none_match: str | None = Header(default=None, description="ETag of a previous answer"),
        authorization: str | None = Header(default=None, description="Bearer <token>"),
        x_kiosk_id: str | None = Header(default=None, alias=KIOSK_ID_HEADER),
    ) -> CatalogDocument | Response:
        """The current service catalog; 304 when the kiosk already has it."""
        await authenticate_request(request, storage, authorization, x_kiosk_id)
        current, files, etag = await run_in_threadpool(catalogs.document)
        # A kiosk sends back one short ETag; a huge header is no match rather than work to split.
        if if_none_match and len(if_none_match) <= MAX_IF_NONE_MATCH \
                and etag in [tag.strip() for tag in if_none_match.split(",")]:
            return Response(status_code=304, headers={"ETag": etag,
                                                      "X-Server-Time": utc_now_iso()})
        response.headers["ETag"] = etag
        return CatalogDocument(server_time=utc_now_iso(), version=current.version, files=files)
