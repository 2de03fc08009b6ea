"""USB transfer through the real CLI: no central server runs in any of these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.domain.catalog import Catalog
from kiosk.domain.samples import sample_answers
from kiosk.store.store import Store
from kiosk.wire.bundle import DAMAGED, read_header
from tests.helpers.kiosk_and_central import kiosk, kiosk_json

SERVICE = "elderly_allowance"


def register(central: Path, kiosk_id: str) -> str:
    creds = kiosk_json(central, "central", "add-kiosk", kiosk_id, "--data-dir", str(central))
    return str(creds["token"])


def set_credentials(data_dir: Path, kiosk_id: str, token: str) -> None:
    kiosk(data_dir, "config", "set", "central.kiosk_id", kiosk_id, check=True)
    kiosk(data_dir, "config", "set", "--", "central.token", token, check=True)


def submit(data_dir: Path, catalog: Catalog, count: int) -> list[str]:
    form = json.dumps(sample_answers(catalog.service(SERVICE)), ensure_ascii=False)
    saved = kiosk_json(data_dir, "submit", "--service", SERVICE, "--answers", "-",
                       stdin="\n".join([form] * count))
    return [s["id"] for s in saved]


def central_import(central: Path, bundle: Path, *extra: str) -> dict[str, object]:
    return dict(kiosk_json(central, "central", "import", str(bundle), "--data-dir", str(central),
                           *extra))


def central_ids(central: Path) -> list[str]:
    rows = kiosk_json(central, "central", "applications", "--data-dir", str(central))
    return sorted(r["id"] for r in rows)


def counts(data_dir: Path) -> dict[str, int]:
    return dict(kiosk_json(data_dir, "status")["counts"])


@pytest.fixture
def central(tmp_path: Path) -> Path:
    return tmp_path / "central"


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


@pytest.fixture
def hall(data_dir: Path, central: Path) -> Path:
    """A kiosk registered as hall-01 at `central`, with no network at all."""
    set_credentials(data_dir, "hall-01", register(central, "hall-01"))
    return data_dir


def export(data_dir: Path, usb: Path) -> Path:
    made = kiosk_json(data_dir, "export", "--to", str(usb))
    return Path(made["path"])


def test_round_trip_and_every_repeat_changes_nothing(hall: Path, central: Path, usb: Path,
                                                     catalog: Catalog) -> None:
    ids = submit(hall, catalog, 3)
    made = kiosk_json(hall, "export", "--to", str(usb))
    bundle = Path(made["path"])
    assert made["count"] == 3 and bundle.parent == usb and bundle.name.endswith(".tkb")
    assert made["bundle_id"][:8] in bundle.name
    assert counts(hall)["queued"] == 3  # exporting is not delivering

    first = central_import(central, bundle)
    assert (first["accepted"], first["duplicate"], first["rejected"]) == (3, 0, 0)
    assert central_ids(central) == sorted(ids)
    ack = Path(str(first["ack_path"]))
    assert ack == usb / bundle.name.replace(".tkb", ".ack")

    done = kiosk(hall, "import-ack", str(ack), check=True)
    assert done.stdout.strip() == "3 delivered, 0 quarantined"
    status = kiosk_json(hall, "status")
    assert status["counts"]["delivered"] == 3 and status["pending"] == 0

    again = central_import(central, bundle)
    assert (again["accepted"], again["duplicate"], again["rejected"]) == (0, 3, 0)
    assert central_ids(central) == sorted(ids)
    results = json.loads(ack.read_text(encoding="utf-8"))["results"]
    assert [r["status"] for r in results] == ["duplicate"] * 3
    assert sorted(r["id"] for r in results) == sorted(ids)

    repeat = kiosk_json(hall, "import-ack", str(ack))
    assert (repeat["delivered"], repeat["quarantined"], repeat["already_recorded"]) == (0, 0, 3)
    assert counts(hall) == status["counts"]

    empty = kiosk(hall, "export", "--to", str(usb))
    assert empty.returncode == 0 and "nothing to export" in empty.stdout
    assert sorted(p.suffix for p in usb.iterdir()) == [".ack", ".tkb"]


def test_a_record_the_central_rejects_is_quarantined_alone(hall: Path, central: Path,
                                                           usb: Path, catalog: Catalog) -> None:
    good = submit(hall, catalog, 2)
    answers = {**sample_answers(catalog.service(SERVICE)), "phone": "12345"}
    with Store.open(hall / "kiosk.sqlite3") as store:  # bypasses the kiosk's own validation
        bad = store.save_answers(SERVICE, catalog.version, answers, {"given": True}, "zh_CN")
    imported = central_import(central, export(hall, usb), "--ack-dir", str(usb.parent))
    assert (imported["accepted"], imported["rejected"]) == (2, 1)
    assert central_ids(central) == sorted(good)

    done = kiosk(hall, "import-ack", str(imported["ack_path"]), check=True)
    assert done.stdout.strip() == "2 delivered, 1 quarantined"
    with Store.open(hall / "kiosk.sqlite3") as store:
        record = store.get(bad.application_id)
    assert record is not None and record.state == "quarantined"
    assert record.quarantine_reason and "phone" in record.quarantine_reason
    assert "12345" not in record.quarantine_reason


@pytest.fixture
def bundle(hall: Path, central: Path, usb: Path, catalog: Catalog) -> Path:
    register(central, "hall-02")  # a second kiosk of the same central, with its own key
    submit(hall, catalog, 2)
    return export(hall, usb)


def refused(central: Path, bundle: Path, data: bytes) -> str:
    bundle.write_bytes(data)
    result = kiosk(central, "central", "import", str(bundle), "--data-dir", str(central))
    assert result.returncode == 1 and result.stdout == ""
    assert central_ids(central) == [] and list(bundle.parent.glob("*.ack")) == []
    assert "Traceback" not in result.stderr
    return result.stderr.strip()


def test_one_flipped_ciphertext_byte_imports_nothing(central: Path, bundle: Path) -> None:
    data = bytearray(bundle.read_bytes())
    data[-40] ^= 0x01
    assert refused(central, bundle, bytes(data)) == f"error: {DAMAGED}"


def test_a_header_moved_to_another_kiosk_imports_nothing(central: Path, bundle: Path) -> None:
    data = bundle.read_bytes()
    assert refused(central, bundle, data.replace(b'"hall-01"', b'"hall-02"', 1)) \
        == f"error: {DAMAGED}"
    assert "from kiosk hall-09, which is not registered at this central" in refused(
        central, bundle, data.replace(b'"hall-01"', b'"hall-09"', 1))


def test_a_bundle_for_another_central_imports_nothing(tmp_path: Path, bundle: Path) -> None:
    other = tmp_path / "other-central"
    register(other, "hall-01")  # same kiosk id, different token: a different key
    assert refused(other, bundle, bundle.read_bytes()) == f"error: {DAMAGED}"


def test_a_truncated_bundle_says_it_is_incomplete(central: Path, bundle: Path) -> None:
    data = bundle.read_bytes()
    message = refused(central, bundle, data[: len(data) // 2 + 60])
    assert "incomplete" in message and "nothing was imported" in message


def test_a_tampered_or_foreign_ack_changes_nothing(hall: Path, central: Path, bundle: Path,
                                                   tmp_path: Path) -> None:
    ack = Path(str(central_import(central, bundle)["ack_path"]))
    original = ack.read_text(encoding="utf-8")
    before = counts(hall)

    ack.write_text(original.replace('"accepted"', '"duplicate"', 1), encoding="utf-8")
    tampered = kiosk(hall, "import-ack", str(ack))
    assert tampered.returncode == 1 and "changed or damaged" in tampered.stderr

    ack.write_text(original.replace('"hall-01"', '"hall-02"'), encoding="utf-8")
    foreign = kiosk(hall, "import-ack", str(ack))
    assert foreign.returncode == 1 and "for kiosk hall-02, but this kiosk is hall-01" \
        in foreign.stderr

    other_kiosk = tmp_path / "other-kiosk"
    other_kiosk.mkdir()
    set_credentials(other_kiosk, "hall-01", "tk_not-the-real-token")
    ack.write_text(original, encoding="utf-8")
    wrong_key = kiosk(other_kiosk, "import-ack", str(ack))
    assert wrong_key.returncode == 1 and "changed or damaged" in wrong_key.stderr
    assert counts(hall) == before


def test_export_reads_without_claiming(hall: Path, usb: Path, catalog: Catalog) -> None:
    submit(hall, catalog, 2)
    with Store.open(hall / "kiosk.sqlite3") as store:
        in_flight = store.claim_batch("network-sender", 1, 3600)
    made = kiosk_json(hall, "export", "--to", str(usb))
    assert made["count"] == 2  # the record being sent right now is carried too
    with Store.open(hall / "kiosk.sqlite3") as store:
        after = store.get(in_flight[0].id)
        assert store.counts()["queued"] == 1
    assert after == in_flight[0]  # still the network sender's claim, attempts unchanged
    assert read_header(Path(made["path"]).read_bytes())[0].count == 2


def test_export_needs_credentials_and_an_existing_folder(tmp_path: Path, hall: Path) -> None:
    bare = tmp_path / "bare"
    bare.mkdir()
    result = kiosk(bare, "export", "--to", str(tmp_path))
    assert result.returncode == 1 and "central.kiosk_id and central.token" in result.stderr
    missing = kiosk(hall, "export", "--to", str(tmp_path / "not-mounted"))
    assert missing.returncode == 1 and "is the USB stick plugged in" in missing.stderr
    assert not (tmp_path / "not-mounted").exists()


def test_import_of_something_else_is_a_clear_error(central: Path, tmp_path: Path) -> None:
    register(central, "hall-01")
    stray = tmp_path / "photo.tkb"
    stray.write_bytes(b"\x89PNG\r\n\x1a\n not a bundle")
    result = kiosk(central, "central", "import", str(stray), "--data-dir", str(central))
    assert result.returncode == 1 and "not a Township Kiosk bundle" in result.stderr
    gone = kiosk(central, "central", "import", str(tmp_path / "nope.tkb"), "--data-dir",
                 str(central))
    assert gone.returncode == 1 and "no such file" in gone.stderr


def test_long_exports_and_imports_show_progress_on_stderr(hall: Path, central: Path, usb: Path,
                                                          catalog: Catalog) -> None:
    submit(hall, catalog, 120)
    made = kiosk(hall, "export", "--to", str(usb), check=True)
    assert made.stderr.splitlines() == ["exported 100/120", "exported 120/120"]
    imported = kiosk(central, "central", "import", made.stdout.strip(), "--data-dir",
                     str(central), check=True)
    assert "imported 120/120" in imported.stderr.splitlines()
    assert "120 accepted" in imported.stdout
