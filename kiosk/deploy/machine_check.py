"""The machine check of `kiosk doctor`: is this computer fit to be a kiosk today?

Chinese fonts, the Mandarin voice, a sound output, the screen and its physical size (so the
theme's 96 px buttons really are finger-sized), the receipt printer, free disk, the clock and the
time zone. Each check gives a verdict (pass / warn / fail / skipped) and one plain sentence saying
what was found and, if it is not right, what to do. Nothing here changes the machine.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import ConfigError
from kiosk.printing.connections import (
    NetworkConnection,
    SerialConnection,
    UsbConnection,
    parse_connection,
)
from kiosk.settings import Settings
from kiosk.store.disk_guard import DiskLevel, check_disk
from kiosk.verdict import Verdict

TARGET_PX = 96               # the theme's button and key height (kiosk/ui/look/theme.py)
MIN_TARGET_MM, GOOD_TARGET_MM = 9.0, 12.0   # ISO 9241-9 asks ≥ 9.5 mm; older hands want more
EARLIEST_PLAUSIBLE_YEAR = 2025
Runner = Callable[[list[str]], tuple[int, str]]


@dataclass(frozen=True)
class CheckResult:
    check: str      # fonts | voice | audio | screen | printer | disk | clock | timezone
    verdict: Verdict
    message: str
    details: Mapping[str, object] | None = None   # extra JSON, e.g. the voice per language

    def as_dict(self) -> dict[str, object]:
        found: dict[str, object] = {"check": self.check, "verdict": self.verdict.value,
                                    "message": self.message}
        return {**found, **(self.details or {})}


def run_command(argv: list[str], timeout: float = 15.0) -> tuple[int, str]:
    """(exit status, stdout+stderr); 127 when the program is not installed."""
    if shutil.which(argv[0]) is None:
        return 127, f"{argv[0]} is not installed"
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,  # noqa: S603
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 126, str(exc)
    return done.returncode, (done.stdout or "") + (done.stderr or "")


def check_fonts(run: Runner = run_command) -> CheckResult:
    status, out = run(["fc-list", ":lang=zh", "family"])
    if status == 127:
        if sys.platform == "win32":
            fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
            if any((fonts / name).exists() for name in ("msyh.ttc", "simhei.ttf", "simsun.ttc")):
                return CheckResult("fonts", Verdict.PASS, "Chinese fonts found (Microsoft YaHei "
                                   "or SimHei/SimSun)")
            return CheckResult("fonts", Verdict.FAIL, "no Chinese font found; install Microsoft "
                               "YaHei or Noto Sans CJK SC")
        return CheckResult("fonts", Verdict.WARN, "cannot list fonts (fontconfig's fc-list is "
                           "missing); install fontconfig and fonts-noto-cjk")
    families = sorted({f.split(",")[0].strip() for f in out.splitlines() if f.strip()})
    if not families:
        return CheckResult("fonts", Verdict.FAIL, "no font can show Chinese: characters would "
                           "appear as boxes; install fonts-noto-cjk (UOS/Kylin: "
                           "fonts-noto-cjk or the system's 思源黑体)")
    preferred = [f for f in families if "Sans CJK SC" in f or "Source Han Sans" in f]
    shown = ", ".join((preferred or families)[:3])
    return CheckResult("fonts", Verdict.PASS, f"{len(families)} Chinese font families, e.g. "
                       f"{shown}")


# Read by the chosen voice in `kiosk doctor`: a switch to another language, "(en)", means the
# voice reads Chinese through its English voice (espeak-ng 1.51's cmn does; docs/speech.md).
VOICE_SAMPLE = "您好，请选择您要办的事。"
_LANGUAGE_SWITCH = re.compile(r"\([a-z]{2,3}(?:-[a-z0-9]+)*\)")   # "(en)" in espeak-ng -x


def voices_in_use(run: Runner = run_command) -> dict[str, dict[str, object]] | None:
    """{language: {voice, voice_id, name, problem}} as the speech worker chooses them; None when
    the worker cannot say (no Python engine module, a fake runner)."""
    status, out = run([sys.executable, "-m", "kiosk.speech.worker", "--list-voices"])
    try:
        found = json.loads(out.strip().splitlines()[-1]) if status == 0 else None
    except (ValueError, IndexError):
        return None
    if not isinstance(found, dict) or found.get("engine_problem"):
        return None
    voices = found.get("voices")
    return voices if isinstance(voices, dict) else None


def check_voice(settings: Settings, run: Runner = run_command) -> CheckResult:
    if not settings.get("speech.enabled"):
        return CheckResult("voice", Verdict.SKIPPED, "speech is switched off (speech.enabled)")
    in_use = voices_in_use(run)
    if in_use is not None and all(v.get("voice_id") and not v.get("problem")
                                  for v in in_use.values()):
        return _check_chosen_voices(in_use, run)
    problems = _voice_problems(in_use) or "the kiosk's speech engine (pyttsx3 with espeak-ng) "\
        "does not start"
    status, out = run(["espeak-ng", "--voices=cmn"])
    if status == 127:
        if sys.platform == "win32" and in_use is None:
            return CheckResult("voice", Verdict.SKIPPED, "Windows speaks with its own voices; "
                               "see the technician panel's health page")
        if sys.platform == "win32":
            return CheckResult("voice", Verdict.FAIL, problems, {"voices": in_use})
        return CheckResult("voice", Verdict.FAIL, "espeak-ng is not installed: nothing can be "
                           "spoken; install espeak-ng")
    if status != 0 or not any(line.split()[1:2] == ["cmn"] for line in out.splitlines()):
        return CheckResult("voice", Verdict.FAIL, "espeak-ng has no Mandarin voice (cmn); "
                           "install espeak-ng-data or the full espeak-ng package")
    return CheckResult("voice", Verdict.FAIL, f"espeak-ng has the Mandarin voice cmn, but "
                       f"{problems}; reinstall the kiosk (scripts/demo.sh)",
                       {"voices": in_use} if in_use else None)


def _voice_problems(in_use: dict[str, dict[str, object]] | None) -> str:
    return "; ".join(str(v["problem"]) for v in (in_use or {}).values() if v.get("problem"))


def _check_chosen_voices(in_use: dict[str, dict[str, object]], run: Runner) -> CheckResult:
    shown = "; ".join(f"{language}: {v['voice']} ({v.get('name') or v['voice_id']})"
                      for language, v in in_use.items())
    details = {"voices": in_use}
    mandarin = str(in_use.get("zh_CN", {}).get("voice") or "")
    status, out = run(["espeak-ng", "-v", mandarin, "-q", "-x", VOICE_SAMPLE])
    if status == 0 and _LANGUAGE_SWITCH.search(out):
        return CheckResult("voice", Verdict.FAIL, f"{shown}: the Mandarin voice {mandarin} reads "
                           f"Chinese through another language ({out.strip()[:40]}…); install "
                           "espeak-ng with its cmn-latn-pinyin voice", details)
    return CheckResult("voice", Verdict.PASS, f"speaking {shown}", details)


def check_audio(settings: Settings, run: Runner = run_command) -> CheckResult:
    if sys.platform == "win32":
        return CheckResult("audio", Verdict.SKIPPED, "not checked on Windows; play a test sound")
    status, out = run(["pactl", "list", "short", "sinks"])
    sinks = [ln for ln in out.splitlines() if ln.strip()] if status == 0 else []
    if sinks and not all("auto_null" in ln for ln in sinks):
        return CheckResult("audio", Verdict.PASS, f"{len(sinks)} sound output(s) "
                           f"(PulseAudio/PipeWire), e.g. {sinks[0].split()[1]}")
    status, out = run(["aplay", "-l"])
    cards = [ln for ln in out.splitlines() if ln.startswith("card ")] if status == 0 else []
    if cards:
        return CheckResult("audio", Verdict.PASS, f"{len(cards)} sound card(s): "
                           f"{cards[0].split(':', 1)[1].strip()[:60]}")
    verdict = Verdict.FAIL if settings.get("speech.enabled") else Verdict.WARN
    if status == 127:
        return CheckResult("audio", verdict, "cannot list sound cards (aplay missing); install "
                           "alsa-utils")
    said = [line.strip() for line in out.splitlines() if line.strip()]
    detail = f" (aplay -l: {said[-1][:120]})" if said else ""   # the detail is for technicians
    return CheckResult("audio", verdict, "no sound card or speaker found: residents will not "
                       f"hear anything; plug in the speakers and check the volume{detail}")


def probe_screen() -> dict[str, object] | None:
    """Ask Qt, in a child process (Qt stays in kiosk/ui); None without a screen."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        return None
    try:
        done = subprocess.run([sys.executable, "-m", "kiosk.ui.screen_probe"],
                              capture_output=True, text=True, timeout=30, check=False)
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))
    except (OSError, subprocess.TimeoutExpired, ValueError, IndexError):
        return None


