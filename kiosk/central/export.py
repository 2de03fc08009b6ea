"""Received applications as CSV or JSON lines, streamed page by page for the back office.

What leaves: each application's envelope (id, tracking number, kiosk, service, catalog version,
times), its latest office status and, unless the caller asks for `answers=false`, the resident's
answers and consent exactly as stored. Answers are personal data (names, ID numbers, phone
numbers): see docs/central-scale.md and docs/privacy.md.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any, Literal

from kiosk.central.storage.office import OfficeStorage

ExportFormat = Literal["csv", "jsonl"]
PAGE = 500
MEDIA_TYPES: dict[str, str] = {"csv": "text/csv; charset=utf-8",
                               "jsonl": "application/x-ndjson"}
ENVELOPE = ("id", "tracking_number", "kiosk_id", "service_id", "catalog_version", "language",
            "created_at", "received_at", "status", "status_changed_at")
PERSONAL = ("answers", "consent")


def _record(row: dict[str, Any], answers: bool) -> dict[str, Any]:
    payload = json.loads(row["payload_json"])
    record = {name: row.get(name) for name in ENVELOPE if name != "language"}
    record["language"] = payload.get("language")
    record = {name: record[name] for name in ENVELOPE}
    if answers:
        record["answers"] = payload.get("answers", {})
        record["consent"] = payload.get("consent", {})
    return record


def _rows(storage: OfficeStorage, received_since: str | None, service_id: str | None
          ) -> Iterator[dict[str, Any]]:
    after: tuple[str, str] | None = None
    while True:
        page = storage.export_page(after, PAGE, received_since=received_since,
                                   service_id=service_id)
        yield from page
        if len(page) < PAGE:
            return
        after = (page[-1]["received_at"], page[-1]["id"])


def export_lines(storage: OfficeStorage, fmt: ExportFormat, *, answers: bool = True,
                 received_since: str | None = None, service_id: str | None = None
                 ) -> Iterator[str]:
    """The export as text chunks: a header line then one line per application (CSV), or one
    JSON object per line (JSONL). Answers and consent are JSON text in CSV cells, which start
    with "{" and so can never be taken for a spreadsheet formula."""
    columns = list(ENVELOPE) + (list(PERSONAL) if answers else [])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if fmt == "csv":
        writer.writerow(columns)
    for row in _rows(storage, received_since, service_id):
        record = _record(row, answers)
        if fmt == "jsonl":
            yield json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n"
            continue
        writer.writerow([json.dumps(record[c], ensure_ascii=False, sort_keys=True)
                         if c in PERSONAL else ("" if record[c] is None else record[c])
                         for c in columns])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if fmt == "csv":
        yield buffer.getvalue()
