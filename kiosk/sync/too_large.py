"""What a 413 for a batch of ONE item means (docs/protocol.md, "413").

Only an item that by itself is larger than the protocol's MAX_BODY_BYTES can never be sent: it
is set aside. Anything smaller was refused by something on the way (a reverse proxy's body size
limit) or by a central set up against the protocol, so the item is fine: it stays queued and the
sender backs off (PathRefused), for applications (kiosk.sync.engine) and ratings and votes alike.
"""

from __future__ import annotations

from kiosk.sync.client import BatchTooLarge, PathRefused
from kiosk.sync.status import NOT_THE_CENTRAL, PATH_REFUSED_MARK
from kiosk.wire.protocol import MAX_BODY_BYTES


def refusal_of_one(exc: BatchTooLarge, where: str, what: str) -> PathRefused | None:
    """What a 413 for a batch of ONE item means: None when that item alone is over the protocol's
    limit (set it aside: no path will ever carry it), else the PathRefused to raise, in words a
    technician can act on (what is refusing what, and what to change)."""
    if exc.sent_bytes > MAX_BODY_BYTES:
        return None
    refused = (f"a single {what} of {exc.sent_bytes:,} bytes as too large {PATH_REFUSED_MARK} "
               f"{MAX_BODY_BYTES:,} bytes")
    if exc.from_central:
        return PathRefused(
            f"{where} refuses {refused}; nothing is wrong with it and everything stays queued: "
            "check the central's version and limits", retry_after=None)
    return PathRefused(
        f"something between this kiosk and {where} (a proxy or firewall, {NOT_THE_CENTRAL}) "
        f"refuses {refused}; nothing is wrong with it and everything stays queued until that "
        f"is fixed: raise the proxy's request size limit to at least "
        f"{MAX_BODY_BYTES // (1024 * 1024)} MB (nginx: client_max_body_size 5m)",
        retry_after=None)
