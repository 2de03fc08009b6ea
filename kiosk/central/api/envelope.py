"""The envelope every batch shares (applications, ratings, votes), checked before its items.

Whole-request problems are HTTP errors (400, 401, 413, 422); a malformed item is only that item's
rejection, judged by the route that knows the item's model.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import HTTPException
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from kiosk.wire.protocol import MAX_BATCH_ITEMS, PROTOCOL_VERSION


def describe_errors(exc: ValidationError | RequestValidationError) -> str:
    # loc + msg only: pydantic's "input" would echo a resident's answer into the kiosk's logs.
    parts = []
    for err in exc.errors():
        # A key may hold a lone surrogate: valid JSON, but it could not be sent back as UTF-8.
        loc = ".".join(str(part).encode("utf-8", "replace").decode("utf-8")
                       for part in err.get("loc", ()))
        parts.append(f"{loc}: {err.get('msg', 'invalid')}" if loc else err.get("msg", "invalid"))
    return "; ".join(parts)


def parse_envelope(raw: bytes, kiosk_id: str) -> list[Any]:
    """Check everything about the batch except the items themselves; return the raw items."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(400, "request body is not valid JSON") from None
    except RecursionError:
        # A few KB of "[[[[…" exhausts the parser's recursion limit: not a server fault.
        raise HTTPException(400, "request body is nested too deeply") from None
    if not isinstance(body, dict):
        raise HTTPException(400, "request body must be a JSON object")
    protocol = body.get("protocol", PROTOCOL_VERSION)
    if type(protocol) is not int or protocol != PROTOCOL_VERSION:
        raise HTTPException(400, f"unsupported protocol version {protocol!r}; "
                                 f"this central speaks protocol {PROTOCOL_VERSION}")
    if not isinstance(body.get("kiosk_id"), str):
        raise HTTPException(422, "kiosk_id missing or not a string")
    if body["kiosk_id"] != kiosk_id:
        raise HTTPException(401, "kiosk_id in the body does not match the authenticated kiosk",
                            headers={"WWW-Authenticate": "Bearer"})
    items = body.get("items")
    if not isinstance(items, list):
        raise HTTPException(422, "items missing or not a list")
    if len(items) > MAX_BATCH_ITEMS:
        raise HTTPException(413, f"batch of {len(items)} items; at most {MAX_BATCH_ITEMS} allowed")
    return items


INVALID_TEXT = "malformed item: text holds a character that is not valid Unicode"


def item_id_of(raw: Any) -> str:
    """The id to answer a rejected item with: its own if it is usable text, else ""."""
    item_id = raw.get("id") if isinstance(raw, dict) else None
    if not isinstance(item_id, str):
        return ""
    try:
        item_id.encode("utf-8")
    except UnicodeEncodeError:
        return ""
    return item_id
