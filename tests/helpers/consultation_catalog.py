"""Builders for the feedback tests: a catalog with a consultation that closes when we say."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from kiosk.domain.catalog import default_catalog_dir

ROAD = """id = "village_road"
closes = {closes}
question = {{ zh_CN = "村道先修哪一段？", en = "Which stretch of the village road first?" }}

[[options]]
value = "east"
label = {{ zh_CN = "东头", en = "The east end" }}

[[options]]
value = "west"
label = {{ zh_CN = "西头", en = "The west end" }}
"""


# Votes in the shipped consultation (street_lights) are made on this day in tests, so that
# they stay valid whatever the real date: the central judges a vote by when it was made.
VOTING_DAY = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)


def catalog_with_road(target: Path, closes: dt.date, version: str = "2026.12.1") -> Path:
    """The shipped catalog plus consultation `village_road` closing on `closes`; the shipped
    `street_lights` stays open for a year from today."""
    shutil.copytree(default_catalog_dir(), target)
    lights = target / "consultations" / "street_lights.toml"
    next_year = dt.date.today() + dt.timedelta(days=365)
    lights.write_text(re.sub(r"(?m)^closes = \S+", f"closes = {next_year.isoformat()}",
                             lights.read_text(encoding="utf-8")), encoding="utf-8")
    manifest = target / "catalog.toml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace('version = "', f'version = "{version}"  # was "', 1)
    text = text.replace('consultations = ["street_lights"]',
                        'consultations = ["street_lights", "village_road"]')
    manifest.write_text(text, encoding="utf-8")
    (target / "consultations" / "village_road.toml").write_text(
        ROAD.format(closes=closes.isoformat()), encoding="utf-8")
    return target
