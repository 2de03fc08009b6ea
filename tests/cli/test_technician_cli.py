"""`kiosk doctor` and `kiosk queue`: a technician diagnosing and fixing from a terminal."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.domain.catalog import Catalog
from kiosk.domain.samples import sample_answers
from kiosk.store.store import Store
from tests.helpers.central_server import free_port
from tests.helpers.kiosk_and_central import configure, kiosk, kiosk_json, start_central


def verdicts(report: dict[str, object]) -> dict[str, str]:
    return {s["step"]: s["verdict"] for s in report["steps"]}  # type: ignore[attr-defined]


def test_doctor_without_settings_points_at_the_address(data_dir: Path) -> None:
    result = kiosk(data_dir, "doctor", "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert verdicts(report)["address"] == "fail" and verdicts(report)["network"] == "skipped"


def test_doctor_passes_every_step_against_a_running_central(data_dir: Path,
                                                            tmp_path: Path) -> None:
    with start_central(tmp_path / "c") as central:
        configure(data_dir, central.url, "hall-21", central.storage.add_kiosk("hall-21"))
        result = kiosk(data_dir, "doctor", "--json")
    assert result.returncode == 0, result.stdout
    assert verdicts(json.loads(result.stdout)) == {
        "address": "pass", "network": "pass", "tls": "warn",  # plain http on loopback
        "credentials": "pass", "sending": "pass", "clock": "pass"}


def test_doctor_names_the_failing_step(data_dir: Path, tmp_path: Path) -> None:
    with start_central(tmp_path / "c") as central:
        central.storage.add_kiosk("hall-22")
        configure(data_dir, central.url, "hall-22", "tk_wrong")
        result = kiosk(data_dir, "doctor")
        assert result.returncode == 1
        assert "[FAIL] credentials" in result.stdout
    configure(data_dir, f"http://127.0.0.1:{free_port()}", "hall-22", "tk_wrong")
    result = kiosk(data_dir, "doctor")
    assert result.returncode == 1 and "[FAIL] network" in result.stdout
    assert "nothing listens" in result.stdout


def test_quarantined_application_can_be_inspected_and_retried(
        data_dir: Path, tmp_path: Path, catalog: Catalog) -> None:
    answers = sample_answers(catalog.service("suggestion"))
    with Store.open(data_dir / "kiosk.sqlite3") as store:
        poison = store.save_answers("suggestion", catalog.version,
                                    {**answers, "phone": "not-a-phone"}, {}, "zh_CN")
        store.save_answers("suggestion", catalog.version, answers, {}, "zh_CN")
    with start_central(tmp_path / "c") as central:
        configure(data_dir, central.url, "hall-23", central.storage.add_kiosk("hall-23"))
        result = kiosk(data_dir, "sync", "--json")
        assert result.returncode == 0  # nothing pending: the bad one is set aside
        assert "sent 2/2" in result.stderr  # progress
        listed = kiosk_json(data_dir, "queue", "list", "--state", "quarantined")
        assert [a["tracking_number"] for a in listed] == [poison.tracking_number]
        assert "phone" in listed[0]["quarantine_reason"]
        shown = kiosk_json(data_dir, "queue", "show", poison.tracking_number)
        assert [e["event"] for e in shown["events"]][:2] == ["saved", "quarantined"]
        assert "answers" not in shown and "not-a-phone" not in json.dumps(shown)
        assert kiosk(data_dir, "queue", "retry", poison.tracking_number,
                     check=True).stdout.startswith("1 ")
        assert kiosk_json(data_dir, "status")["counts"]["queued"] == 1
    missing = kiosk(data_dir, "queue", "show", "000000000000")
    assert missing.returncode == 1 and "no application" in missing.stderr
