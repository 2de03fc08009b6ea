"""Who is calling: every authenticated route of the central goes through `authenticate_request`."""

from __future__ import annotations

import contextlib
import logging

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from kiosk.central.storage import CentralStorage
from kiosk.sync.protocol import KIOSK_ID_HEADER, MAX_BODY_BYTES

log = logging.getLogger("kiosk.central.app")

# An oversized body is still read (and discarded) up to this size before answering 413, because a
# client still writing its body when the server closes the socket sees "connection reset", not 413.
DRAIN_LIMIT = 8 * MAX_BODY_BYTES


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


async def read_body(request: Request) -> bytes:
    too_big = HTTPException(413, f"request body larger than {MAX_BODY_BYTES} bytes; "
                                 "send smaller batches")
    declared = request.headers.get("content-length", "")
    oversized = declared.isdigit() and int(declared) > MAX_BODY_BYTES
    if declared.isdigit() and int(declared) > DRAIN_LIMIT:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        oversized = oversized or size > MAX_BODY_BYTES
        if not oversized:
            chunks.append(chunk)
        elif size > DRAIN_LIMIT:
            break
    if oversized:
        raise too_big
    return b"".join(chunks)


async def authenticate_request(request: Request, storage: CentralStorage,
                               authorization: str | None, kiosk_id: str | None) -> str:
    """The authenticated kiosk id, or HTTP 401."""
    token = bearer_token(authorization)
    challenge = {"WWW-Authenticate": "Bearer"}
    if token is None or not kiosk_id:
        detail = (f"missing credentials: send 'Authorization: Bearer <token>' "
                  f"and '{KIOSK_ID_HEADER}'")
    elif await run_in_threadpool(storage.authenticate, kiosk_id, token):
        return kiosk_id
    else:
        log.warning("rejected credentials for kiosk %s", kiosk_id)
        detail = f"credentials rejected for kiosk {kiosk_id}"
    # Read the body first: over a slow link a kiosk still sending it would otherwise see the
    # connection reset (retry forever) instead of the 401 that tells it to stop.
    with contextlib.suppress(HTTPException):  # an oversized body is still a 401 here
        await read_body(request)
    raise HTTPException(401, detail, headers=challenge)
