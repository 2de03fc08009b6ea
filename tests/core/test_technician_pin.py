from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kiosk.errors import ConfigError
from kiosk.privacy.technician_pin import LOCK_SECONDS, MAX_FAILURES, TechnicianPin


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def test_pin_is_stored_as_a_salted_slow_hash(data_dir: Path) -> None:
    pin = TechnicianPin(data_dir)
    assert not pin.is_set() and pin.check("1234").not_set
    pin.set_pin("482913")
    stored = (data_dir / "technician_pin.json").read_text()
    assert "482913" not in stored
    state = json.loads(stored)
    assert state["n"] >= 2**14 and len(bytes.fromhex(state["salt"])) == 16
    assert (data_dir / "technician_pin.json").stat().st_mode & 0o077 == 0
    assert pin.check("482913").ok and not pin.check("482914").ok
    other = TechnicianPin(data_dir.parent / "other")
    other.set_pin("482913")
    assert json.loads((data_dir.parent / "other" / "technician_pin.json").read_text())[
        "hash"] != state["hash"]  # salted: the same PIN hashes differently


def test_five_wrong_pins_lock_for_five_minutes_even_after_restart(data_dir: Path) -> None:
    clock = Clock()
    TechnicianPin(data_dir, clock).set_pin("2468")
    for attempt in range(1, MAX_FAILURES):
        assert TechnicianPin(data_dir, clock).check("0000").attempts_left == MAX_FAILURES - attempt
    locked = TechnicianPin(data_dir, clock).check("0000")
    assert locked.locked_for_seconds == LOCK_SECONDS
    assert not TechnicianPin(data_dir, clock).check("2468").ok  # even the right PIN waits
    clock.now += dt.timedelta(seconds=LOCK_SECONDS + 1)
    assert TechnicianPin(data_dir, clock).check("2468").ok


def test_wrong_pins_are_logged(data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    pin = TechnicianPin(data_dir)
    pin.set_pin("2468")
    with caplog.at_level("WARNING"):
        pin.check("1111")
    assert any("wrong technician PIN" in r.message for r in caplog.records)
    assert "1111" not in caplog.text


@pytest.mark.parametrize("bad", ["12", "123456789", "12a4", "１２３４"])
def test_pin_must_be_4_to_8_ascii_digits(data_dir: Path, bad: str) -> None:
    with pytest.raises(ConfigError):
        TechnicianPin(data_dir).set_pin(bad)


def test_set_pin_from_the_command_line(data_dir: Path) -> None:
    from tests.helpers.kiosk_and_central import kiosk

    kiosk(data_dir, "technician", "set-pin", "--pin-stdin", stdin="97531\n", check=True)
    assert TechnicianPin(data_dir).check("97531").ok
    bad = kiosk(data_dir, "technician", "set-pin", "--pin-stdin", stdin="12\n")
    assert bad.returncode == 1 and "4 to 8 digits" in bad.stderr
