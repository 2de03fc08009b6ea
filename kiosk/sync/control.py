"""Pausing and resuming the background sender, kept in the database so it survives restarts.

A technician pauses sync while, say, the central is being moved; the pause holds until resumed,
even if the kiosk restarts meanwhile. `kiosk sync` run by hand still sends: it is an explicit ask.
"""

from __future__ import annotations

import datetime as dt

from kiosk.store.store import Store

PAUSED_KEY = "sync_paused_at"


def pause_sync(store: Store) -> None:
    store.set_meta({PAUSED_KEY: dt.datetime.now(dt.UTC).isoformat()})


def resume_sync(store: Store) -> None:
    store.set_meta({PAUSED_KEY: None})


def paused_since(store: Store) -> dt.datetime | None:
    value = store.get_meta(PAUSED_KEY)
    return dt.datetime.fromisoformat(value) if value else None
