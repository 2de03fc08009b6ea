"""The composition root of the kiosk UI: settings, catalog, store, sync bridge, window.

Start-up shows the home screen first and does the rest on the event loop's first turns
(`_AfterFirstFrame`): the database is opened (created, migrated) on its store thread, then the
sync bridge, the speech worker and the technician's hidden gate start. A database that cannot be
opened still ends in the plain start-up error screen, a moment after the home screen.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.deploy import crash_report
from kiosk.domain.active_catalog import load_active_catalog
from kiosk.errors import KioskError
from kiosk.hall_time import HallTime
from kiosk.i18n import DEFAULT_LANGUAGE, Translator
from kiosk.logs import enable_rotation
from kiosk.paths import database_path, ensure_data_dir
from kiosk.store.thread import with_store
from kiosk.ui.bridges.speech_bridge import SpeakerFactory, SpeechBridge
from kiosk.ui.features.volunteer import VolunteerAccess
from kiosk.ui.look.memory import release_freed_memory
from kiosk.ui.look.theme import FALLBACK_FAMILIES, STANDARD
from kiosk.ui.operations.saving import store_saver
from kiosk.ui.shell.context import ResidentDefaults
from kiosk.ui.shell.main_window import MainWindow

if TYPE_CHECKING:
    from kiosk.domain.catalog import Catalog
    from kiosk.speech.api import Speaker
    from kiosk.sync.status import SyncStatus
    from kiosk.ui.bridges.sync_bridge import RunnerFactory, SyncBridge

log = logging.getLogger(__name__)
SCREEN_SIZE = (1920, 1080)
EXIT_CRASHED = 70  # EX_SOFTWARE


@dataclass(frozen=True)
class KioskConfig:
    """The settings the window needs at start, read once from the settings file."""

    language: str = DEFAULT_LANGUAGE
    hall_name: str | None = None
    time_zone: str = "Asia/Shanghai"   # hall.time_zone: the zone of every time shown
    defaults: ResidentDefaults = field(default_factory=ResidentDefaults)
    speech_enabled: bool = True
    sync_in_ui: bool = True  # False when the kiosk-sync service sends (install-service)


def application() -> QApplication:
    """The one QApplication, with the kiosk's font (CJK first, then fallbacks)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    font = QFont()
    font.setFamilies(list(FALLBACK_FAMILIES))
    font.setPixelSize(STANDARD.body_px)
    app.setFont(font)
    return app


def load_config(data_dir: Path) -> KioskConfig:
    """Language and hall name from the settings file (defaults if settings are unavailable)."""
    try:
        from kiosk.settings import Settings
    except ImportError:  # pragma: no cover - settings.py ships with the core
        return KioskConfig()
    settings = Settings.load(data_dir)
    language = str(settings.get("ui.language") or DEFAULT_LANGUAGE)
    defaults = ResidentDefaults(
        language=language, theme=str(settings.get("ui.theme")),
        text_size=str(settings.get("ui.text_size")),
        private_listening=bool(settings.get("speech.private_listening")),
        idle_timeout_s=float(settings.get("ui.idle_timeout_seconds")),
        idle_warning_s=float(settings.get("ui.idle_warning_seconds")))
    return KioskConfig(language=language,
                       hall_name=str(settings.get("ui.hall_name") or "") or None,
                       time_zone=str(settings.get("hall.time_zone")),
                       defaults=defaults, speech_enabled=bool(settings.get("speech.enabled")),
                       sync_in_ui=bool(settings.get("sync.run_in_ui")))


def prepare(data_dir: Path) -> tuple[KioskConfig, Catalog]:
    """What the first screen needs and can fail on; raises KioskError. (The database is opened
    right after the first frame, see `_AfterFirstFrame`.)"""
    ensure_data_dir(data_dir)
    config = load_config(data_dir)
    catalog = load_active_catalog(data_dir)
    return config, catalog


def follow_catalog(window: MainWindow, data_dir: Path, status: SyncStatus) -> None:
    """When sync installed a newer catalog, hand it to the window (a few ms of TOML reading)."""
    if status.catalog_version and status.catalog_version != window.catalog.version:
        try:
            window.set_catalog(load_active_catalog(data_dir))
        except KioskError:
            log.exception("the new catalog could not be loaded; keeping the current one")


def show(window: QWidget, fullscreen: bool) -> None:
    if fullscreen:
        # Without a window manager (a bare X session on a kiosk, or Xvfb) a full-screen request
        # is not honoured, so cover the screen ourselves first.
        screen = window.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            window.setGeometry(screen.geometry())
        window.showFullScreen()
    else:
        window.resize(*SCREEN_SIZE)
        window.show()


