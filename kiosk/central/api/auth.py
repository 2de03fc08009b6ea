"""Who is calling: every authenticated route of the central goes through `authenticate_request`,
which also applies the failed-authentication and per-kiosk rate limits."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import NoReturn

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from kiosk.central.api.ratelimit import Limiter, retry_after_header
from kiosk.central.storage.applications import CentralStorage
from kiosk.wire.protocol import KIOSK_ID_HEADER, MAX_BODY_BYTES, valid_kiosk_id

log = logging.getLogger("kiosk.central.api.app")

# An oversized body is still read (and discarded) up to this size before answering 413, because a
# client still writing its body when the server closes the socket sees "connection reset", not 413.
DRAIN_LIMIT = 8 * MAX_BODY_BYTES
# Issued tokens are 46 characters; anything much longer is not one of ours.
MAX_TOKEN_LENGTH = 256


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


def client_ip(request: Request) -> str:
    """The peer's address (the proxy's, behind a reverse proxy: see docs/security.md)."""
    return request.client.host if request.client else "unknown"


def limiter_of(request: Request) -> Limiter:
    limiter = getattr(request.app.state, "limiter", None)
    if not isinstance(limiter, Limiter):
        raise RuntimeError("the central app has no rate limiter; build it with create_app")
    return limiter


async def refuse(request: Request, status: int, detail: str, headers: dict[str, str]) -> NoReturn:
    """Raise the error after reading (and discarding) the body.

    Over a slow link a kiosk still sending its body would otherwise see the connection reset
    (retry forever) instead of the answer that tells it what to do.
    """
    with contextlib.suppress(HTTPException):  # an oversized body still gets this answer
        await read_body(request)
    raise HTTPException(status, detail, headers=headers)


async def too_many(request: Request, wait: float, what: str) -> NoReturn:
    await refuse(request, 429, f"too many {what}; retry later",
                 {"Retry-After": retry_after_header(wait)})


async def authenticate_request(request: Request, storage: CentralStorage,
                               authorization: str | None, kiosk_id: str | None) -> str:
    """The authenticated kiosk id, or HTTP 401 (429 when over a rate limit)."""
    return await authenticate_caller(request, authorization, kiosk_id, role="kiosk",
                                     id_header=KIOSK_ID_HEADER, check=storage.authenticate)


async def authenticate_caller(request: Request, authorization: str | None,
                              caller_id: str | None, *, role: str, id_header: str,
                              check: Callable[[str, str], bool]) -> str:
    """The authenticated caller (a kiosk, or a back-office operator), or HTTP 401 (429 when
    over a rate limit). One door for both, so both get the same brute-force guard."""
    limiter = limiter_of(request)
    ip = client_ip(request)
    # Checked before the credentials: once an address has used up its failures, guessing on
    # is refused without even looking, so a token cannot be brute-forced through this door.
    wait = limiter.failed_auth.blocked(ip)
    if wait is not None:
        await too_many(request, wait, "failed authentications from this address")
    token = bearer_token(authorization)
    if token is None or not caller_id:
        detail = (f"missing credentials: send 'Authorization: Bearer <token>' "
                  f"and '{id_header}'")
    elif not valid_kiosk_id(caller_id) or len(token) > MAX_TOKEN_LENGTH:
        # Not worth a database look-up, and not echoed: the header could hold anything.
        detail = f"credentials rejected: malformed {role} id or token"
    elif await run_in_threadpool(check, caller_id, token):
        rate_key = caller_id if role == "kiosk" else f"{role}:{caller_id}"
        wait = limiter.kiosk.take(rate_key)
        if wait is not None:
            await too_many(request, wait, f"requests from {role} {caller_id}")
        return caller_id
    else:
        log.warning("rejected credentials for %s %s", role, caller_id)
        detail = f"credentials rejected for {role} {caller_id}"
    limiter.failed_auth.take(ip)
    await refuse(request, 401, detail, {"WWW-Authenticate": "Bearer"})