def check_screen(settings: Settings, probe: Callable[[], dict[str, object] | None] = probe_screen
                 ) -> CheckResult:
    found = probe()
    if not found or not found.get("screens"):
        return CheckResult("screen", Verdict.SKIPPED, "no screen here (run `kiosk doctor` on "
                           "the kiosk's own desktop to check the screen)")
    width_px, height_px = int(str(found["width_px"])), int(str(found["height_px"]))
    reported_mm = float(str(found.get("width_mm") or 0))
    set_mm = float(settings.get("ui.screen_width_mm") or 0)
    size = f"{width_px}×{height_px} px"
    notes = []
    if width_px < 1280 or height_px < 720:
        notes.append("the screen is smaller than 1280×720, so pages will be crowded")
    if set_mm:
        width_mm, source = set_mm, "measured (ui.screen_width_mm)"
        if reported_mm and abs(reported_mm - set_mm) / set_mm > 0.1:
            notes.append(f"the screen reports {reported_mm:.0f} mm wide; the measured "
                         f"{set_mm:.0f} mm is used")
    elif 150 <= reported_mm <= 3000:
        width_mm, source = reported_mm, "as the screen reports it"
        notes.append("measure the picture's width with a ruler and set ui.screen_width_mm to "
                     "be sure")
    else:
        return CheckResult("screen", Verdict.WARN, f"{size}; the screen does not say its "
                           "physical size: measure the picture's width in mm and run `kiosk "
                           "config set ui.screen_width_mm WIDTH`")
    target_mm = TARGET_PX * width_mm / width_px
    text = f"{size}, {width_mm:.0f} mm wide {source}: buttons are {target_mm:.1f} mm tall"
    if target_mm < MIN_TARGET_MM:
        return CheckResult("screen", Verdict.FAIL, text + f" (under {MIN_TARGET_MM:g} mm: too "
                           "small to touch; use a bigger screen or a lower resolution)")
    verdict = Verdict.WARN if target_mm < GOOD_TARGET_MM or notes else Verdict.PASS
    if target_mm < GOOD_TARGET_MM:
        notes.insert(0, f"under {GOOD_TARGET_MM:g} mm is hard for older hands")
    return CheckResult("screen", verdict, text + ("; " + "; ".join(notes) if notes else ""))