@dataclass
class RunningKiosk:
    """What `start_kiosk` put on screen: the kiosk window, or the start-up error screen."""

    window: QWidget
    bridge: SyncBridge | None = None
    after_first_frame: _AfterFirstFrame | None = None
    _on_started: list[Callable[[], None]] = field(default_factory=list)

    def when_started(self, callback: Callable[[], None]) -> None:
        """`callback()` once the start after the first frame is complete (sync, speech and the
        gate up); at once if it is. Never, if the kiosk could not start."""
        if self.after_first_frame is None:
            if self.ok:
                callback()
        else:
            self._on_started.append(callback)

    def started(self) -> None:
        self.after_first_frame = None
        callbacks, self._on_started = self._on_started, []
        for callback in callbacks:
            callback()

    @property
    def ok(self) -> bool:
        return isinstance(self.window, MainWindow)

    def wake_sync(self) -> None:
        if self.bridge is not None:
            self.bridge.wake()

    def stop(self) -> None:
        if self.after_first_frame is not None:
            self.after_first_frame.cancel()
        if isinstance(self.window, MainWindow):
            self.window.shutdown()  # a save in progress finishes first
        if self.bridge is not None:
            self.bridge.stop()
        self.window.close()

    def fail(self, message: str, kiosk_mode: bool, fullscreen: bool) -> None:
        """The database cannot be used: the plain start-up error replaces the window."""
        log.error("the kiosk cannot start: %s", message)
        self.stop()
        self.bridge, self.after_first_frame, self._on_started = None, None, []
        self.window = error_screen(message, kiosk_mode, fullscreen)


def error_screen(message: str, kiosk_mode: bool, fullscreen: bool) -> QWidget:
    from kiosk.ui.screens.startup_error import StartupErrorScreen

    screen = StartupErrorScreen(message, Translator(DEFAULT_LANGUAGE))
    if kiosk_mode:
        from kiosk.ui.shell.kiosk_mode import apply_kiosk_mode

        apply_kiosk_mode(screen)
    else:
        show(screen, fullscreen)
    return screen


def default_speaker_factory(enabled: bool) -> SpeakerFactory:
    def make(on_event: Callable[..., None]) -> Speaker:
        from kiosk.speech.factory import create_speaker

        return create_speaker(on_event, enabled=enabled)

    return make


def volunteer_recorder(db_path: Path) -> Callable[[str, str | None], int]:
    """Records a volunteer call from the calling (worker) thread, on the store thread."""

    def record(screen: str, service_id: str | None) -> int:
        return with_store(db_path, lambda store: store.record_volunteer_request(screen, service_id))

    return record


class _AfterFirstFrame:
    """The start-up work that waits for the home screen to be up, one step per loop turn so a
    touch in between is still answered: open the database, start sync, speech, the gate."""

    def __init__(self, running: RunningKiosk, window: MainWindow, data_dir: Path,
                 config: KioskConfig, runner_factory: RunnerFactory | None,
                 kiosk_mode: bool, fullscreen: bool) -> None:
        self.running, self.window, self.data_dir, self.config = running, window, data_dir, config
        self.runner_factory = runner_factory
        self.kiosk_mode, self.fullscreen = kiosk_mode, fullscreen
        self.cancelled = False
        QTimer.singleShot(0, window, self._open_store)

    def cancel(self) -> None:
        self.cancelled = True

    def _later(self, step: Callable[[], None]) -> None:
        QTimer.singleShot(0, self.window, lambda: None if self.cancelled else step())

    def _open_store(self) -> None:
        if self.cancelled:
            return
        # Creates and migrates the database once, on the thread that keeps it open for saves.
        self.window.tasks.run(lambda: with_store(database_path(self.data_dir), lambda _s: None),
                              lambda _none: self._later(self._start_sync), self._store_failed)

    def _store_failed(self, error: Exception) -> None:
        if self.cancelled:
            return
        if not isinstance(error, KioskError):
            raise error
        self.running.fail(str(error), self.kiosk_mode, self.fullscreen)

    def _start_sync(self) -> None:
        from kiosk.ui.bridges.sync_bridge import SyncBridge

        skip_httpx_command_line()

        factory = self.runner_factory
        if factory is None and not self.config.sync_in_ui:  # the kiosk-sync service sends
            from kiosk.sync.service import ServiceStatusWatcher

            factory = ServiceStatusWatcher
        window, data_dir = self.window, self.data_dir
        bridge = self.running.bridge = SyncBridge(data_dir, factory)
        bridge.status_changed.connect(window.set_sync_status)
        bridge.status_changed.connect(lambda status: follow_catalog(window, data_dir, status))
        bridge.start()
        self._later(self._start_speech)

    def _start_speech(self) -> None:
        self.window.speech.start()
        self._later(self._install_gate)

    def _install_gate(self) -> None:
        from kiosk.ui.technician.access import install_technician_access

        install_technician_access(self.window, data_dir=self.data_dir, tasks=self.window.tasks,
                                  language=self.config.language,
                                  speech_status=self.window.speech.status,
                                  wake_sync=self.running.wake_sync)
        self.running.started()
        log.info("kiosk started (pid %s, kiosk mode %s)", os.getpid(), self.kiosk_mode)
        self._later(self._tidy)

    def _tidy(self) -> None:
        enable_rotation()   # the log file was opened without it before the first frame
        # Start-up's garbage (module sources PySide6 read, parse trees) goes back to the system
        # before the kiosk waits for its first resident.
        release_freed_memory()


