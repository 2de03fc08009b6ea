"""What flows back from the central: the office's decisions and catalog updates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kiosk.domain.active_catalog import load_active_catalog
from kiosk.domain.catalog import Catalog, load_catalog
from kiosk.domain.samples import sample_answers
from kiosk.domain.session import ResidentSession, Step
from tests.helpers.kiosk_and_central import configure, kiosk, kiosk_json, start_central

pytestmark = pytest.mark.e2e


def connected(data_dir: Path, central_dir: Path, kiosk_id: str = "hall-11") -> tuple[str, str]:
    with start_central(central_dir) as central:
        token = central.storage.add_kiosk(kiosk_id)
        url = central.url
    configure(data_dir, url, kiosk_id, token)
    return url, token


def test_office_decision_reaches_the_kiosk(data_dir: Path, tmp_path: Path,
                                          catalog: Catalog) -> None:
    central_dir = tmp_path / "central"
    saved = kiosk_json(data_dir, "submit", "--service", "elderly_allowance", "--answers", "-",
                       stdin=json.dumps(sample_answers(catalog.service("elderly_allowance"))))
    number = saved[0]["tracking_number"]
    with start_central(central_dir) as central:
        configure(data_dir, central.url, "hall-11", central.storage.add_kiosk("hall-11"))
        assert kiosk(data_dir, "sync").returncode == 0
        kiosk(data_dir, "central", "set-status", number, "more_info_needed", "--message",
              "请带户口本来一趟", "--data-dir", str(central_dir), check=True)
        report = kiosk_json(data_dir, "sync")
        assert report["status_changes"] == 1
        shown = kiosk_json(data_dir, "queue", "show", number)
        assert shown["office_status"] == "more_info_needed"
        assert shown["office_message"] == "请带户口本来一趟"
        assert kiosk_json(data_dir, "status")["office_status"] == {"more_info_needed": 1}
        kiosk(data_dir, "central", "set-status", number, "approved", "--data-dir",
              str(central_dir), check=True)
        assert kiosk_json(data_dir, "sync")["status_changes"] == 1
        assert kiosk_json(data_dir, "sync")["status_changes"] == 0  # the cursor moved on
        assert kiosk_json(data_dir, "queue", "show", number)["office_status"] == "approved"


def test_set_status_for_an_unknown_number_says_so(tmp_path: Path, data_dir: Path) -> None:
    result = kiosk(data_dir, "central", "set-status", "123456789012", "approved",
                   "--data-dir", str(tmp_path / "c"))
    assert result.returncode != 0 and "no application with tracking number" in result.stderr


def test_new_catalog_reaches_the_kiosk_and_a_started_form_keeps_its_version(
        data_dir: Path, tmp_path: Path, catalog: Catalog) -> None:
    central_dir = tmp_path / "central"
    assert catalog.source is not None
    new_source = tmp_path / "catalog-next"
    shutil.copytree(catalog.source, new_source)
    manifest = new_source / "catalog.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        catalog.version, "2026.12.1"), encoding="utf-8")
    summary = new_source / "services" / "suggestion.toml"
    summary.write_text(summary.read_text(encoding="utf-8").replace(
        'id = "suggestion"', 'id = "suggestion"\n# revised in December'), encoding="utf-8")

    resident = ResidentSession(load_active_catalog(data_dir))  # starts before the update
    resident.start("suggestion")
    with start_central(central_dir) as central:
        configure(data_dir, central.url, "hall-12", central.storage.add_kiosk("hall-12"))
        kiosk(data_dir, "central", "publish-catalog", str(new_source), "--data-dir",
              str(central_dir), check=True)
        report = kiosk_json(data_dir, "sync")
        assert report["catalog_installed"] == "2026.12.1"
        assert kiosk_json(data_dir, "sync")["catalog_installed"] is None  # 304: unchanged
        assert kiosk_json(data_dir, "catalog")["version"] == "2026.12.1"
        assert kiosk_json(data_dir, "status")["catalog_version"] == "2026.12.1"
        # The resident midway through keeps the version they started with, and it is accepted.
        resident.accept_consent()
        while resident.step is Step.QUESTION:
            field = resident.view.field
            assert field is not None
            resident.answer(sample_answers(catalog.service("suggestion"))[field.id])
        submission = resident.begin_submit()
        assert submission.catalog_version == catalog.version
        from kiosk.store.store import Store
        with Store.open(data_dir / "kiosk.sqlite3") as store:
            store.save_application(submission, "zh_CN")
        assert kiosk_json(data_dir, "sync")["accepted"] == 1


def test_publishing_an_invalid_catalog_changes_nothing(tmp_path: Path, data_dir: Path,
                                                       catalog: Catalog) -> None:
    assert catalog.source is not None
    broken = tmp_path / "broken"
    shutil.copytree(catalog.source, broken)
    (broken / "services" / "suggestion.toml").write_text("id = 'suggestion'\n", encoding="utf-8")
    result = kiosk(data_dir, "central", "publish-catalog", str(broken), "--data-dir",
                   str(tmp_path / "c"))
    assert result.returncode != 0 and "suggestion.toml" in result.stderr
    assert not (tmp_path / "c" / "catalogs" / "CURRENT").exists()
    assert load_catalog().version == catalog.version