def check_printer(settings: Settings) -> CheckResult:
    try:
        connection = parse_connection(settings.get("printer.connection"))
    except ConfigError as exc:
        return CheckResult("printer", Verdict.FAIL, str(exc))
    if connection is None:
        return CheckResult("printer", Verdict.SKIPPED, "no receipt printer configured "
                           "(printer.connection); residents see their receipt on screen")
    if isinstance(connection, NetworkConnection):
        try:
            with socket.create_connection((connection.host, connection.port), timeout=3):
                pass
        except OSError as exc:
            return CheckResult("printer", Verdict.FAIL, f"the printer at {connection} does not "
                               f"answer ({exc.strerror or 'timed out'}); is it on and cabled?")
        return CheckResult("printer", Verdict.PASS, f"the printer at {connection} answers")
    if isinstance(connection, SerialConnection):
        device = Path(connection.device)
        if not device.exists():
            return CheckResult("printer", Verdict.FAIL, f"{device} does not exist; is the "
                               "printer plugged in?")
        if not os.access(device, os.R_OK | os.W_OK):
            return CheckResult("printer", Verdict.FAIL, f"no permission to use {device}; add "
                               "the kiosk user to the dialout group")
        return CheckResult("printer", Verdict.PASS, f"{device} is there")
    assert isinstance(connection, UsbConnection)  # noqa: S101 - the three kinds are exhaustive
    return _check_usb(connection)