def skip_httpx_command_line() -> None:
    """`import httpx` also imports its command-line tool, and with it rich and pygments when they
    happen to be installed (~6 MiB, ~60 ms); the kiosk never runs it. A None entry makes that
    import fail, which httpx expects (it then offers a stub `main`)."""
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]


def start_kiosk(data_dir: Path, *, fullscreen: bool = True,
                runner_factory: RunnerFactory | None = None,
                speaker_factory: SpeakerFactory | None = None,
                kiosk_mode: bool = False) -> RunningKiosk:
    """Show the kiosk's home screen (or a plain start-up error); the caller runs the event loop,
    whose first turns finish the start (`_AfterFirstFrame`)."""
    application()
    try:
        config, catalog = prepare(data_dir)
    except KioskError as exc:
        log.error("the kiosk cannot start: %s", exc)
        return RunningKiosk(error_screen(str(exc), kiosk_mode, fullscreen))
    db_path = database_path(data_dir)
    speech = SpeechBridge(speaker_factory or default_speaker_factory(config.speech_enabled),
                          start=False)
    running: RunningKiosk
    window = MainWindow(catalog, store_saver(db_path),
                        defaults=config.defaults, hall_name=config.hall_name,
                        hall=HallTime.named(config.time_zone),
                        on_saved=lambda: running.wake_sync(), speech=speech,
                        record_volunteer=volunteer_recorder(db_path),
                        volunteers=VolunteerAccess.for_data_dir(data_dir), db_path=db_path,
                        defer_input_filters=True)
    running = RunningKiosk(window)
    # The key and scanner filters go on once the window is shown (before the event loop, so
    # before any input): building and showing it through them cost ~60 ms.
    if kiosk_mode:
        from kiosk.ui.shell.kiosk_mode import apply_kiosk_mode

        apply_kiosk_mode(window, before_guard=window.install_input_filters)
    else:
        show(window, fullscreen)
        window.install_input_filters()
    log.info("kiosk window shown (pid %s, kiosk mode %s)", os.getpid(), kiosk_mode)
    running.after_first_frame = _AfterFirstFrame(running, window, data_dir, config,
                                                 runner_factory, kiosk_mode, fullscreen)
    return running


def run_kiosk(data_dir: Path, *, fullscreen: bool = True,
              runner_factory: RunnerFactory | None = None,
              speaker_factory: SpeakerFactory | None = None, kiosk_mode: bool = False) -> int:
    """Run the kiosk until its window closes; returns the exit status (1 if it could not start,
    EXIT_CRASHED after an uncaught error: the watchdog then starts a fresh window)."""
    gc.disable()   # until the first frame is up: see kiosk.launcher.run
    try:
        app = application()
        # An error nobody caught is written down (no personal data) and ends this run, so the
        # resident gets a fresh screen from the watchdog rather than a half-broken one.
        reporter = crash_report.install(data_dir, "ui",
                                        on_uncaught=lambda _e: app.exit(EXIT_CRASHED))
        kiosk = start_kiosk(data_dir, fullscreen=fullscreen, runner_factory=runner_factory,
                            speaker_factory=speaker_factory, kiosk_mode=kiosk_mode)
    except BaseException:
        gc.enable()
        raise
    QTimer.singleShot(0, gc.enable)   # the loop's first turn: the window is shown
    try:
        status = app.exec()
    finally:
        gc.enable()   # in case the loop ended before its first turn
        kiosk.stop()
        reporter.close()
    return status if kiosk.ok else 1
