"""The central's catalog validator: each application judged by its own catalog version, a newly
published catalog in force at once for its version and within a second for unknown versions."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from kiosk.central.rules.catalogs import CentralCatalogs
from kiosk.central.rules.validation import REFRESH_SECONDS, central_validator
from kiosk.domain import tracking
from kiosk.domain.catalog import default_catalog_dir, load_catalog
from kiosk.domain.samples import sample_answers
from kiosk.wire.protocol import ApplicationPayload
from tests.helpers.central_factories import FakeClock

SERVICE = "suggestion"


def application(version: str, **answers: object) -> ApplicationPayload:
    service = load_catalog().service(SERVICE)
    return ApplicationPayload(
        id=str(uuid.uuid4()), tracking_number="1" * 11 + tracking.check_digit("1" * 11),
        service_id=SERVICE, catalog_version=version, created_at="2026-11-02T09:00:00+08:00",
        language="zh_CN", answers={**dict(sample_answers(service)), **answers},
        consent={"given": True})


def catalog_without(tmp_path: Path, version: str, service_id: str) -> Path:
    source = tmp_path / f"catalog-{version}"
    shutil.copytree(default_catalog_dir(), source)
    manifest = source / "catalog.toml"
    shipped = load_catalog().version
    text = manifest.read_text(encoding="utf-8").replace(shipped, version)
    manifest.write_text(text.replace(f', "{service_id}"', "").replace(f'"{service_id}", ', ""),
                        encoding="utf-8")
    (source / "services" / f"{service_id}.toml").unlink()
    return source


def test_an_application_is_judged_by_the_catalog_version_it_was_made_with(tmp_path: Path
                                                                          ) -> None:
    catalogs = CentralCatalogs(tmp_path / "central")
    shipped = load_catalog().version
    catalogs.publish(catalog_without(tmp_path, "2099.1.1", SERVICE))
    validate = central_validator(catalogs, clock=FakeClock())
    assert validate(application(shipped)) is None  # the old version still has the service
    assert "unknown service" in (validate(application("2099.1.1")) or "")
    assert "invalid answers" in (validate(application(shipped, nonexistent="x")) or "")


def test_a_catalog_published_while_serving_applies_within_a_second(tmp_path: Path) -> None:
    clock = FakeClock()
    catalogs = CentralCatalogs(tmp_path / "central")
    validate = central_validator(catalogs, clock=clock)
    unknown_version = application("1999.1.1")  # judged by whatever catalog is current
    assert validate(unknown_version) is None
    catalogs.publish(catalog_without(tmp_path, "2099.1.1", SERVICE))
    # Its own version is looked up at once: a kiosk that pulled it is judged by it.
    assert "unknown service" in (validate(application("2099.1.1")) or "")
    clock.advance(REFRESH_SECONDS)
    assert "unknown service" in (validate(unknown_version) or "")


def test_many_made_up_versions_do_not_break_validation(tmp_path: Path) -> None:
    validate = central_validator(CentralCatalogs(tmp_path / "central"), clock=FakeClock())
    verdicts = {validate(application(f"1.0.{n}")) for n in range(300)}
    assert verdicts == {None}
