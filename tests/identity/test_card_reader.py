"""The serial ID card reader through real pyserial, against a simulator paced at the baud rate."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.identity import card_errors as errors
from kiosk.identity.card_fields import CardFields
from kiosk.identity.card_reader import CardReader
from kiosk.identity.keyboard_reader import IdBurst
from tests.helpers.card_reader_sim import Card, SimulatedReader

TODAY = dt.date(2026, 12, 4)
NUMBER = "11010519491231002X"


def read(sim: SimulatedReader, wait: float = 2.0, answer_timeout: float = 0.5) -> CardFields:
    with sim, CardReader.open(sim.port) as reader:
        reader.answer_timeout = answer_timeout
        return reader.read_card(wait, TODAY)


def test_a_resident_card_is_read_field_by_field_and_the_photo_is_not_kept() -> None:
    sim = SimulatedReader(finds_before_card=2, junk_first=b"\x00\xff")
    fields = read(sim)
    assert fields == CardFields(
        name="王秀英", sex="female", ethnicity="汉族", birth_date=dt.date(1949, 12, 31),
        address="河北省保定市清苑区东闾乡东闾村123号", id_number=NUMBER,
        issuing_authority="保定市公安局清苑分局", valid_from=dt.date(2016, 1, 1),
        valid_until=None, card_type="resident")
    assert sim.commands == [b"\x20\x01"] * 3 + [b"\x20\x02", b"\x30\x01"]
    assert not hasattr(fields, "photo")


def test_a_dated_card_and_another_ethnic_group() -> None:
    fields = read(SimulatedReader(Card(ethnicity="05", sex="1", valid_until="20361231")))
    assert (fields.ethnicity, fields.sex, fields.valid_until) == ("维吾尔族", "male",
                                                                   dt.date(2036, 12, 31))


@pytest.mark.parametrize(("setup", "error"), [
    (dict(behaviour="bad_check"), errors.BadCheckByte),
    (dict(behaviour="partial"), errors.PartialFrame),
    (dict(behaviour="lifted"), errors.CardLifted),
    (dict(behaviour="slipped"), errors.CardLifted),
    (dict(behaviour="refuses"), errors.ReaderRefused),
    (dict(behaviour="no_card"), errors.NoCard),
    (dict(behaviour="vanish"), errors.ReaderGone),
    (dict(card=Card(valid_until="20261203")), errors.CardExpired),
    (dict(card=Card(type_letter="I")), errors.UnsupportedCard),
], ids=["bad_check", "partial", "lifted", "slipped", "refuses", "no_card", "vanish", "expired",
        "unsupported"])
def test_each_failure_is_its_own_plain_error_without_the_card_in_it(
        setup: dict[str, object], error: type[errors.CardReadError]) -> None:
    sim = SimulatedReader(**setup)  # type: ignore[arg-type]
    started = time.monotonic()
    with pytest.raises(errors.CardReadError) as caught:
        read(sim, wait=0.5)
    assert type(caught.value) is error
    assert time.monotonic() - started < 5  # bounded: a wait, then at most the answer times
    assert "王" not in str(caught.value) and NUMBER not in str(caught.value)
    if error is errors.ReaderGone:
        assert sim.vanished.is_set()


def test_a_port_that_does_not_exist_is_no_reader(tmp_path: Path) -> None:
    with pytest.raises(errors.NoReader, match="cannot open"):
        CardReader.open(str(tmp_path / "ttyUSB9"))


def test_a_silent_port_is_reported_not_waited_on_forever() -> None:
    sim = SimulatedReader()  # never started: nobody answers on this line
    try:
        with CardReader.open(sim.port) as reader, pytest.raises(errors.ReaderSilent):
            reader.answer_timeout = 0.3
            reader.read_card(5)
    finally:
        sim.__exit__()


def run_cli(data_dir: Path, sim: SimulatedReader, *extra: str) -> tuple[int, str]:
    with sim:
        result = CliRunner().invoke(main, ["--data-dir", str(data_dir), "reader", "test",
                                           "--port", sim.port, "--wait", "1", *extra])
    return result.exit_code, result.output


def test_cli_prints_the_fields_with_the_number_masked(data_dir: Path) -> None:
    code, out = run_cli(data_dir, SimulatedReader())
    assert code == 0, out
    assert "name: 王秀英" in out and "id_number: 1101**********002X" in out
    assert NUMBER not in out and "valid_until: 长期" in out
    log_text = logged(data_dir)
    assert "card read (type resident)" in log_text
    assert "王秀英" not in log_text and NUMBER not in log_text and "东闾" not in log_text


def logged(data_dir: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in data_dir.rglob("*.log*"))


def test_cli_json_has_the_documented_keys(data_dir: Path) -> None:
    code, out = run_cli(data_dir, SimulatedReader(), "--json")
    assert code == 0, out
    shown = json.loads(out)
    assert list(shown) == ["name", "sex", "ethnicity", "birth_date", "address", "id_number",
                           "issuing_authority", "valid_from", "valid_until", "card_type"]
    assert shown["id_number"] == "1101**********002X"
    assert (shown["birth_date"], shown["ethnicity"], shown["card_type"]) == (
        "1949-12-31", "汉族", "resident")


@pytest.mark.parametrize(("setup", "reason"), [
    (dict(behaviour="no_card"), "no_card"),
    (dict(behaviour="bad_check"), "bad_frame"),
    (dict(card=Card(valid_until="20200101")), "expired"),
    (dict(card=Card(type_letter="I")), "unsupported_card"),
    (dict(behaviour="vanish"), "no_reader"),
], ids=["no_card", "bad_frame", "expired", "unsupported_card", "no_reader"])
def test_cli_fails_with_one_plain_reason(data_dir: Path, setup: dict[str, object],
                                         reason: str) -> None:
    code, out = run_cli(data_dir, SimulatedReader(**setup), "--json")  # type: ignore[arg-type]
    assert code == 1
    assert json.loads(out)["reason"] == reason
    assert NUMBER not in out and "Traceback" not in out
    log_text = logged(data_dir)
    assert "reader test failed" in log_text
    assert "王秀英" not in log_text and NUMBER not in log_text


def test_cli_without_a_port_says_how_to_set_one(data_dir: Path) -> None:
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), "reader", "test", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["reason"] == "no_reader"
    assert "reader.port" in json.loads(result.output)["message"]


def test_reader_settings_are_declared(data_dir: Path) -> None:
    result = CliRunner().invoke(main, ["--data-dir", str(data_dir), "config", "show", "--json"])
    shown = json.loads(result.output)
    assert (shown["reader.kind"], shown["reader.port"], shown["reader.baud"]) == ("none", "",
                                                                                  115200)
    bad = CliRunner().invoke(main, ["--data-dir", str(data_dir), "config", "set", "reader.kind",
                                    "bluetooth"])
    assert bad.exit_code == 1 and "none, serial, keyboard" in bad.output


def burst(text: str, start: float = 0.0, gap: float = 8.0) -> list[tuple[str, float]]:
    return [(key, start + i * gap) for i, key in enumerate(text)]


def feed_all(reader: IdBurst, keys: list[tuple[str, float]]) -> list[str]:
    return [got for key, at in keys if (got := reader.feed(key, at)) is not None]


def test_a_keyboard_reader_burst_gives_the_number() -> None:
    assert feed_all(IdBurst(), burst(NUMBER.lower() + "\r")) == [NUMBER]


@pytest.mark.parametrize("keys", [
    burst(NUMBER + "\r", gap=300.0),          # a person typing
    burst("1" + NUMBER + "\r"),               # 19 characters
    burst(NUMBER[:-1] + "5\r"),               # wrong check character
    burst(NUMBER[:17] + "\r"),                # too short
], ids=["typed", "too_long", "bad_check", "too_short"])
def test_what_is_not_a_card_burst_is_ignored(keys: list[tuple[str, float]]) -> None:
    assert feed_all(IdBurst(), keys) == []


def test_a_pause_before_the_burst_does_not_spoil_it() -> None:
    keys = burst("123") + burst(NUMBER + "\n", start=2000.0)
    assert feed_all(IdBurst(), keys) == [NUMBER]


def test_card_placed_to_fields_parsed_at_115200_baud_is_within_budget() -> None:
    sim = SimulatedReader()
    read(sim)
    assert sim.placed_at is not None
    elapsed = time.monotonic() - sim.placed_at
    print(f"card placed -> fields parsed at 115200 baud: {elapsed * 1000:.0f} ms")
    assert 0.1 < elapsed < 1.5  # the 1,295-byte read answer alone takes ~112 ms on the line
