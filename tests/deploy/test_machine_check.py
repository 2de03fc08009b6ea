"""`kiosk doctor`'s machine checks: real checks on this machine (fonts-noto-cjk and espeak-ng are
installed here), and the verdicts of the other cases through injected answers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from kiosk.deploy.machine_check import (
    Verdict,
    check_audio,
    check_clock,
    check_fonts,
    check_hall_time_zone,
    check_printer,
    check_screen,
    check_voice,
    machine_checks,
)
from kiosk.settings import Settings
from tests.helpers.kiosk_and_central import kiosk

CHECKS = ["fonts", "voice", "audio", "screen", "printer", "disk", "clock", "timezone"]


def test_real_fonts_and_voice_on_this_machine(data_dir: Path) -> None:
    fonts = check_fonts()
    assert fonts.verdict is Verdict.PASS and "CJK" in fonts.message
    voice = check_voice(Settings.load(data_dir))
    assert voice.verdict is Verdict.PASS and "cmn" in voice.message


def test_every_check_has_a_verdict_and_a_sentence(data_dir: Path) -> None:
    results = machine_checks(data_dir)
    assert [r.check for r in results] == CHECKS
    assert all(isinstance(r.verdict, Verdict) and len(r.message) > 10 for r in results)


def test_missing_fonts_voice_and_sound_fail_in_plain_words(data_dir: Path) -> None:
    settings = Settings.load(data_dir)
    assert check_fonts(lambda argv: (0, "")).verdict is Verdict.FAIL
    voice = check_voice(settings, lambda argv: (0, "Pty Language Age/Gender VoiceName\n"))
    assert voice.verdict is Verdict.FAIL and "Mandarin" in voice.message
    audio = check_audio(settings, lambda argv: (1, "aplay: no soundcards found..."))
    assert audio.verdict is Verdict.FAIL and "speaker" in audio.message
    cards = check_audio(settings, lambda argv: (0, "card 0: PCH [HDA Intel PCH], device 0: x")
                        if argv[0] == "aplay" else (127, ""))
    assert cards.verdict is Verdict.PASS


def test_screen_size_gives_button_size_in_millimetres(data_dir: Path) -> None:
    settings = Settings.load(data_dir)
    hd: dict[str, object] = {"screens": 1, "width_px": 1920, "height_px": 1080, "width_mm": 527.0}
    result = check_screen(settings, lambda: hd)
    assert result.verdict is Verdict.WARN and "26.4 mm" in result.message  # not measured yet
    settings.set("ui.screen_width_mm", "527")
    assert check_screen(settings, lambda: hd).verdict is Verdict.PASS
    settings.set("ui.screen_width_mm", "160")  # a small tablet at full HD: too small to touch
    assert check_screen(settings, lambda: hd).verdict is Verdict.FAIL
    settings.set("ui.screen_width_mm", "0")
    unknown = check_screen(settings, lambda: {**hd, "width_mm": 0})
    assert unknown.verdict is Verdict.WARN and "ui.screen_width_mm" in unknown.message
    assert check_screen(settings, lambda: None).verdict is Verdict.SKIPPED


def test_printer_follows_its_connection_setting(data_dir: Path) -> None:
    settings = Settings.load(data_dir)
    assert check_printer(settings).verdict is Verdict.SKIPPED
    settings.set("printer.connection", "network:127.0.0.1:1")
    assert check_printer(settings).verdict is Verdict.FAIL
    settings.set("printer.connection", "serial:/dev/no-such-tty:9600")
    assert "does not exist" in check_printer(settings).message


def test_clock_and_time_zone(data_dir: Path) -> None:
    dead_battery = check_clock(dt.datetime(2000, 1, 1, tzinfo=dt.UTC), lambda argv: (127, ""))
    assert dead_battery.verdict is Verdict.FAIL and "2000-01-01" in dead_battery.message
    settings = Settings.load(data_dir)
    china = check_hall_time_zone(settings, offset_at=lambda _at: dt.timedelta(hours=8))
    assert china.verdict is Verdict.PASS
    assert "Asia/Shanghai" in check_hall_time_zone(settings, offset_at=lambda _at: dt.timedelta(0)
                                                   ).message


def test_doctor_json_has_central_steps_and_machine_checks(data_dir: Path) -> None:
    result = kiosk(data_dir, "doctor", "--json")
    report = json.loads(result.stdout)
    assert report["steps"][0]["step"] == "address"
    assert [c["check"] for c in report["machine"]] == CHECKS
    assert {c["verdict"] for c in report["machine"]} <= {"pass", "warn", "fail", "skipped"}
    text = kiosk(data_dir, "doctor").stdout
    assert "this machine:" in text and "[ok  ] fonts" in text and "[ok  ] voice" in text
