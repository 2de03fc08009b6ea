"""What a signed-in volunteer may see and do in the store: today's submissions at this kiosk
(never anything the resident typed) and closing "call a volunteer" requests.

Part of `kiosk.store.store.Store` (a mixin over the same connection, like `kiosk.store.outbox`).
`todays_submissions` reads only the columns listed in `_SUBMISSION_COLUMNS`: the encrypted
answers are neither selected nor decrypted, and from the consent record only `assisted_by` (a
volunteer's id) is taken, so no name, ID number or phone number can leave through it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.domain.status_words import PlainStatus, plain_status
from kiosk.hall_time import HallTime, aware
from kiosk.store.base import StoreCore

_SUBMISSION_COLUMNS = ("id, tracking_number, service_id, created_at, state, office_status, "
                       "delivered_at, office_message, office_status_at, "
                       "json_extract(consent_json, '$.assisted_by') AS assisted_by")


@dataclass(frozen=True)
class TodaySubmission:
    """One application as a volunteer sees it: when, which service, its number, where it is."""

    application_id: str
    tracking_number: str
    service_id: str
    created_at: dt.datetime     # aware
    status: PlainStatus
    assisted_by: str | None     # the volunteer's id, if one helped


@dataclass(frozen=True)
class VolunteerRequest:
    """An open "call a volunteer" tap: when, and on which screen / service."""

    id: int
    requested_at: dt.datetime   # aware
    screen: str                 # a session step, e.g. "home" or "question:id_number"
    service_id: str | None


def _aware(iso: str) -> dt.datetime:
    return aware(dt.datetime.fromisoformat(iso))


@dataclass(frozen=True)
class _Row:
    """The fields `plain_status` reads (a structural match for status_words._Application)."""

    tracking_number: str
    service_id: str
    state: str
    created_at: str
    delivered_at: str | None
    office_status: str | None
    office_message: str | None
    office_status_at: str | None


class VolunteerStore(StoreCore):
    def todays_submissions(self, day: dt.date, hall: HallTime | None = None
                           ) -> list[TodaySubmission]:
        """Applications saved on this kiosk on `day`, the hall's day (kiosk/hall_time.py: the
        residents' "today" ends at the hall's midnight), newest first. No answers."""
        hall = hall or HallTime()
        start = hall.day_start(day)
        end = hall.day_start(day + dt.timedelta(days=1))
        # The text comparison is only a coarse pre-filter (a day either side covers any offset
        # a stored time may carry); the exact day is decided on the parsed times below.
        low = (start - dt.timedelta(days=1)).astimezone(dt.UTC).date().isoformat()
        high = (end + dt.timedelta(days=1)).astimezone(dt.UTC).date().isoformat()
        rows = self._conn.execute(
            f"SELECT {_SUBMISSION_COLUMNS} FROM applications "  # noqa: S608 (constant columns)
            "WHERE created_at >= ? AND created_at < ?", (low, high)).fetchall()
        found: list[TodaySubmission] = []
        for row in rows:
            created = _aware(row["created_at"])
            if not start <= created < end:
                continue
            status = plain_status(_Row(
                row["tracking_number"], row["service_id"], row["state"], row["created_at"],
                row["delivered_at"], row["office_status"], row["office_message"],
                row["office_status_at"]))
            assisted = row["assisted_by"]
            found.append(TodaySubmission(row["id"], row["tracking_number"], row["service_id"],
                                         created, status,
                                         assisted if isinstance(assisted, str) else None))
        found.sort(key=lambda s: s.created_at, reverse=True)
        return found

    def open_requests(self) -> list[VolunteerRequest]:
        """The "call a volunteer" taps nobody has marked handled yet, oldest first."""
        return [VolunteerRequest(r["id"], _aware(r["requested_at"]), r["screen"],
                                 r["service_id"])
                for r in self._conn.execute(
                    "SELECT id, requested_at, screen, service_id FROM volunteer_requests "
                    "WHERE handled_at IS NULL ORDER BY id")]

    def close_volunteer_request(self, request_id: int, volunteer_id: str) -> bool:
        """Mark a request handled by `volunteer_id`; False if it was already closed (another
        volunteer got there first) or does not exist."""
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE volunteer_requests SET handled_at = ?, handled_by = ? "
                "WHERE id = ? AND handled_at IS NULL", (self._now(), volunteer_id, request_id))
        return cursor.rowcount == 1
