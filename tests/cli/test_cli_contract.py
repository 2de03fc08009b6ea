"""The public CLI contract, driven from outside as acceptance scripts and technicians do."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kiosk.domain.catalog import Catalog
from tests.helpers.answers import answers_json
from tests.helpers.kiosk_and_central import kiosk, kiosk_json


def test_catalog_json_lists_services_fields_and_choices(data_dir: Path) -> None:
    data = kiosk_json(data_dir, "catalog")
    services = {s["id"]: s for s in data["services"]}
    assert {"elderly_allowance", "medical_insurance", "disability_subsidy",
            "suggestion"} <= set(services)
    field = services["elderly_allowance"]["fields"][0]
    assert {"id", "type", "required", "choices"} <= set(field)
    assert data["version"]


def test_submit_prints_one_tracking_number_per_application(data_dir: Path, catalog: Catalog
                                                           ) -> None:
    file = data_dir.parent / "forms.jsonl"
    file.write_text("\n".join([answers_json(catalog, "suggestion")] * 2), encoding="utf-8")
    result = kiosk(data_dir, "submit", "--service", "suggestion", "--answers", str(file),
                   check=True)
    numbers = result.stdout.split()
    assert len(numbers) == 2 and all(len(n) == 12 and n.isdigit() for n in numbers)
    status = kiosk_json(data_dir, "status")
    assert status["counts"]["queued"] == 2 and status["pending"] == 2
    assert status["oldest_pending_age_seconds"] is not None


def test_data_dir_option_works_after_the_command(tmp_path: Path, catalog: Catalog) -> None:
    folder = tmp_path / "elsewhere"
    result = kiosk(tmp_path / "unused", "submit", "--data-dir", str(folder), "--service",
                   "suggestion", "--answers", "-", "--json",
                   stdin=answers_json(catalog, "suggestion"), check=True)
    saved = json.loads(result.stdout)
    assert saved[0]["id"] and saved[0]["tracking_number"]
    assert (folder / "kiosk.sqlite3").exists()


def test_invalid_answers_are_named_per_field_and_not_queued(data_dir: Path, catalog: Catalog
                                                            ) -> None:
    bad = answers_json(catalog, "elderly_allowance", phone="12345", colour="red")
    good = answers_json(catalog, "elderly_allowance")
    result = kiosk(data_dir, "submit", "--service", "elderly_allowance", "--answers", "-",
                   stdin=bad + "\n" + good)
    assert result.returncode != 0
    assert "record 1: phone:" in result.stderr and "record 1: colour:" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stdout.split()) == 1  # the good one was queued
    assert kiosk_json(data_dir, "status")["counts"]["queued"] == 1


@pytest.mark.parametrize(("args", "stdin", "expected"), [
    (["submit", "--service", "no_such", "--answers", "-"], "{}", "unknown service 'no_such'"),
    (["submit", "--service", "suggestion", "--answers", "-"], "{not json",
     "line 1: not valid JSON"),
    (["submit", "--service", "suggestion", "--answers", "-"], "[1, 2]", "not a JSON object"),
    (["config", "set", "central.url", "ftp://x"], None, "must start with http"),
    (["config", "set", "no.such", "1"], None, "unknown setting no.such"),
    (["sync"], None, "not configured"),
])
def test_bad_input_gives_one_clear_line_and_nonzero_exit(data_dir: Path, args: list[str],
                                                         stdin: str | None, expected: str
                                                         ) -> None:
    result = kiosk(data_dir, *args, stdin=stdin)
    assert result.returncode != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_corrupt_config_is_named_and_nothing_saved_is_lost(data_dir: Path, catalog: Catalog
                                                           ) -> None:
    kiosk(data_dir, "submit", "--service", "suggestion", "--answers", "-",
          stdin=answers_json(catalog, "suggestion"), check=True)
    (data_dir / "config.toml").write_text("[central\nurl = ", encoding="utf-8")
    result = kiosk(data_dir, "status")
    assert result.returncode != 0 and "config.toml" in result.stderr
    assert "Traceback" not in result.stderr
    (data_dir / "config.toml").unlink()
    assert kiosk_json(data_dir, "status")["counts"]["queued"] == 1


def test_unreachable_central_keeps_applications_and_says_why(data_dir: Path, catalog: Catalog
                                                             ) -> None:
    kiosk(data_dir, "submit", "--service", "suggestion", "--answers", "-",
          stdin=answers_json(catalog, "suggestion"), check=True)
    kiosk(data_dir, "config", "set", "central.url", "http://127.0.0.1:9", check=True)
    kiosk(data_dir, "config", "set", "central.kiosk_id", "hall-9", check=True)
    kiosk(data_dir, "config", "set", "central.token", "secret", check=True)
    result = kiosk(data_dir, "sync", "--json")
    assert result.returncode != 0
    report = json.loads(result.stdout)
    assert report["pending"] == 1 and "127.0.0.1:9" in report["error"]
    status = kiosk_json(data_dir, "status")
    assert status["counts"]["queued"] == 1 and "127.0.0.1:9" in status["last_error"]


def test_config_show_hides_the_token_unless_asked(data_dir: Path) -> None:
    kiosk(data_dir, "config", "set", "central.token", "s3cret-token", check=True)
    shown = kiosk_json(data_dir, "config", "show")
    assert shown["central.token"] == "********"
    revealed = json.loads(kiosk(data_dir, "config", "show", "--json", "--reveal",
                                check=True).stdout)
    assert revealed["central.token"] == "s3cret-token"
    assert (data_dir / "config.toml").stat().st_mode & 0o077 == 0


def test_run_without_a_display_says_how_instead_of_crashing(data_dir: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    for command in ("run", "demo"):
        result = kiosk(data_dir, command)
        assert result.returncode != 0
        assert "xvfb-run" in result.stderr and "Traceback" not in result.stderr


def test_every_command_has_help_with_an_example(data_dir: Path) -> None:
    for command in (["catalog"], ["submit"], ["sync"], ["status"], ["config", "show"],
                    ["config", "set"], ["central", "serve"], ["central", "add-kiosk"],
                    ["central", "applications"], ["tour"], ["run"], ["demo"], ["doctor"],
                    ["queue", "list"], ["queue", "show"], ["queue", "retry"],
                    ["technician", "set-pin"], ["central", "set-status"],
                    ["central", "publish-catalog"], ["keys", "rotate"], ["purge"],
                    ["audit", "verify"], ["audit", "list"], ["volunteer", "add"],
                    ["volunteer", "remove"], ["volunteer", "list"]):
        result = kiosk(data_dir, *command, "--help", check=True)
        assert "Example:" in result.stdout, command
        assert "--data-dir" in result.stdout, command


def test_invalid_catalog_names_file_service_and_field(data_dir: Path, catalog: Catalog) -> None:
    assert catalog.source is not None
    assets = data_dir.parent / "assets"
    shutil.copytree(catalog.source.parent, assets)
    broken = assets / "catalog" / "services" / "disability_subsidy.toml"
    broken.write_text(broken.read_text(encoding="utf-8").replace('type = "yes_no"',
                                                                 'type = "yesno"', 1),
                      encoding="utf-8")
    result = kiosk(data_dir, "catalog", env_extra={"KIOSK_ASSETS_DIR": str(assets)})
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "services/disability_subsidy.toml" in result.stderr
    assert "service 'disability_subsidy'" in result.stderr
    assert "field '" in result.stderr and "yesno" in result.stderr
