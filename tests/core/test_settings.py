from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.errors import ConfigError
from kiosk.settings import Settings


def test_defaults_then_set_values_persist(data_dir: Path) -> None:
    settings = Settings.load(data_dir)
    assert settings.get("ui.language") == "zh_CN"
    assert settings.get("sync.batch_size") == 50
    settings.set("central.url", "https://county.example/kiosk/")
    settings.set("sync.batch_size", "20")
    again = Settings.load(data_dir)
    assert again.get("central.url") == "https://county.example/kiosk"
    assert again.get("sync.batch_size") == 20
    assert "ui" not in (data_dir / "config.toml").read_text()  # defaults are not written


@pytest.mark.parametrize(("key", "value", "message"), [
    ("sync.batch_size", "0", "greater than 0"),
    ("sync.interval_seconds", "soon", "not valid"),
    ("ui.language", "fr", "zh_CN or en"),
    ("central.url", "county.example", "http"),
])
def test_bad_values_are_refused_with_the_reason(data_dir: Path, key: str, value: str,
                                                message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.load(data_dir).set(key, value)
    assert not (data_dir / "config.toml").exists()


def test_damaged_file_names_itself_and_says_what_to_do(data_dir: Path) -> None:
    (data_dir / "config.toml").write_bytes(b"\xff\xfe[central")
    with pytest.raises(ConfigError, match=r"config.toml is damaged.*kiosk config set"):
        Settings.load(data_dir)


def test_unknown_key_in_file_is_reported(data_dir: Path) -> None:
    (data_dir / "config.toml").write_text("[central]\nulr = 'http://x'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown setting central\.ulr"):
        Settings.load(data_dir)


def test_session_defaults_for_accessibility(data_dir: Path) -> None:
    settings = Settings.load(data_dir)
    assert settings.get("ui.idle_timeout_seconds") == 90.0
    assert settings.get("ui.idle_warning_seconds") >= 20
    assert settings.get("speech.private_listening") is False
    settings.set("speech.private_listening", "yes")
    assert Settings.load(data_dir).get("speech.private_listening") is True
    with pytest.raises(ConfigError, match="at least 20"):
        settings.set("ui.idle_warning_seconds", "5")
    with pytest.raises(ConfigError, match="one of"):
        settings.set("ui.theme", "pink")