def _check_usb(connection: UsbConnection, root: Path = Path("/sys/bus/usb/devices")
               ) -> CheckResult:
    if not root.is_dir():
        return CheckResult("printer", Verdict.SKIPPED, f"cannot list USB devices here to find "
                           f"{connection}; print a test receipt from the technician panel")
    wanted = (f"{connection.vendor_id:04x}", f"{connection.product_id:04x}")
    for device in root.iterdir():
        try:
            ids = ((device / "idVendor").read_text().strip(),
                   (device / "idProduct").read_text().strip())
        except OSError:
            continue
        if ids == wanted:
            return CheckResult("printer", Verdict.PASS, f"the USB printer {connection} is "
                               "plugged in")
    return CheckResult("printer", Verdict.FAIL, f"no USB device {connection} found; is the "
                       "printer plugged in and switched on?")


def check_free_disk(data_dir: Path) -> CheckResult:
    result = check_disk(data_dir)
    verdict = {DiskLevel.OK: Verdict.PASS, DiskLevel.LOW: Verdict.WARN,
               DiskLevel.FULL: Verdict.FAIL}[result.level]
    return CheckResult("disk", verdict, result.describe())


def check_clock(now: dt.datetime | None = None, run: Runner = run_command) -> CheckResult:
    now = now or dt.datetime.now(dt.UTC)
    if now.year < EARLIEST_PLAUSIBLE_YEAR:
        return CheckResult("clock", Verdict.FAIL, f"the clock says {now:%Y-%m-%d}: the date is "
                           "wrong (a flat clock battery?); set the date and time")
    status, out = run(["timedatectl", "show", "-p", "NTPSynchronized", "--value"])
    if status == 0 and out.strip() == "no":
        return CheckResult("clock", Verdict.WARN, f"{now:%Y-%m-%d %H:%M} UTC, but not kept "
                           "right by network time (NTP); `kiosk doctor` with a central also "
                           "compares clocks")
    return CheckResult("clock", Verdict.PASS, f"{now:%Y-%m-%d %H:%M} UTC is plausible")


def check_hall_time_zone(settings: Settings, now: dt.datetime | None = None,
                         offset_at: Callable[[dt.datetime], dt.timedelta | None] | None = None,
                         system_name: Callable[[], str] | None = None) -> CheckResult:
    """The computer's zone against the hall's (hall.time_zone). Residents' times follow the
    hall's zone whatever the computer's, so a difference is a warning for whoever reads the
    computer's own clock (logs, the desktop), never wrong times on a screen or receipt."""
    from kiosk import hall_time

    hall = hall_time.HallTime.from_settings(settings)
    system = (system_name or hall_time.system_zone_name)()
    at = now or dt.datetime.now(dt.UTC)
    if hall_time.same_clock(hall.zone, at, offset_at or hall_time.system_offset):
        return CheckResult("timezone", Verdict.PASS, f"this computer's clock is set to {system}, "
                           f"the same time as the hall's {hall.name} (the hall.time_zone "
                           "setting)")
    return CheckResult("timezone", Verdict.WARN, f"this computer's clock is set to {system}; "
                       f"times for residents are shown in {hall.name} (the hall.time_zone "
                       "setting). Residents' screens and receipts are right either way; to make "
                       f"the computer's own clock agree: `timedatectl set-timezone {hall.name}`")


def machine_checks(data_dir: Path, run: Runner = run_command,
                   screen_probe: Callable[[], dict[str, object] | None] = probe_screen
                   ) -> list[CheckResult]:
    try:
        settings = Settings.load(data_dir)
    except ConfigError as exc:
        return [CheckResult("settings", Verdict.FAIL, str(exc))]
    return [check_fonts(run), check_voice(settings, run), check_audio(settings, run),
            check_screen(settings, screen_probe), check_printer(settings),
            check_free_disk(data_dir), check_clock(run=run), check_hall_time_zone(settings)]
