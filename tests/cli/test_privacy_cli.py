"""Key rotation, purge, audit and volunteer badges through the public CLI."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.domain.catalog import Catalog
from kiosk.domain.samples import sample_answers
from tests.helpers.kiosk_and_central import kiosk, kiosk_json


def test_key_rotation_keeps_every_application_readable(data_dir: Path, catalog: Catalog
                                                       ) -> None:
    answers = json.dumps(sample_answers(catalog.service("suggestion")), ensure_ascii=False)
    saved = kiosk_json(data_dir, "submit", "--service", "suggestion", "--answers", "-",
                       stdin="\n".join([answers] * 3))
    before = json.loads((data_dir / "keys" / "data-keys.json").read_text())
    result = kiosk(data_dir, "keys", "rotate", check=True)
    assert "3 application(s) re-encrypted" in result.stdout
    after = json.loads((data_dir / "keys" / "data-keys.json").read_text())
    assert list(after["keys"]) == [after["current"]] and after["current"] not in before["keys"]
    shown = kiosk_json(data_dir, "queue", "show", saved[0]["tracking_number"])
    assert shown["fields_answered"] == sorted(sample_answers(catalog.service("suggestion")))
    assert kiosk_json(data_dir, "purge")["purged"] == 0  # nothing delivered yet


def test_technician_actions_are_audited_and_tampering_is_caught(data_dir: Path) -> None:
    kiosk(data_dir, "config", "set", "--", "central.token", "tk_secret-value", check=True)
    badge = kiosk_json(data_dir, "volunteer", "add", "li-ming", "李明")
    assert len(badge["badge_code"]) == 8
    listed = kiosk_json(data_dir, "volunteer", "list")
    assert listed == [{"id": "li-ming", "name": "李明"}]
    entries = kiosk_json(data_dir, "audit", "list")
    assert [e["action"] for e in entries] == ["config.set", "volunteer.add"]
    assert entries[0]["detail"] == {"key": "central.token"}
    audit_text = (data_dir / "audit" / "audit.jsonl").read_text(encoding="utf-8")
    assert "tk_secret-value" not in audit_text and badge["badge_code"] not in audit_text
    assert kiosk_json(data_dir, "audit", "verify")["ok"]
    (data_dir / "audit" / "audit.jsonl").write_text(
        audit_text.replace("volunteer.add", "volunteer.list"), encoding="utf-8")
    broken = kiosk(data_dir, "audit", "verify")
    assert broken.returncode == 1 and "entry 2 was changed" in broken.stdout
