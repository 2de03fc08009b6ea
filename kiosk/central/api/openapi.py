"""The central's OpenAPI document: every answer a route can give is declared, errors included.

Declaring them is what lets schemathesis (tests/central/test_schemathesis.py) hold the central to
its spec: an undeclared status code or a body that differs from its schema fails the suite.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from kiosk.central.rules import shape
from kiosk.domain.consultations import MAX_SUGGESTION
from kiosk.domain.ratings import LEVELS, REASONS
from kiosk.i18n import LANGUAGES
from kiosk.wire.protocol import (
    MAX_BATCH_ITEMS,
    MAX_BODY_BYTES,
    PROTOCOL_VERSION,
    ErrorBody,
    PushRequest,
    RatingBatch,
    VoteBatch,
)

_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again",
                                "schema": {"type": "integer", "minimum": 1}}}
_ERROR_TEXTS = {
    400: "Body is not JSON or speaks an unknown protocol version",
    401: "Missing, malformed or wrong credentials, or a body kiosk_id that does not match them",
    413: f"Body larger than {MAX_BODY_BYTES} bytes or more than {MAX_BATCH_ITEMS} items",
    422: "A parameter or the envelope is malformed",
    429: "Over a rate limit; retry after the Retry-After header",
    503: "Central database busy; retry after the Retry-After header",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for these error codes, all with an ErrorBody.

    Naming 422 here also stops FastAPI from declaring its own list-shaped validation error,
    which the central never sends (its handler answers with an ErrorBody).
    """
    responses: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        entry: dict[str, Any] = {"model": ErrorBody, "description": _ERROR_TEXTS[code]}
        if code in (429, 503):
            entry["headers"] = _RETRY_AFTER
        responses[code] = entry
    return responses


def install_openapi(app: FastAPI) -> None:
    """Publish the batch bodies in components: the batch routes read their bodies by hand."""

    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description,
                             routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (PushRequest, RatingBatch, VoteBatch):
            request_schema = model.model_json_schema(
                ref_template="#/components/schemas/{model}")
            for name, sub in request_schema.pop("$defs", {}).items():
                components.setdefault(name, sub)
            _tighten_envelope(request_schema)
            components[model.__name__] = request_schema
        _tighten(components)
        app.openapi_schema = schema
        return schema

    app.openapi = build  # type: ignore[method-assign]


def _tighten_envelope(request: dict[str, Any]) -> None:
    """Publish the limits the central enforces, which the shared wire models leave open.

    The envelope's are whole-request errors (400/401), so the document must state them or a
    "schema-valid" request would be refused. The item limits only ever reject that one item
    (200 with a reason), but stating them tells integrators what will be accepted.
    """
    envelope = request["properties"]
    envelope["protocol"] = {"type": "integer", "enum": [PROTOCOL_VERSION],
                            "default": PROTOCOL_VERSION, "title": "Protocol"}
    envelope["kiosk_id"].update({"pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
                                 "description": "must equal the X-Kiosk-Id header"})


def _tighten(components: dict[str, Any]) -> None:
    uuid = {"format": "uuid", "maxLength": 36, "description": "UUID in canonical lower-case form"}
    rating = components["RatingPayload"]["properties"]
    rating["id"].update(uuid)
    rating["tracking_number"]["pattern"] = "^[0-9]{12}$"
    rating["service_id"]["maxLength"] = shape.MAX_SERVICE_ID
    rating["level"].update({"minimum": min(LEVELS), "maximum": max(LEVELS),
                            "description": "5 非常满意 … 1 非常不满意"})
    rating["reasons"]["items"]["enum"] = list(REASONS)
    rating["reasons"].update({"uniqueItems": True, "maxItems": len(REASONS),
                              "description": "only for levels 1 and 2"})
    rating["created_at"].update({"maxLength": shape.MAX_CREATED_AT,
                                 "description": "ISO 8601 time with a UTC offset"})
    vote = components["VotePayload"]["properties"]
    vote["id"].update(uuid)
    vote["consultation_id"]["pattern"] = "^[a-z][a-z0-9_]{0,39}$"
    vote["catalog_version"]["maxLength"] = shape.MAX_CATALOG_VERSION
    vote["created_at"].update({"maxLength": shape.MAX_CREATED_AT,
                               "description": "ISO 8601 time with a UTC offset"})
    vote["suggestion"]["description"] = f"at most {MAX_SUGGESTION} characters"
    item = components["ApplicationPayload"]["properties"]
    item["id"].update({"format": "uuid", "maxLength": 36,
                       "description": "UUID in canonical lower-case form"})
    item["tracking_number"]["pattern"] = "^[0-9]{12}$"
    item["service_id"]["maxLength"] = shape.MAX_SERVICE_ID
    item["catalog_version"]["maxLength"] = shape.MAX_CATALOG_VERSION
    item["created_at"].update({"maxLength": shape.MAX_CREATED_AT,
                               "description": "ISO 8601 time"})
    item["language"]["enum"] = list(LANGUAGES)
    item["answers"]["maxProperties"] = shape.MAX_ANSWERS
    item["consent"]["maxProperties"] = shape.MAX_CONSENT_KEYS
