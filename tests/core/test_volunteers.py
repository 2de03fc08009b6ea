from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.errors import ConfigError
from kiosk.privacy.volunteers import VolunteerRegistry


def test_badge_codes_are_stored_hashed_and_sign_in(data_dir: Path) -> None:
    registry = VolunteerRegistry(data_dir)
    code = registry.add("li-ming", "李明")
    assert len(code) == 8 and code.isdigit()
    assert code not in (data_dir / "volunteers.json").read_text(encoding="utf-8")
    volunteer = registry.sign_in(code)
    assert volunteer is not None and (volunteer.id, volunteer.name) == ("li-ming", "李明")
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    assert registry.sign_in(wrong) is None


def test_reissue_and_remove(data_dir: Path) -> None:
    registry = VolunteerRegistry(data_dir)
    old = registry.add("wang-fang", "王芳")
    new = registry.add("wang-fang", "王芳")
    assert registry.sign_in(old) is None or old == new
    assert registry.sign_in(new) is not None
    assert registry.remove("wang-fang") and registry.sign_in(new) is None
    assert not registry.remove("wang-fang")


def test_bad_id_is_refused(data_dir: Path) -> None:
    with pytest.raises(ConfigError):
        VolunteerRegistry(data_dir).add("Li Ming!", "李明")
