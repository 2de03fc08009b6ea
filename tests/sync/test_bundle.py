"""The USB bundle format: sealed, bound to its header, refused whole when anything changed."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.central.bundle_import import UnknownKiosk, import_bundle
from kiosk.central.storage.applications import CentralStorage
from kiosk.wire import bundle
from kiosk.wire.bundle import (
    DAMAGED,
    Ack,
    AckDamaged,
    BundleDamaged,
    BundleError,
    BundleHeader,
    BundleTruncated,
    NotABundle,
    encode_ack,
    encode_bundle,
    open_bundle,
    parse_item,
    read_header,
    verify_ack,
    write_atomically,
)
from kiosk.wire.protocol import ApplicationPayload, ItemResult, derive_bundle_key

KEY = derive_bundle_key("tk_test-token")
OTHER_KEY = derive_bundle_key("tk_another-central")


def payload(name: str = "王秀英", **changes: object) -> ApplicationPayload:
    fields: dict[str, object] = {
        "id": str(uuid.uuid4()), "tracking_number": "482913570164",
        "service_id": "suggestion", "catalog_version": "2024.1",
        "created_at": "2024-05-01T16:00:00+08:00", "language": "zh_CN",
        "answers": {"name": name, "age": 41, "urgent": False, "note": "line one\nline two"},
        "consent": {"given": True}}
    fields.update(changes)
    return ApplicationPayload.model_validate(fields)


ITEMS = [payload(), payload("李四")]
HEADER, SEALED = encode_bundle(KEY, "hall-01", ITEMS)


def test_round_trip_gives_back_every_application_in_order() -> None:
    opened = open_bundle(SEALED, KEY)
    assert opened.header == HEADER
    assert [parse_item(line) for line in opened.lines] == ITEMS
    assert HEADER.kiosk_id == "hall-01" and HEADER.count == 2
    assert uuid.UUID(HEADER.bundle_id).version == 4


def test_nothing_personal_is_readable_in_the_file_or_its_name() -> None:
    for secret in ("王秀英".encode(), b"482913570164", b"line one", ITEMS[0].id.encode()):
        assert secret not in SEALED
    assert HEADER.file_name.startswith("kiosk-hall-01-")
    assert HEADER.file_name.endswith(f"-{HEADER.bundle_id[:8]}.tkb")


def test_each_bundle_has_its_own_salt_nonce_and_id() -> None:
    again, sealed_again = encode_bundle(KEY, "hall-01", ITEMS)
    assert (again.salt, again.nonce, again.bundle_id) != (HEADER.salt, HEADER.nonce,
                                                          HEADER.bundle_id)
    assert sealed_again != SEALED


def test_an_empty_bundle_round_trips() -> None:
    header, sealed = encode_bundle(KEY, "hall-01", [])
    assert open_bundle(sealed, KEY).lines == [] and header.count == 0


@settings(max_examples=400, deadline=None)
@given(position=st.integers(min_value=0, max_value=len(SEALED) - 1),
       flip=st.integers(min_value=1, max_value=255))
def test_any_single_byte_change_anywhere_is_refused(position: int, flip: int) -> None:
    changed = bytearray(SEALED)
    changed[position] ^= flip
    with pytest.raises(BundleError):
        open_bundle(bytes(changed), KEY)


def test_every_position_is_covered_by_the_tag() -> None:
    # Exhaustive companion of the property above: each byte, two different flips.
    for position in range(len(SEALED)):
        for flip in (0x01, 0x80):
            changed = bytearray(SEALED)
            changed[position] ^= flip
            with pytest.raises(BundleError):
                open_bundle(bytes(changed), KEY)


def test_another_centrals_key_is_refused_with_the_plain_message() -> None:
    with pytest.raises(BundleDamaged) as caught:
        open_bundle(SEALED, OTHER_KEY)
    assert str(caught.value) == DAMAGED


def test_a_header_rewritten_to_another_kiosk_is_refused() -> None:
    forged = SEALED.replace(b'"kiosk_id":"hall-01"', b'"kiosk_id":"hall-02"')
    assert read_header(forged)[0].kiosk_id == "hall-02"  # readable, but not authentic
    with pytest.raises(BundleDamaged):
        open_bundle(forged, KEY)


def test_every_truncation_is_refused_and_a_cut_body_is_called_incomplete() -> None:
    _, start = read_header(SEALED)
    for length in range(len(SEALED)):
        with pytest.raises(BundleError):
            open_bundle(SEALED[:length], KEY)
    with pytest.raises(BundleTruncated, match=r"incomplete \(\d+ of \d+ bytes\)"):
        open_bundle(SEALED[: start + 10], KEY)


def test_extra_bytes_after_the_bundle_are_refused() -> None:
    with pytest.raises(BundleDamaged):
        open_bundle(SEALED + b"\0", KEY)


def test_other_files_are_not_bundles() -> None:
    for data in (b"PK\x03\x04 a zip file", b"TKA1...", encode_ack(KEY, Ack("hall-01", "b", "t",
                                                                        []))):
        with pytest.raises(NotABundle):
            read_header(data)


def test_a_newer_format_version_says_so() -> None:
    header = BundleHeader("hall-01", "b", "2024-05-01T00:00:00+00:00", 0, b"s" * 16, b"n" * 12,
                          16, version=2).to_bytes()
    data = b"TKB1" + len(header).to_bytes(4, "big") + header + b"x" * 16
    with pytest.raises(BundleError, match="format version 2"):
        read_header(data)


def test_a_header_naming_a_strange_kiosk_id_is_refused_before_it_is_printed() -> None:
    forged = SEALED.replace(b'"kiosk_id":"hall-01"', b'"kiosk_id":"\\n!x-01"')
    with pytest.raises(BundleDamaged):
        read_header(forged)


def test_an_unreadable_record_is_rejected_alone_without_quoting_answers() -> None:
    good = parse_item(ITEMS[0].model_dump_json())
    bad = parse_item(json.dumps({**ITEMS[1].model_dump(), "answers": {"name": ["王秀英"]}}))
    assert good == ITEMS[0]
    assert isinstance(bad, ItemResult) and bad.status == "rejected" and bad.id == ITEMS[1].id
    assert bad.reason and bad.reason.startswith("malformed application: answers.name")
    assert "王秀英" not in bad.reason


# -- acknowledgements -------------------------------------------------------------------------

ACK = Ack("hall-01", HEADER.bundle_id, "2024-05-02T08:00:00+00:00", [
    ItemResult(id=ITEMS[0].id, status="accepted", received_at="2024-05-02T08:00:00.000+00:00"),
    ItemResult(id=ITEMS[1].id, status="rejected", reason="invalid answers — phone: not right")])
ACK_BYTES = encode_ack(KEY, ACK)


def test_ack_round_trips_and_stays_readable_json() -> None:
    assert verify_ack(ACK_BYTES, KEY) == ACK
    doc = json.loads(ACK_BYTES)
    assert doc["bundle_id"] == HEADER.bundle_id and doc["kiosk_id"] == "hall-01"


def test_ack_with_another_key_is_refused() -> None:
    with pytest.raises(AckDamaged):
        verify_ack(ACK_BYTES, OTHER_KEY)


@settings(max_examples=400, deadline=None)
@given(position=st.integers(min_value=0, max_value=len(ACK_BYTES) - 1),
       flip=st.integers(min_value=1, max_value=255))
def test_any_change_to_the_acks_content_is_refused(position: int, flip: int) -> None:
    changed = bytearray(ACK_BYTES)
    changed[position] ^= flip
    try:
        same_content = json.loads(bytes(changed)) == json.loads(ACK_BYTES)
    except ValueError:
        same_content = False
    if same_content:  # only layout whitespace changed; the MAC covers the content
        assert verify_ack(bytes(changed), KEY) == ACK
    else:
        with pytest.raises(AckDamaged):
            verify_ack(bytes(changed), KEY)


def test_an_added_field_breaks_the_ack() -> None:
    doc = json.loads(ACK_BYTES)
    doc["results"][1]["status"] = "accepted"
    with pytest.raises(AckDamaged):
        verify_ack(json.dumps(doc).encode(), KEY)
    doc = json.loads(ACK_BYTES)
    doc["extra"] = 1
    with pytest.raises(AckDamaged):
        verify_ack(json.dumps(doc).encode(), KEY)


# -- files --------------------------------------------------------------------------------------

def test_write_atomically_leaves_nothing_behind_when_the_write_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / HEADER.file_name

    def pulled_out(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", pulled_out)
    with pytest.raises(OSError):
        write_atomically(target, SEALED)
    assert list(tmp_path.iterdir()) == []


def test_write_atomically_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "x.ack"
    write_atomically(target, b"old")
    write_atomically(target, ACK_BYTES)
    assert target.read_bytes() == ACK_BYTES and [p.name for p in tmp_path.iterdir()] == ["x.ack"]


def test_ack_path_defaults_next_to_the_bundle(tmp_path: Path) -> None:
    assert bundle.ack_path_for(tmp_path / "a.tkb") == tmp_path / "a.ack"
    assert bundle.ack_path_for(tmp_path / "a.tkb", tmp_path / "acks") == tmp_path / "acks/a.ack"


# -- central import, without the CLI ------------------------------------------------------------

@pytest.fixture
def storage(tmp_path: Path) -> Iterator[CentralStorage]:
    opened = CentralStorage(tmp_path / "central" / "central.sqlite3")
    yield opened
    opened.close()


def test_import_in_chunks_reports_progress_and_keeps_bundle_order(
        tmp_path: Path, storage: CentralStorage, monkeypatch: pytest.MonkeyPatch) -> None:
    key = derive_bundle_key(storage.add_kiosk("hall-01"))
    items = [payload(tracking_number=f"{n:012d}") for n in range(5)]
    lines = [i.model_dump_json() for i in items]
    lines[2] = json.dumps({**items[2].model_dump(), "answers": {"x": [1]}})  # unreadable record
    monkeypatch.setattr("kiosk.central.bundle_import.CHUNK", 2)
    header, sealed = encode_bundle(key, "hall-01", items)
    # Re-seal with the odd line: encode_bundle only writes valid payloads.
    plaintext = "\n".join(lines).encode()
    sealed = _reseal(key, header, plaintext)
    path = tmp_path / header.file_name
    path.write_bytes(sealed)
    seen: list[tuple[int, int]] = []
    report = import_bundle(storage, path, None, progress=lambda d, t: seen.append((d, t)))
    assert [r.id for r in report.results] == [i.id for i in items]
    assert [r.status for r in report.results] == ["accepted"] * 2 + ["rejected"] + ["accepted"] * 2
    assert seen == [(2, 5), (4, 5), (5, 5)]
    assert storage.count_applications() == 4
    assert verify_ack(report.ack_path.read_bytes(), key).results == report.results


def _reseal(key: bytes, header: BundleHeader, plaintext: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    fresh = BundleHeader(header.kiosk_id, header.bundle_id, header.created_at, header.count,
                         header.salt, header.nonce, len(plaintext) + 16)
    raw = fresh.to_bytes()
    aad = b"TKB1" + len(raw).to_bytes(4, "big") + raw
    return aad + AESGCM(bundle._bundle_key(key, fresh.salt)).encrypt(fresh.nonce, plaintext, aad)


def test_unknown_kiosk_imports_nothing_and_writes_no_ack(tmp_path: Path,
                                                         storage: CentralStorage) -> None:
    path = tmp_path / HEADER.file_name
    path.write_bytes(SEALED)
    with pytest.raises(UnknownKiosk, match="from kiosk hall-01, which is not registered"):
        import_bundle(storage, path, None)
    assert storage.count_applications() == 0 and list(tmp_path.glob("*.ack")) == []
