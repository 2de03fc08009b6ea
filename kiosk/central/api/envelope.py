"""The envelope every batch shares (applications, ratings, votes), checked before its items.

Whole-request problems are HTTP errors (400, 401, 413, 422); a malformed item is only that item's
rejection, judged by the route that knows the item's model.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from fastapi import HTTPException
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from kiosk.wire.protocol import MAX_BATCH_ITEMS, PROTOCOL_VERSION, ItemResult, canonical_json

Item = TypeVar("Item", bound=BaseModel)


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


def parse_item(raw: Any, model: type[Item], what: str,
               unserializable: str | None = None) -> tuple[Item, str] | ItemResult:
    """A valid item and its canonical JSON, or the rejection of a malformed one (which cannot
    block its batch). `what` names the kind in the reason ("application", "rating", ...)."""
    item_id = item_id_of(raw)
    try:
        item = model.model_validate(raw)
        # Hashed later: text that is not Unicode (a lone surrogate such as "\ud800" is valid
        # JSON, but not UTF-8) or NaN in a field typed Any would break it.
        text = canonical_json(item)
        text.encode("utf-8")
    except UnicodeEncodeError:
        return ItemResult(id=item_id, status="rejected", reason=INVALID_TEXT)
    except ValidationError as exc:
        return ItemResult(id=item_id, status="rejected",
                          reason=f"malformed {what}: {describe_errors(exc)}")
    except (ValueError, RecursionError):
        # NaN/Infinity, or nesting deep enough that the serializer gives up (pydantic says so
        # with a ValueError, json with RecursionError).
        reason = f"malformed {what}: {unserializable}" if unserializable else f"malformed {what}"
        return ItemResult(id=item_id, status="rejected", reason=reason)
    return item, text
